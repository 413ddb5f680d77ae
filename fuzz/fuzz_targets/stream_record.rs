//! A record of the table's stream, as Lambda hands it to the notifier: it is an event of a
//! story, or not one, or unreadable, and never a panic.
#![no_main]

use aws_lambda_events::event::dynamodb::EventRecord;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(record) = serde_json::from_slice::<EventRecord>(data) else { return };
    if let Ok(Some(event)) = notifier::story_event(&record) {
        assert!(event.id.starts_with(&event.story_id.to_string()));
    }
});
