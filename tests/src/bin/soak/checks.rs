//! The counting at the end: every story told is stored once and whole, every email went once
//! to each person it concerns, and every answer is on its public page.

use std::collections::{BTreeMap, HashMap, HashSet};

use futures::StreamExt;
use tellcare::domain::responder::EmailWhen;
use tellcare_stack::testing::Item;

use crate::Soak;
use crate::tell::{Route, Told};

/// Every item under one key, read a page at a time; a read that fails is tried again.
async fn query_all(soak: &Soak, index: Option<&str>, key: &str, value: &str) -> Vec<Item> {
    query_all_in(soak, &soak.stack.config.table_name, index, key, value).await
}

async fn query_all_in(soak: &Soak, table: &str, index: Option<&str>, key: &str, value: &str) -> Vec<Item> {
    for _ in 0..5 {
        let dynamodb = &soak.stack.aws.dynamodb;
        match tellcare_stack::testing::query_table(dynamodb, table, index, key, value).await {
            Ok(items) => return items,
            Err(err) => eprintln!("reading {value} failed, again: {err}"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
    panic!("the table could not be read to count {value}");
}

fn text(item: &Item, name: &str) -> String {
    item.get(name).and_then(|v| v.as_s().ok()).cloned().unwrap_or_default()
}

/// Stories stored by title: each told one exactly once, nothing else under a soak title, each
/// with every item it is written with; the link's count moved once per story it brought.
pub async fn check_table(soak: &Soak, told: &[Told]) {
    let mut by_title: HashMap<String, Vec<String>> = HashMap::new();
    for status in ["awaiting_moderation", "published", "held", "awaiting_author", "rejected", "withdrawn"] {
        for story in query_all(soak, Some("gsi1"), "gsi1pk", &format!("STATUS#{status}")).await {
            by_title.entry(text(&story, "title")).or_default().push(text(&story, "id"));
        }
    }
    let soak_titles: Vec<&Vec<String>> = by_title
        .iter()
        .filter(|(title, _)| title.starts_with(&format!("Soak {} ", soak.run)))
        .map(|(_, ids)| ids)
        .collect();
    soak.counts.add("stored: stories", soak_titles.iter().map(|ids| ids.len() as u64).sum());
    soak.counts.add("FAULT stored: stories doubled", soak_titles.iter().filter(|ids| ids.len() > 1).count() as u64);
    let lost = told.iter().filter(|t| !by_title.get(&t.title).is_some_and(|ids| ids.contains(&t.id))).count();
    soak.counts.add("FAULT stored: stories acknowledged but lost", lost as u64);

    let partial: Vec<bool> = futures::stream::iter(told)
        .map(|story| async move {
            let pk = format!("STORY#{}", story.id);
            let mut items = query_all(soak, None, "pk", &pk).await;
            items.extend(query_all_in(soak, &soak.stack.config.private_table_name, None, "pk", &pk).await);
            let sks: Vec<String> = items.iter().map(|i| text(i, "sk")).collect();
            let received =
                items.iter().filter(|i| text(i, "sk").starts_with("AUDIT#") && text(i, "action") == "received");
            let whole = sks.iter().any(|sk| sk == "STORY")
                && sks.iter().any(|sk| sk == "PRIVATE#original")
                && sks.iter().any(|sk| sk.starts_with("SERVICE#"))
                && received.count() == 1
                && sks.iter().any(|sk| sk == "PRIVATE#contact") == story.email.is_some();
            if !whole {
                eprintln!("story {} is not whole: {sks:?}", story.id);
            }
            !whole
        })
        .buffer_unordered(8)
        .collect()
        .await;
    soak.counts.add("FAULT stored: stories not whole", partial.iter().filter(|p| **p).count() as u64);

    let link = query_all(soak, None, "pk", &format!("LINK#{}", soak.link_slug)).await;
    let counted: u64 = link.first().and_then(|l| l.get("submitted")?.as_n().ok()?.parse().ok()).unwrap_or(0);
    let through_link = told.iter().filter(|t| t.route == Route::LinkForm).count() as u64;
    if counted != through_link {
        eprintln!("the link counted {counted} stories; {through_link} came through it");
        soak.counts.add("FAULT stored: link counts that differ from its stories", 1);
    }
}

/// What each person should have been sent, by (address, subject).
pub async fn expected_emails(
    soak: &Soak,
    told: &[Told],
    published: &HashSet<String>,
    answered: &[(String, String)],
) -> BTreeMap<(String, String), usize> {
    let config = &soak.stack.config;
    let store =
        tellcare::store::Store::new(soak.stack.aws.dynamodb.clone(), &config.table_name, &config.private_table_name);
    let mut services = HashMap::new();
    for id in told.iter().map(|t| t.service.clone()).collect::<HashSet<_>>() {
        let found = store.service_with_responders(id.parse().expect("a service id")).await.expect("a service");
        services.insert(id, found.expect("the service exists"));
    }
    let answered: HashSet<&str> = answered.iter().map(|(id, _)| id.as_str()).collect();
    let mut expected: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut add = |to: &str, subject: String| *expected.entry((to.to_owned(), subject)).or_default() += 1;
    for story in told {
        let (service, responders) = &services[&story.service];
        let is_published = published.contains(&story.id);
        if let Some(email) = &story.email {
            add(email, "We have your story".into());
            if is_published {
                add(email, "Your story is published".into());
            }
            if answered.contains(story.id.as_str()) {
                add(email, format!("{} answered your story", service.name));
            }
        }
        if is_published {
            // Published as they came, unrated: only responders who want every story.
            for responder in responders.iter().filter(|r| r.email_when == EmailWhen::All && r.suppressed.is_none()) {
                add(responder.email.as_str(), format!("A story about {} is published", service.name));
            }
        }
    }
    expected
}

/// Emails sent, by (address, subject).
pub fn emails_sent(soak: &Soak) -> BTreeMap<(String, String), usize> {
    let mut sent = BTreeMap::new();
    for email in soak.stack.mailbox.emails() {
        for to in &email.to {
            *sent.entry((to.clone(), email.subject.clone())).or_default() += 1;
        }
    }
    sent
}

pub fn check_emails(soak: &Soak, expected: &BTreeMap<(String, String), usize>) {
    let sent = emails_sent(soak);
    let total = |m: &BTreeMap<(String, String), usize>| m.values().sum::<usize>() as u64;
    soak.counts.add("emails: expected", total(expected));
    soak.counts.add("emails: sent", total(&sent));
    let mut missing = 0;
    let mut extra = 0;
    for key in expected.keys().chain(sent.keys()).collect::<HashSet<_>>() {
        let (want, got) = (expected.get(key).copied().unwrap_or(0), sent.get(key).copied().unwrap_or(0));
        if got != want {
            eprintln!("{} «{}»: expected {want}, sent {got}", key.0, key.1);
        }
        missing += want.saturating_sub(got);
        extra += got.saturating_sub(want);
    }
    soak.counts.add("FAULT emails: not sent", missing as u64);
    soak.counts.add("FAULT emails: sent twice (or more)", extra as u64);
}

/// Each answer is on its story's public page.
pub async fn check_answers(soak: &Soak, answered: &[(String, String)]) {
    let shown: Vec<Option<()>> = futures::stream::iter(answered)
        .map(|(id, body)| async move {
            let page = soak.client().get(format!("{}/stories/{id}", soak.url)).send().await.ok()?.text().await.ok()?;
            page.contains(body.as_str()).then_some(())
        })
        .buffer_unordered(8)
        .collect()
        .await;
    let on_pages = shown.iter().filter(|s| s.is_some()).count() as u64;
    soak.counts.add("answers: published through emailed links", answered.len() as u64);
    soak.counts.add("answers: on their public pages", on_pages);
    soak.counts.add("FAULT answers: missing from their pages", answered.len() as u64 - on_pages);
}
