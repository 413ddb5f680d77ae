//! SES's bounce and complaint events, through EventBridge: only a permanent bounce or a
//! complaint names addresses to stop mailing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use notifier::MailEvent;

fuzz_target!(|data: &[u8]| {
    let Ok(event) = serde_json::from_slice::<MailEvent>(data) else { return };
    let (addresses, reason) = event.suppressed();
    let permanent = event.detail.bounce.as_ref().is_some_and(|b| b.bounce_type == "Permanent");
    if !addresses.is_empty() {
        assert!(permanent || event.detail.complaint.is_some(), "{reason}");
    }
});
