//! Anonymity as a careful reader tries it: ids that keep no time, private parts kept only as
//! long as needed and erased on request, links that follow their story, no relay of typed words,
//! and nothing private on any public page, JSON answer, responder's email, log line or object.

use reqwest::Method;
use serde_json::{Value, json};
use tellcare::app::moderate::{Moderation, ModerationInput};
use tellcare::domain::StoryId;
use tellcare::domain::moderation::{Action, Actor};
use tellcare_stack::StackOptions;
use tellcare_stack::testing::{TestApp, eventually, logs, spawn_app_with};
use time::{Duration, OffsetDateTime};

const BODY: &str = "The volunteers made tea, listened, and found me a quiet corner every week.";

async fn seeded() -> TestApp {
    spawn_app_with(StackOptions { seed: true, ..StackOptions::isolated() }).await
}

async fn cafe(app: &TestApp) -> String {
    let seed: Value = app.get("/dev/seed.json").await.json().await.unwrap();
    seed["link_service"].as_str().unwrap().to_owned()
}

/// The story's items in the private table.
async fn private_items(app: &TestApp, id: &str) -> Vec<tellcare_stack::testing::Item> {
    app.private_query(&format!("STORY#{id}")).await
}

async fn story_json(app: &TestApp, admin: &str, id: &str) -> Value {
    let (status, story) = app.staff(Method::GET, &format!("/admin/api/stories/{id}"), admin, None).await;
    assert_eq!(status, 200);
    story
}

fn is_midnight_utc(at: OffsetDateTime) -> bool {
    at.time() == time::Time::MIDNIGHT && at.offset() == time::UtcOffset::UTC
}

#[tokio::test]
async fn public_ids_keep_the_day_and_not_the_moment() {
    let app = seeded().await;
    let admin = app.login("admins").await;
    let id = app.tell(&[&cafe(&app).await], "", BODY).await;
    app.publish(&admin, &id, 1).await;
    let invitation = app.email_to("priya.shah@riverside.example", "A story about").await;
    let answered =
        app.post_form(&app.link_in(&invitation, "/respond/"), &[("body", "Thank you."), ("change", "none")]).await;
    assert_eq!(answered.status(), 303);
    let opinion: Value = app.get(&format!("/api/opinions/{id}")).await.json().await.unwrap();
    let story_id: StoryId = opinion["id"].as_str().unwrap().parse().unwrap();
    assert!(is_midnight_utc(story_id.time_part()), "the story's id says only its day: {}", story_id.time_part());
    assert_eq!(story_id.time_part().date(), OffsetDateTime::now_utc().date());
    let response: tellcare::domain::ResponseId = opinion["responses"][0]["id"].as_str().unwrap().parse().unwrap();
    assert!(is_midnight_utc(response.time_part()), "and the answer's");
}

#[tokio::test]
async fn a_withdrawn_story_forgets_its_author_at_once_and_its_responders_link_shows_nothing_of_it() {
    let app = seeded().await;
    let admin = app.login("admins").await;
    let id = app.tell(&[&cafe(&app).await], "withdrawer@example.org", BODY).await;
    assert_eq!(private_items(&app, &id).await.len(), 2, "the text as written and the contact details");
    app.publish(&admin, &id, 1).await;
    let respond = app.link_in(&app.email_to("priya.shah@riverside.example", "A story about").await, "/respond/");
    assert_eq!(app.get(&respond).await.status(), 200, "while it is published");
    let mine = app.link_in(&app.email_to("withdrawer@example.org", "We have your story").await, "/my-story/");

    let withdrawn = app.post_form(&format!("{mine}/withdraw"), &[("confirm", "yes")]).await;
    assert_eq!(withdrawn.status(), 303);
    assert!(private_items(&app, &id).await.is_empty(), "contact details and the text as written are gone at once");
    let gone = app.get(&respond).await;
    assert_eq!(gone.status(), 410);
    assert_eq!(gone.headers()["cache-control"], "no-store");
    let page = gone.text().await.unwrap();
    assert!(!page.contains("The night staff were kind") && !page.contains("volunteers made tea"), "nothing of it");
    let answer = app.post_form(&respond, &[("body", "Thank you."), ("change", "none")]).await;
    assert_eq!(answer.status(), 410, "nor can it be answered");
}

