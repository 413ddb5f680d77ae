use std::collections::BTreeMap;

use reqwest::Method;
use serde_json::{Value, json};
use tellcare_stack::testing::{TestApp, eventually, spawn_app, spawn_quiet_app};

const BODY: &str = "My mother was frightened at night and the nurses sat with her until she slept.";

async fn responder(app: &TestApp, token: &str, service: &str, name: &str, email: &str, when: Value) -> String {
    let body = json!({"name": name, "email": email, "job_title": "Ward manager", "email_when": when});
    let (status, responder) =
        app.staff(Method::POST, &format!("/admin/api/services/{service}/responders"), token, Some(body)).await;
    assert_eq!(status, 201, "{responder}");
    responder["id"].as_str().unwrap().to_owned()
}

/// Who got which subjects, by address.
fn by_recipient(emails: &[Value]) -> BTreeMap<String, Vec<String>> {
    let mut seen: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for email in emails {
        let to = email["to"][0].as_str().unwrap().to_owned();
        seen.entry(to).or_default().push(email["subject"].as_str().unwrap().to_owned());
    }
    seen.values_mut().for_each(|subjects| subjects.sort());
    seen
}

#[tokio::test]
async fn publishing_tells_the_author_and_each_responder_once_even_when_the_batch_comes_twice() {
    let app = spawn_app().await;
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 7", None).await;
    let cafe = app.create_service(&admin, "Carers' Cafe", None).await;
    responder(&app, &admin, &ward, "Sam", "sam@example.org", json!("all")).await;
    responder(&app, &admin, &ward, "Ali", "ali@example.org", json!("all")).await;
    responder(&app, &admin, &cafe, "Kim", "kim@example.org", json!("all")).await;
    responder(&app, &admin, &cafe, "Lee", "lee@example.org", json!({"criticality_at_least": 4})).await;
    let invited = eventually("an invitation for each new member", || async {
        let emails = app.mailbox().await;
        (emails.len() >= 4).then_some(emails)
    })
    .await;
    let mut invited: Vec<&str> = invited.iter().filter_map(|e| e["to"][0].as_str()).collect();
    invited.sort();
    assert_eq!(invited, ["ali@example.org", "kim@example.org", "lee@example.org", "sam@example.org"]);
    let id = app.tell(&[&ward, &cafe], "daughter@example.org", BODY).await;
    eventually("the author's receipt", || async { (app.story_mailbox().await.len() == 1).then_some(()) }).await;
    app.publish(&admin, &id, 1).await;

    let emails = eventually("five emails", || async {
        let emails = app.story_mailbox().await;
        (emails.len() >= 5).then_some(emails)
    })
    .await;
    let published = "A story about";
    let expected: BTreeMap<String, Vec<String>> = [
        ("ali@example.org", vec!["A story about Ward 7 is published"]),
        ("daughter@example.org", vec!["We have your story", "Your story is published"]),
        ("kim@example.org", vec!["A story about Carers' Cafe is published"]),
        ("sam@example.org", vec!["A story about Ward 7 is published"]),
    ]
    .into_iter()
    .map(|(to, subjects)| (to.to_owned(), subjects.into_iter().map(str::to_owned).collect()))
    .collect();
    assert_eq!(by_recipient(&emails), expected, "Lee wants only stories rated 4 or more");

    // The same batch again, as a redelivery: nothing more is sent.
    let batch = app.audit_batch(&id).await;
    assert_eq!(batch.records.len(), 3, "received, edited, published");
    for _ in 0..2 {
        assert!(app.notifier().handle(batch.clone()).await.batch_item_failures.is_empty());
    }
    assert_eq!(app.story_mailbox().await.len(), 5, "each email once");

    for email in &emails {
        let (text, html) = (email["text"].as_str().unwrap(), email["html"].as_str().unwrap());
        assert!(!text.is_empty() && html.contains("<html"), "both parts");
        let to_responder = email["subject"].as_str().unwrap().starts_with(published);
        if to_responder {
            assert!(!text.contains("daughter@example.org") && !text.contains("ML1") && !html.contains("daughter@"));
            let respond = app.link_in(email, "/respond/");
            let token = respond.rsplit('/').next().unwrap();
            assert_eq!(token.len(), 64, "256 bits");
            let page = app.get(&respond).await;
            assert_eq!(page.status(), 200);
            assert_eq!(page.headers()["cache-control"], "no-store");
            assert!(page.text().await.unwrap().contains("The night staff were kind"));
            assert_eq!(
                app.get(&format!("/my-story/{token}")).await.status(),
                404,
                "a responder's link is not the author's"
            );
            let digest = tellcare::domain::token::LinkToken::parse(token).unwrap().digest();
            assert_eq!(app.private_query(&format!("TOKEN#{digest}")).await.len(), 1, "kept as its digest");
            assert!(app.private_query(&format!("TOKEN#{token}")).await.is_empty(), "never as itself");
            assert!(app.query(None, "pk", &format!("TOKEN#{digest}")).await.is_empty(), "and not in the main table");
        } else {
            let responders = ["sam@", "ali@", "kim@", "lee@"];
            assert!(responders.iter().all(|a| !text.contains(a) && !html.contains(a)), "no responder's address");
            let page = app.get(&app.link_in(email, "/my-story/")).await;
            assert_eq!(page.status(), 200);
            assert!(page.text().await.unwrap().contains("Your story is published"));
        }
    }
    assert_eq!(app.get(&format!("/respond/{}", "0".repeat(64))).await.status(), 404);
    assert_eq!(app.get("/respond/not-a-token").await.status(), 404);
}

