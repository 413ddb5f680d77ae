//! Phase one: stories told at once by many people, through the link's form, the general form
//! and the JSON route, a share of them sent again after a dropped connection.

use std::time::Duration;

use rand::RngExt;
use reqwest::{Client, StatusCode};
use serde_json::json;

use crate::Soak;

/// How a story is told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    LinkForm,
    GeneralForm,
    Json,
}

impl Route {
    fn of(index: usize) -> Route {
        [Route::LinkForm, Route::GeneralForm, Route::Json][index % 3]
    }

    fn label(self) -> &'static str {
        match self {
            Route::LinkForm => "POST /tell/{slug}",
            Route::GeneralForm => "POST /tell",
            Route::Json => "POST /api/stories",
        }
    }
}

/// A story as the soak told it, and the id it was given.
#[derive(Clone, Debug)]
pub struct Told {
    pub index: usize,
    pub id: String,
    pub route: Route,
    pub title: String,
    pub email: Option<String>,
    pub service: String,
}

/// Every fifth author leaves an email address, as a share of real ones do.
fn email_of(index: usize) -> Option<String> {
    index.is_multiple_of(5).then(|| format!("soak-author-{index}@example.org"))
}

pub fn title_of(run: &str, index: usize) -> String {
    format!("Soak {run} story {index}")
}

/// Tells story `index` until it is stored, resending after a dropped connection, a 503 or a
/// 429 with the same key, as a person pressing Send again (or an app's retry) does.
pub async fn tell(soak: &Soak, index: usize) -> Option<Told> {
    let route = Route::of(index);
    let service = match route {
        Route::LinkForm => soak.link_service.clone(),
        _ => soak.services[index % soak.services.len()].clone(),
    };
    let title = title_of(&soak.run, index);
    let body = format!("Story {index} of the soak: the staff were kind and told us what would happen next.");
    let email = email_of(index);
    let key = format!("{}{:016x}", soak.run, index);
    let client = &soak.clients[index % soak.clients.len()];
    let drop_first = rand::rng().random_bool(soak.settings.resend_share);
    for attempt in 0..40 {
        let timeout = if drop_first && attempt == 0 {
            // Gone before the answer: sometimes before the story is stored, sometimes after.
            Duration::from_millis(rand::rng().random_range(1..40))
        } else {
            Duration::from_secs(60)
        };
        let answer = send(soak, client, route, &title, &body, email.as_deref(), &service, &key, timeout).await;
        match answer {
            Err(_) => {
                soak.counts.add("tell: connections dropped, sent again", 1);
                continue;
            }
            Ok((StatusCode::CREATED | StatusCode::SEE_OTHER, Some(id))) => {
                return Some(Told { index, id, route, title, email, service });
            }
            Ok((StatusCode::SERVICE_UNAVAILABLE, kept)) => {
                soak.counts.add("tell: 503 answers, sent again", 1);
                if route != Route::Json && kept.is_none() {
                    soak.counts.add("FAULT tell: 503 pages that lost what was typed", 1);
                }
                tokio::time::sleep(Duration::from_millis(1000 + rand::rng().random_range(0..500))).await;
            }
            Ok((StatusCode::TOO_MANY_REQUESTS, _)) => {
                soak.counts.add("tell: 429 answers, sent again", 1);
                tokio::time::sleep(Duration::from_secs(2)).await;
            }
            Ok((status, _)) => {
                eprintln!("story {index} through {route:?}: unexpected {status}");
                soak.counts.add("FAULT tell: unexpected answers", 1);
                return None;
            }
        }
    }
    soak.counts.add("FAULT tell: stories given up after 40 tries", 1);
    None
}

/// One request; the story's id when it was stored, or (on a 503 page) the title if the page
/// kept it.
#[allow(clippy::too_many_arguments)]
async fn send(
    soak: &Soak,
    client: &Client,
    route: Route,
    title: &str,
    body: &str,
    email: Option<&str>,
    service: &str,
    key: &str,
    timeout: Duration,
) -> Result<(StatusCode, Option<String>), reqwest::Error> {
    let request = match route {
        Route::Json => client
            .post(format!("{}/api/stories", soak.url))
            .header("idempotency-key", key)
            .json(&json!({"title": title, "body": body, "when": "last_week", "author_role": "patient",
                "author_email": email.unwrap_or(""), "service_ids": [service]})),
        Route::LinkForm | Route::GeneralForm => {
            let mut fields = vec![
                ("title", title),
                ("body", body),
                ("when", "last_week"),
                ("author_role", "relative"),
                ("author_email", email.unwrap_or("")),
                ("form_token", key),
                ("action", "send"),
            ];
            let path = if route == Route::LinkForm {
                format!("/tell/{}", soak.link_slug)
            } else {
                fields.push(("service_ids", service));
                "/tell".to_owned()
            };
            client
                .post(format!("{}{path}", soak.url))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(serde_html_form::to_string(&fields).expect("a form"))
        }
    };
    let started = std::time::Instant::now();
    let result = async {
        let response = request.timeout(timeout).send().await?;
        let status = response.status();
        let reference = tellcare_stack::testing::reference_in(&response);
        let text = response.text().await?;
        Ok::<_, reqwest::Error>((status, reference, text))
    }
    .await;
    let (status, reference, text) = match result {
        Ok(answer) => answer,
        Err(err) => {
            soak.latencies.record(route.label(), 0, started.elapsed());
            return Err(err);
        }
    };
    soak.answered(route.label(), status, started);
    let found = match status {
        StatusCode::CREATED => {
            serde_json::from_str::<serde_json::Value>(&text).ok().and_then(|v| v["id"].as_str().map(str::to_owned))
        }
        StatusCode::SEE_OTHER => reference,
        StatusCode::SERVICE_UNAVAILABLE => text.contains(&title.replace('\'', "&#x27;")).then(|| title.to_owned()),
        _ => None,
    };
    Ok((status, found))
}