#[tokio::test]
async fn a_responder_removed_or_a_service_untagged_loses_the_story_the_same_way() {
    let app = seeded().await;
    let admin = app.login("admins").await;
    let cafe = cafe(&app).await;
    let seed: Value = app.get("/dev/seed.json").await.json().await.unwrap();
    let walks = seed["projects"][1].as_str().unwrap().to_owned();
    let id = app.tell(&[&cafe, &walks], "", BODY).await;
    app.publish(&admin, &id, 1).await;
    let priya = app.link_in(&app.email_to("priya.shah@riverside.example", "A story about").await, "/respond/");
    let ade = app.link_in(&app.email_to("ade.okafor@riverside.example", "A story about").await, "/respond/");
    let untag = json!({"version": 3, "service_ids": [cafe]});
    assert_eq!(app.staff(Method::PATCH, &format!("/admin/api/stories/{id}"), &admin, Some(untag)).await.0, 200);
    let (status, service) = app.staff(Method::GET, &format!("/admin/api/services/{cafe}"), &admin, None).await;
    assert_eq!(status, 200);
    let priya_id = service["responders"].as_array().unwrap().iter().find(|r| r["name"] == "Priya Shah").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/admin/api/services/{cafe}/responders/{priya_id}");
    assert!(app.staff(Method::DELETE, &path, &admin, None).await.0 < 300);
    for link in [priya, ade] {
        let answer = app.get(&link).await;
        assert_eq!(answer.status(), 410, "{link}");
        assert!(!answer.text().await.unwrap().contains("The night staff were kind"));
    }
}

#[tokio::test]
async fn a_decided_storys_private_parts_are_kept_for_the_retention_period_and_no_longer() {
    let app = seeded().await;
    let admin = app.login("admins").await;
    let cafe = cafe(&app).await;
    let store = app.store();
    let moderator = Actor { id: "test".into(), name: "A test".into() };
    let publish = |version: u64| {
        Moderation::parse(Action::Publish, &ModerationInput { version: Some(version), ..Default::default() }).unwrap()
    };

    // Published 91 days ago (the moderation's clock, injected): its 90 days are over.
    let old = app.tell(&[&cafe], "old@example.org", BODY).await;
    let long_ago = OffsetDateTime::now_utc() - Duration::days(91);
    tellcare::app::moderate::moderate(&store, old.parse().unwrap(), publish(1), &moderator, long_ago).await.unwrap();
    eventually("the old story's private parts deleted by TTL", || async {
        private_items(&app, &old).await.is_empty().then_some(())
    })
    .await;
    let story = story_json(&app, &admin, &old).await;
    assert!(story["original"].is_null() && story.get("author_email").is_none(), "{story}");

    // Published now: kept, with its expiry 90 days on.
    let new = app.tell(&[&cafe], "new@example.org", BODY).await;
    app.publish(&admin, &new, 1).await;
    let expiries = eventually("the new story's private parts given their expiry", || async {
        let items = private_items(&app, &new).await;
        let at: Vec<i64> = items.iter().filter_map(|i| i.get("expires_at")?.as_n().ok()?.parse().ok()).collect();
        (at.len() == 2).then_some(at)
    })
    .await;
    let in_90_days = (OffsetDateTime::now_utc() + Duration::days(90)).unix_timestamp();
    assert!(expiries.iter().all(|at| (in_90_days - at).abs() < 600), "{expiries:?} is 90 days on");
    assert_eq!(story_json(&app, &admin, &new).await["author_email"], "new@example.org");

    // Rejected, then re-opened: undecided again, so kept with no expiry.
    let reopened = app.tell(&[&cafe], "", BODY).await;
    let reject = json!({"version": 1, "reason": "Names a member of staff."});
    assert_eq!(
        app.staff(Method::POST, &format!("/admin/api/stories/{reopened}/reject"), &admin, Some(reject)).await.0,
        200
    );
    eventually("the rejected story's text given an expiry", || async {
        private_items(&app, &reopened).await.iter().any(|i| i.contains_key("expires_at")).then_some(())
    })
    .await;
    let reopen = json!({"version": 2});
    assert_eq!(
        app.staff(Method::POST, &format!("/admin/api/stories/{reopened}/reopen"), &admin, Some(reopen)).await.0,
        200
    );
    eventually("the re-opened story's text kept again", || async {
        let items = private_items(&app, &reopened).await;
        (items.len() == 2 && items.iter().all(|i| !i.contains_key("expires_at"))).then_some(())
    })
    .await;
}

