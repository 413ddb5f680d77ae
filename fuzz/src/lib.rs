//! What the fuzz targets of stories share.

use tellcare::domain::story::{StoryDraft, StoryInput};

/// A story that parses keeps within every bound the form promises.
pub fn check_story(input: &StoryInput) {
    let Ok(draft) = StoryDraft::parse(input, None) else { return };
    let title = draft.title.chars().count();
    let body = draft.body.chars().count();
    assert!((3..=120).contains(&title), "a title of {title} characters passed");
    assert!((20..=10_000).contains(&body), "a body of {body} characters passed");
    assert!((1..=10).contains(&draft.service_ids.len()));
    assert!(!draft.username.as_str().contains('@'));
}