#[tokio::test]
async fn a_refused_send_is_reported_and_sent_on_the_retry() {
    let app = spawn_quiet_app().await;
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 7", None).await;
    responder(&app, &admin, &ward, "Sam", "sam@example.org", json!("all")).await;
    let id = app.tell(&[&ward], "son@example.org", BODY).await;
    app.publish(&admin, &id, 1).await;
    let batch = app.audit_batch(&id).await;

    // SES refuses while the sender is not a verified identity.
    let ses = app.stack.shared.aws.sesv2.get();
    let sender = app.stack.shared.config.sender_address.clone();
    ses.delete_email_identity().email_identity(&sender).send().await.unwrap();
    let response = app.notifier().handle(batch.clone()).await;
    assert_eq!(response.batch_item_failures.len(), 1, "{response:?}");
    assert_eq!(response.batch_item_failures[0].item_identifier, batch.records[0].change.sequence_number);
    assert!(app.story_mailbox().await.is_empty());

    ses.create_email_identity().email_identity(&sender).send().await.unwrap();
    assert!(app.notifier().handle(batch.clone()).await.batch_item_failures.is_empty());
    let sent = by_recipient(&app.story_mailbox().await);
    assert_eq!(sent["son@example.org"], ["We have your story", "Your story is published"]);
    assert_eq!(sent["sam@example.org"], ["A story about Ward 7 is published"]);
    assert!(app.notifier().handle(batch).await.batch_item_failures.is_empty());
    assert_eq!(app.story_mailbox().await.len(), 3, "the retry sent each once");
}

#[tokio::test]
async fn no_email_to_an_author_without_one_nor_about_a_withdrawn_story() {
    let app = spawn_quiet_app().await;
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 7", None).await;
    responder(&app, &admin, &ward, "Sam", "sam@example.org", json!("all")).await;

    let quiet = app.tell(&[&ward], "", BODY).await;
    app.publish(&admin, &quiet, 1).await;
    assert!(app.notifier().handle(app.audit_batch(&quiet).await).await.batch_item_failures.is_empty());
    assert_eq!(by_recipient(&app.story_mailbox().await).keys().collect::<Vec<_>>(), ["sam@example.org"]);

    let withdrawn = app.tell(&[&ward], "gone@example.org", BODY).await;
    app.publish(&admin, &withdrawn, 1).await;
    let store = app.store();
    let input = tellcare::app::moderate::ModerationInput { version: Some(3), ..Default::default() };
    let withdraw =
        tellcare::app::moderate::Moderation::parse(tellcare::domain::moderation::Action::Withdraw, &input).unwrap();
    let actor = tellcare::domain::moderation::Actor::author();
    tellcare::app::moderate::moderate(
        &store,
        withdrawn.parse().unwrap(),
        withdraw,
        &actor,
        time::OffsetDateTime::now_utc(),
    )
    .await
    .unwrap();
    assert!(app.notifier().handle(app.audit_batch(&withdrawn).await).await.batch_item_failures.is_empty());
    assert_eq!(app.story_mailbox().await.len(), 1, "nothing about a story withdrawn before its emails went");
}