#[tokio::test]
async fn an_author_forgets_their_email_and_a_moderator_erases_contact_details_audited_without_them() {
    let app = seeded().await;
    let admin = app.login("admins").await;
    let cafe = cafe(&app).await;
    let id = app.tell(&[&cafe], "forget-me@example.org", BODY).await;
    let mine = app.link_in(&app.email_to("forget-me@example.org", "We have your story").await, "/my-story/");
    let forgot = app.post_form(&format!("{mine}/forget"), &[]).await;
    assert_eq!(forgot.status(), 200);
    let text = forgot.text().await.unwrap();
    assert!(text.contains("Your email address is deleted"), "{text}");
    let story = story_json(&app, &admin, &id).await;
    assert!(story.get("author_email").is_none() && story["postcode"] == "ML1 1AA", "{story}");
    assert!(story["audit"].as_array().unwrap().iter().any(|e| e["action"] == "author_email_forgotten"));
    app.publish(&admin, &id, 1).await;
    let _ = app.email_to("priya.shah@riverside.example", "A story about").await;
    assert_eq!(
        app.mailbox().await.iter().filter(|e| e["to"][0] == "forget-me@example.org").count(),
        1,
        "no more emails"
    );

    let other = app.tell(&[&cafe], "erase-me@example.org", BODY).await;
    let (status, erased) =
        app.staff(Method::POST, &format!("/admin/api/stories/{other}/erase-contact"), &admin, None).await;
    assert_eq!(status, 200);
    assert!(erased.get("author_email").is_none() && erased.get("postcode").is_none(), "{erased}");
    let audit = erased["audit"].to_string();
    assert!(audit.contains("contact_erased") && !audit.contains("erase-me") && !audit.contains("ML1"), "{audit}");
    assert!(!story_json(&app, &admin, &other).await.to_string().contains("erase-me@example.org"));

    // The same from the editor's button, with the session a browser has.
    let paged = app.tell(&[&cafe], "erase-by-page@example.org", BODY).await;
    let editor = app.page_as(&admin, &format!("/admin/stories/{paged}")).await;
    assert!(
        editor.contains("erase-by-page@example.org") && editor.contains("/erase-contact\"><input"),
        "the erase button is there"
    );
    let csrf = tellcare::signin::csrf_token(&admin);
    let pressed = app.post_form_as(&admin, &format!("/admin/stories/{paged}/erase-contact"), &[("csrf", &csrf)]).await;
    assert_eq!(pressed.status(), 303);
    let back = pressed.headers()["location"].to_str().unwrap().to_owned();
    let page = app.page_as(&admin, &back).await;
    assert!(page.contains("are erased") && !page.contains("erase-by-page@example.org"), "{back}");
    let forged = app
        .post_form_as(
            &admin,
            &format!("/admin/stories/{other}/erase-contact"),
            &[("csrf", "0123456789abcdef0123456789abcdef")],
        )
        .await;
    assert_ne!(forged.status(), 303, "a forged form erases nothing");
}

