//! The one place a refusal of the store or of a use case becomes an HTTP error, for the JSON
//! routes and the pages alike (a page shows the same message the JSON route sends).

use super::{PageError, no_service};
use crate::AppError;
use crate::app::answer::AnswerError;
use crate::app::author::AuthorError;
use crate::app::decide_reply::DecideReplyError;
use crate::app::erase::EraseError;
use crate::app::links::LinkError;
use crate::app::moderate::ModerateError;
use crate::app::ports::AccountError;
use crate::app::services::ServiceError;
use crate::app::staff::InvitationError;
use crate::app::tell::{InvalidKey, TellError};
use crate::domain::{FieldError, Message};
use crate::store::StoreError;

fn no_story() -> AppError {
    AppError::NotFound(crate::i18n::text("error-no-story"))
}

impl From<StoreError> for AppError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::ConditionFailed => AppError::Conflict(crate::i18n::text("error-changed-first")),
            StoreError::Unavailable(_) => AppError::Unavailable,
            other => AppError::internal(other),
        }
    }
}

impl From<ModerateError> for AppError {
    fn from(err: ModerateError) -> Self {
        match err {
            ModerateError::NotFound => no_story(),
            ModerateError::Stale { read, current } => AppError::Conflict(ModerateError::stale_message(read, &current)),
            ModerateError::NotAllowed(why) => AppError::Conflict(why.to_string()),
            ModerateError::Invalid(fields) => AppError::Invalid(fields),
            ModerateError::Store(err) => err.into(),
        }
    }
}

impl From<TellError> for AppError {
    fn from(err: TellError) -> Self {
        match err {
            TellError::KeyReused => AppError::Conflict(
                "This Idempotency-Key was already used for a different story. Use a new key for a new story.".into(),
            ),
            TellError::LinkClosed => AppError::Gone(crate::i18n::text("error-link-closed")),
            TellError::ServicesClosed(_) => AppError::Invalid(vec![FieldError::new("service_ids", err.to_string())]),
            TellError::Store(err) => err.into(),
        }
    }
}

impl From<InvalidKey> for AppError {
    fn from(_: InvalidKey) -> Self {
        AppError::BadRequest(crate::i18n::text("error-idempotency-key"))
    }
}

impl From<AuthorError> for AppError {
    fn from(err: AuthorError) -> Self {
        match err {
            AuthorError::Withdrawn => AppError::Gone(crate::i18n::text("error-withdrawn")),
            AuthorError::Moderation(err) => err.into(),
            AuthorError::Store(err) => err.into(),
        }
    }
}

impl From<AnswerError> for AppError {
    fn from(err: AnswerError) -> Self {
        match err {
            AnswerError::NotYours => AppError::NotFound(crate::i18n::text("error-no-answer")),
            AnswerError::WindowOver => AppError::Conflict(
                "Answers can be changed for 30 minutes after they are published. That time is over.".into(),
            ),
            AnswerError::Gone => AppError::Gone(crate::i18n::text("error-gone-to-change")),
            AnswerError::Store(err) => err.into(),
        }
    }
}

impl From<DecideReplyError> for AppError {
    fn from(err: DecideReplyError) -> Self {
        match err {
            DecideReplyError::NoStory => no_story(),
            DecideReplyError::NoReply => AppError::NotFound(crate::i18n::text("error-no-reply")),
            DecideReplyError::Decided => AppError::Conflict(crate::i18n::text("error-reply-decided")),
            DecideReplyError::Store(err) => err.into(),
        }
    }
}

impl From<EraseError> for AppError {
    fn from(err: EraseError) -> Self {
        match err {
            EraseError::NoStory => no_story(),
            EraseError::Store(err) => err.into(),
        }
    }
}

impl From<LinkError> for AppError {
    fn from(err: LinkError) -> Self {
        match err {
            LinkError::SlugTaken | LinkError::ServiceArchived => AppError::Conflict(err.to_string()),
            LinkError::NoService => no_service(),
            LinkError::Missing => AppError::NotFound(err.to_string()),
            LinkError::Deleted => AppError::Gone(err.to_string()),
            LinkError::Store(err) => err.into(),
        }
    }
}

impl From<ServiceError> for AppError {
    fn from(err: ServiceError) -> Self {
        match err {
            ServiceError::NoService => no_service(),
            ServiceError::ParentMissing => {
                AppError::Invalid(vec![FieldError::new("parent_id", Message::new("service-parent-unknown"))])
            }
            ServiceError::BadMove(why) => AppError::Invalid(vec![FieldError::new("parent_id", why)]),
            ServiceError::ResponderTaken => AppError::Conflict(err.to_string()),
            ServiceError::NoResponder => AppError::NotFound(err.to_string()),
            ServiceError::Accounts(err) => err.into(),
            ServiceError::Store(err) => err.into(),
        }
    }
}

impl From<AccountError> for AppError {
    fn from(err: AccountError) -> Self {
        match err {
            AccountError::WeakPassword(why) => AppError::Invalid(vec![FieldError::new("password", why)]),
            AccountError::NoAccount => AppError::NotFound(crate::i18n::text("error-no-account")),
            AccountError::Unavailable(why) => {
                tracing::error!(error = %why, "the user pool failed");
                AppError::Unavailable
            }
        }
    }
}

impl From<InvitationError> for AppError {
    fn from(err: InvitationError) -> Self {
        match err {
            InvitationError::Unknown => AppError::NotFound(err.to_string()),
            InvitationError::Expired => AppError::Gone(err.to_string()),
            InvitationError::Accounts(err) => err.into(),
            InvitationError::Store(err) => err.into(),
        }
    }
}

/// A page answers each refusal with the words the JSON route sends, on its error page.
macro_rules! on_pages_too {
    ($($refusal:ty),+) => {$(
        impl From<$refusal> for PageError {
            fn from(err: $refusal) -> Self {
                PageError(err.into())
            }
        }
    )+};
}

on_pages_too!(
    StoreError,
    ModerateError,
    TellError,
    InvalidKey,
    AuthorError,
    AnswerError,
    DecideReplyError,
    EraseError,
    LinkError,
    ServiceError,
    AccountError,
    InvitationError
);
