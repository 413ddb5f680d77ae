use aws_sdk_sesv2::types::{Body, Content, Destination, EmailContent, Message};
use serde_json::Value;
use tellcare_stack::testing::spawn_app;

fn content(data: &str) -> Content {
    Content::builder().data(data).charset("UTF-8").build().unwrap()
}

#[tokio::test]
async fn the_mailbox_shows_what_ses_accepted_with_both_parts() {
    let app = spawn_app().await;
    let ses = app.stack.shared.aws.sesv2.get();
    let message = Message::builder()
        .subject(content("Your story was received"))
        .body(Body::builder().text(content("Thank you.")).html(content("<p>Thank you.</p>")).build())
        .build();
    let send = |from: &str| {
        ses.send_email()
            .from_email_address(from)
            .destination(Destination::builder().to_addresses("author@example.org").build())
            .content(EmailContent::builder().simple(message.clone()).build())
            .send()
    };
    let sent = send(&app.stack.shared.config.sender_address).await.unwrap();
    assert!(send("nobody@unverified.example").await.is_err(), "moto refuses an unverified sender");

    let mailbox: Value = app.get("/dev/mailbox.json").await.json().await.unwrap();
    let emails = mailbox.as_array().unwrap();
    assert_eq!(emails.len(), 1, "only the accepted send: {mailbox}");
    assert_eq!(emails[0]["id"].as_str(), sent.message_id());
    assert_eq!(emails[0]["to"], serde_json::json!(["author@example.org"]));
    assert_eq!(emails[0]["subject"], "Your story was received");
    assert_eq!(emails[0]["text"], "Thank you.");
    assert_eq!(emails[0]["html"], "<p>Thank you.</p>");

    let page = app.get("/dev/mailbox").await.text().await.unwrap();
    assert!(page.contains("Your story was received") && page.contains("author@example.org"));
}

#[tokio::test]
async fn health_names_every_part() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    for part in ["dynamodb", "s3", "ses", "stream"] {
        assert_eq!(body["parts"][part], true, "{part}");
    }
}