#[tokio::test]
async fn tellcare_relays_no_ones_words_and_an_address_gets_a_few_emails_a_day_from_the_public() {
    let app = seeded().await;
    let cafe = cafe(&app).await;
    let spam = json!({"title": "Cheap pills at spam.example", "body": "Visit spam.example today for cheap pills and more offers.",
        "when": "today", "author_role": "patient", "author_email": "victim@example.org", "service_ids": [cafe]});
    for _ in 0..7 {
        let told = app.request(Method::POST, "/api/stories").json(&spam).send().await.unwrap();
        assert_eq!(told.status(), 201);
    }
    let received = eventually("the capped emails", || async {
        let to_victim: Vec<Value> =
            app.mailbox().await.into_iter().filter(|e| e["to"][0] == "victim@example.org").collect();
        (to_victim.len() >= 5).then_some(to_victim)
    })
    .await;
    // Let the stream reach the last two stories too.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    let received_now = app.mailbox().await.into_iter().filter(|e| e["to"][0] == "victim@example.org").count();
    assert_eq!(received_now, 5, "five a day, then no more");
    for email in received {
        let all = format!("{}{}{}", email["subject"], email["text"], email["html"]);
        assert!(!all.contains("spam.example") && !all.contains("pills"), "what the sender typed is not relayed: {all}");
        assert!(all.contains("/my-story/"), "the link is there");
    }
}