#[tokio::test]
async fn an_address_that_bounces_is_marked_against_its_responder_and_mailed_no_more() {
    let app = spawn_quiet_app().await;
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 7", None).await;
    responder(&app, &admin, &ward, "Gone", "Gone@Example.org", json!("all")).await;
    responder(&app, &admin, &ward, "Sam", "sam@example.org", json!("all")).await;

    let bounce: Value = serde_json::from_str(
        &std::fs::read_to_string(tellcare_stack::template::workspace_root().join("events/ses-bounce.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(notifier::handle_any(&app.notifier(), bounce.clone()).await.unwrap(), Value::Null);
    let (_, service) = app.staff(Method::GET, &format!("/admin/api/services/{ward}"), &admin, None).await;
    let gone = service["responders"].as_array().unwrap().iter().find(|r| r["name"] == "Gone").unwrap();
    assert_eq!(gone["suppressed"]["reason"], "bounced");
    let page = app.page_as(&admin, &format!("/admin/services/{ward}")).await;
    assert!(page.contains("Mail to this address bounced"), "shown to staff against the responder");

    // A full mailbox (a transient bounce) stops nothing; a complaint does.
    let mut transient = bounce.clone();
    transient["detail"]["bounce"]["bounceType"] = json!("Transient");
    transient["detail"]["bounce"]["bouncedRecipients"][0]["emailAddress"] = json!("sam@example.org");
    notifier::handle_any(&app.notifier(), transient).await.unwrap();
    let complaint = json!({"detail-type": "Email Complaint Received", "source": "aws.ses", "detail": {
        "eventType": "Complaint", "complaint": {"complainedRecipients": [{"emailAddress": "kim@example.org"}]}}});
    responder(&app, &admin, &ward, "Kim", "kim@example.org", json!("all")).await;
    notifier::handle_any(&app.notifier(), complaint).await.unwrap();
    let (_, service) = app.staff(Method::GET, &format!("/admin/api/services/{ward}"), &admin, None).await;
    let reason = |name: &str| {
        let responder = service["responders"].as_array().unwrap().iter().find(|r| r["name"] == name).unwrap();
        responder["suppressed"]["reason"].as_str().map(str::to_owned)
    };
    assert_eq!((reason("Sam"), reason("Kim")), (None, Some("complained".to_owned())));

    let id = app.tell(&[&ward], "", BODY).await;
    app.publish(&admin, &id, 1).await;
    assert!(app.notifier().handle(app.audit_batch(&id).await).await.batch_item_failures.is_empty());
    assert_eq!(by_recipient(&app.story_mailbox().await).keys().collect::<Vec<_>>(), ["sam@example.org"]);
}

#[tokio::test]
async fn what_a_published_story_costs_the_notifier() {
    let app = spawn_quiet_app().await;
    let admin = app.login("admins").await;
    let ward = app.create_service(&admin, "Ward 7", None).await;
    let cafe = app.create_service(&admin, "Carers' Cafe", None).await;
    responder(&app, &admin, &ward, "Sam", "sam@example.org", json!("all")).await;
    responder(&app, &admin, &ward, "Ali", "ali@example.org", json!("all")).await;
    responder(&app, &admin, &cafe, "Kim", "kim@example.org", json!("all")).await;
    let id = app.tell(&[&ward, &cafe], "daughter@example.org", BODY).await;
    app.publish(&admin, &id, 1).await;
    let mut batch = app.audit_batch(&id).await;
    let published = batch.records.pop().unwrap();
    app.notifier().handle(batch).await;
    let before = app.story_mailbox().await.len();
    let mut only_published = app.audit_batch(&id).await;
    only_published.records = vec![published];
    let meter = &app.stack.shared.meter;
    meter.take();

    assert!(app.notifier().handle(only_published).await.batch_item_failures.is_empty());
    let mut requests = meter.take();
    requests.sort();
    let count = |op: &str| requests.iter().filter(|r| *r == op).count();
    // The story's partition, the author's contact details, each service's partition (its
    // responders), the keeping time of its private parts (two items), then per email: the
    // claim, the link's token, and the mark that it went.
    assert_eq!((count("Query"), count("GetItem"), count("PutItem"), count("UpdateItem")), (3, 1, 8, 6), "{requests:?}");
    assert_eq!(requests.len(), 18, "{requests:?}");
    assert_eq!(
        app.story_mailbox().await.len() - before,
        4,
        "one SES SendEmail per person: the author and 3 responders"
    );
}
