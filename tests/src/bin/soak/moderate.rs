//! Phases two and three: moderators publish every story in parallel, some two at once on one
//! story; then responders answer a share of them through the links they were emailed.

use std::time::Duration;

use futures::StreamExt;
use reqwest::StatusCode;
use serde_json::json;

use crate::Soak;
use crate::tell::Told;

/// One story in every twenty is published by two moderators at the same moment.
const RACE_EVERY: usize = 20;

/// Publishes each story; returns the ids published.
pub async fn publish_all(soak: &Soak, told: &[Told], moderators: usize) -> Vec<String> {
    let published = futures::stream::iter(told)
        .map(|story| async move {
            let tries = if story.index.is_multiple_of(RACE_EVERY) { 2 } else { 1 };
            let answers = futures::future::join_all((0..tries).map(|_| publish(soak, &story.id))).await;
            let wins = answers.iter().filter(|s| **s == Some(StatusCode::OK)).count();
            let lost = answers.iter().filter(|s| **s == Some(StatusCode::CONFLICT)).count();
            if tries == 2 {
                soak.counts.add("publish: races of two moderators", 1);
                if (wins, lost) == (1, 1) {
                    soak.counts.add("publish: races with one winner and one 409", 1);
                } else {
                    eprintln!("a race on {} ended {answers:?}", story.id);
                    soak.counts.add("FAULT publish: races without exactly one winner", 1);
                }
            } else if wins != 1 {
                eprintln!("publishing {} answered {answers:?}", story.id);
                soak.counts.add("FAULT publish: stories not published", 1);
            }
            (wins == 1).then(|| story.id.clone())
        })
        .buffer_unordered(moderators)
        .collect::<Vec<_>>()
        .await;
    published.into_iter().flatten().collect()
}

/// One moderator's publish of version 1, sent again on a 503 or a dropped connection.
async fn publish(soak: &Soak, id: &str) -> Option<StatusCode> {
    let route = "POST /admin/api/stories/{id}/publish";
    for _ in 0..20 {
        let started = std::time::Instant::now();
        let answer = soak
            .staff_client
            .post(format!("{}/admin/api/stories/{id}/publish", soak.url))
            .bearer_auth(&soak.moderator_token)
            .json(&json!({"version": 1}))
            .send()
            .await;
        match answer {
            Ok(response) => {
                let status = response.status();
                soak.answered(route, status, started);
                if status != StatusCode::SERVICE_UNAVAILABLE {
                    return Some(status);
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
            Err(_) => soak.latencies.record(route, 0, started.elapsed()),
        }
    }
    None
}

/// Answers `count` stories through responders' emailed links; returns (story id, answer) of
/// each answer published.
pub async fn answer_some(soak: &Soak, count: usize) -> Vec<(String, String)> {
    let links: Vec<String> = soak
        .stack
        .mailbox
        .emails()
        .into_iter()
        .filter(|e| e.subject.starts_with("A story about"))
        .filter_map(|e| {
            let text = e.text.unwrap_or_default();
            text.split_whitespace().find(|w| w.contains("/respond/")).map(str::to_owned)
        })
        .take(count)
        .collect();
    let answered = futures::stream::iter(links.into_iter().enumerate())
        .map(|(n, link)| async move {
            let body = format!("Thank you for telling us. We have shared this with the whole team (soak answer {n}).");
            let form = serde_html_form::to_string([("body", body.as_str()), ("change", "planned")]).expect("a form");
            let route = "POST /respond/{token}";
            let started = std::time::Instant::now();
            let response = soak
                .client()
                .post(&link)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(form)
                .send()
                .await
                .ok()?;
            soak.answered(route, response.status(), started);
            let Some(location) = response.headers().get("location").and_then(|l| l.to_str().ok()).map(str::to_owned)
            else {
                eprintln!("answering through {link} gave {}", response.status());
                soak.counts.add("FAULT answers: refused", 1);
                return None;
            };
            let id = location.strip_prefix("/stories/")?.split('#').next()?.to_owned();
            Some((id, body))
        })
        .buffer_unordered(10)
        .collect::<Vec<_>>()
        .await;
    answered.into_iter().flatten().collect()
}