/// The privacy walk: an email, a postcode, a criticality and a moderator's note, planted in the
/// story's fields, in the text as written (which the moderator cleans) and in an author's reply
/// that is turned down; then every public page and JSON answer, the responders' emails, the log
/// output of the stack and every object in the bucket are searched for them.
#[tokio::test]
async fn nothing_private_reaches_a_public_page_a_responder_a_log_line_or_the_bucket() {
    let app = seeded().await;
    let admin = app.login("admins").await;
    let cafe = cafe(&app).await;
    let suffix = ulid::Ulid::generate().to_string().to_lowercase();
    let email = format!("walker-{suffix}@example.org");
    let note = format!("PRIVATE-NOTE-{suffix}");
    let original = format!("ORIGINAL-{suffix}");
    let reply_secret = format!("TURNED-DOWN-{suffix}");
    let story = json!({"title": "The cafe was a lifeline", "when": "last_week", "author_role": "carer",
        "body": format!("{original}: my name is Sam Jones, call me on 07700 900123 or {email}, ML1 1AA. The cafe was a lifeline."),
        "author_email": email, "postcode": "ML1 1AA", "service_ids": [cafe]});
    let told = app.request(Method::POST, "/api/stories").json(&story).send().await.unwrap();
    let id = told.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_owned();
    let clean = json!({"version": 1, "criticality": 4, "body": "The cafe was a lifeline for me as a carer, every single week."});
    assert_eq!(app.staff(Method::PATCH, &format!("/admin/api/stories/{id}"), &admin, Some(clean)).await.0, 200);
    let hold = json!({"version": 2, "note": note});
    assert_eq!(app.staff(Method::POST, &format!("/admin/api/stories/{id}/hold"), &admin, Some(hold)).await.0, 200);
    app.publish(&admin, &id, 3).await;
    let invitation = app.email_to("priya.shah@riverside.example", "A story about").await;
    let answered = app
        .post_form(&app.link_in(&invitation, "/respond/"), &[("body", "Thank you for telling us."), ("change", "none")])
        .await;
    assert_eq!(answered.status(), 303);
    let mine = app.link_in(&app.email_to(&email, "answered your story").await, "/my-story/");
    let page = app.get(&mine).await.text().await.unwrap();
    let form_token = page.split("name=\"form_token\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let reply_body = format!("{reply_secret}: it was Sam Jones, {email}");
    let replied = app.post_form(&format!("{mine}/reply"), &[("body", &reply_body), ("form_token", &form_token)]).await;
    assert_eq!(replied.status(), 303);
    let record = story_json(&app, &admin, &id).await;
    let reply = record["replies"][0]["id"].as_str().unwrap().to_owned();
    let (status, _) =
        app.staff(Method::POST, &format!("/admin/api/stories/{id}/replies/{reply}/reject"), &admin, None).await;
    assert_eq!(status, 200);

    // The indexes are written from the stream: wait until the staff index has the story as
    // published (its author's own words gone from it), so the bucket holds what it will keep.
    tellcare_stack::testing::eventually_within(
        "the staff index to have the story as published",
        std::time::Duration::from_secs(60),
        || async {
            let (status, found) = app.staff(Method::GET, "/admin/api/search?q=lifeline", &admin, None).await;
            assert_eq!(status, 200, "{found}");
            found["stories"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["id"] == id.as_str() && s["status"] == "published")
                .then_some(())
        },
    )
    .await;
    let secrets = [
        email.as_str(),
        "ML1 1AA",
        "07700 900123",
        "Sam Jones",
        note.as_str(),
        original.as_str(),
        reply_secret.as_str(),
        "criticality",
    ];
    let mut searched = Vec::new();
    for path in [
        "/".to_owned(),
        format!("/stories/{id}"),
        format!("/services/{cafe}"),
        "/api/opinions".to_owned(),
        format!("/api/opinions/{id}"),
        format!("/api/opinions?service_id={cafe}"),
        "/api/services".to_owned(),
        format!("/api/services/{cafe}"),
        "/tell/carers-cafe".to_owned(),
        "/tell".to_owned(),
    ] {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 200, "{path}");
        searched.push((path, response.text().await.unwrap()));
    }
    for email in
        app.mailbox().await.into_iter().filter(|e| e["to"][0].as_str().unwrap().ends_with("@riverside.example"))
    {
        searched.push((format!("the email to {}", email["to"][0]), email.to_string()));
    }
    let bucket = &app.stack.shared.config.assets_bucket;
    let s3 = app.stack.shared.aws.s3.get();
    let listed = s3.list_objects_v2().bucket(bucket).send().await.unwrap();
    for object in listed.contents() {
        let key = object.key().unwrap();
        // The indexer may replace a version of an index between the listing and the reading:
        // an object deleted since holds nothing.
        let body = match s3.get_object().bucket(bucket).key(key).send().await {
            Ok(got) => got.body.collect().await.unwrap().into_bytes(),
            Err(err) if err.as_service_error().is_some_and(|e| e.is_no_such_key()) => continue,
            Err(err) => panic!("{key}: {err:?}"),
        };
        searched.push((format!("s3://{bucket}/{key}"), String::from_utf8_lossy(&body).into_owned()));
    }
    searched.push(("the stack's log output".into(), logs::logged()));
    assert!(searched.len() >= 12, "pages, emails, objects and logs were read");
    for (place, text) in &searched {
        for secret in secrets {
            // The log says "criticality" nowhere private; only the address, postcode and text matter there.
            if place.ends_with("log output") && secret == "criticality" {
                continue;
            }
            // The staff index is the moderators' (staff-search function and indexer only): their own
            // notes are in it to be searched; the author's words and contact details never.
            if place.contains("/search-staff/") && secret == note.as_str() {
                continue;
            }
            assert!(!text.contains(secret), "{place} shows {secret}");
        }
    }
    assert!(logs::logged().contains("story moderated"), "the log was captured");
    let opinion: Value = app.get(&format!("/api/opinions/{id}")).await.json().await.unwrap();
    assert!(
        opinion.get("author_email").is_none()
            && opinion.get("postcode").is_none()
            && opinion.get("criticality").is_none()
    );
    assert_eq!(opinion["responses"][0]["body"], "Thank you for telling us.");
    assert_eq!(opinion["replies"], json!([]), "the turned-down reply is not public");
}

#[tokio::test]
async fn a_double_tap_on_withdraw_withdraws_once_and_both_taps_go_to_the_page() {
    let app = seeded().await;
    let id = app.tell(&[&cafe(&app).await], "taps@example.org", BODY).await;
    let mine = app.link_in(&app.email_to("taps@example.org", "We have your story").await, "/my-story/");
    let path = format!("{mine}/withdraw");
    let taps = futures::future::join_all((0..2).map(|_| app.post_form(&path, &[("confirm", "yes")]))).await;
    assert_eq!(taps.iter().map(|t| t.status().as_u16()).collect::<Vec<_>>(), [303, 303]);
    let story = app.story_items(&id).await;
    let withdrawals = story
        .values()
        .filter(|i| i.get("action").and_then(|a| a.as_s().ok()).is_some_and(|a| a == "withdrawn"))
        .count();
    assert_eq!(withdrawals, 1, "one withdrawal in the audit trail");
}
