//! The invitation a new member of staff opens from their email: they choose the password of
//! the account made for them when they were added, then sign in with it.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tellcare::app::ports::AccountError;
use tellcare::app::staff::{InvitationError, accept_invitation, open_invitation};
use tellcare::domain::{FieldError, Message};
use tellcare::web::{HtmlForm, NoticePage, PageError, no_store, render};
use tellcare::{AppError, t};
use time::OffsetDateTime;

use crate::Admin;

/// The user pool's policy (the template's): checked here first so the form says what is wrong.
const MIN_LENGTH: usize = 12;

#[derive(Template)]
#[template(path = "staff/welcome.html")]
struct WelcomePage<'a> {
    email: &'a str,
    min_length: usize,
    password: &'a str,
    confirm: &'a str,
    errors: &'a [FieldError],
}

impl WelcomePage<'_> {
    fn error(&self, field: &str) -> Option<&tellcare::domain::Message> {
        tellcare::domain::message_for(self.errors, field)
    }
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct PasswordForm {
    password: String,
    confirm: String,
}

/// What is wrong with a chosen password, by the pool's policy, before the pool is asked.
fn password_errors(form: &PasswordForm) -> Vec<FieldError> {
    let password = &form.password;
    let mut errors = Vec::new();
    let has = |test: fn(&char) -> bool| password.chars().any(|c| test(&c));
    if password.chars().count() < MIN_LENGTH {
        errors.push(FieldError::new("password", Message::new("password-too-short").with("min", MIN_LENGTH)));
    } else if !(has(char::is_ascii_uppercase) && has(char::is_ascii_lowercase) && has(char::is_ascii_digit)) {
        errors.push(FieldError::new("password", Message::new("password-too-simple")));
    }
    if form.confirm != *password {
        errors.push(FieldError::new("confirm", Message::new("password-not-same")));
    }
    errors
}

fn page(email: &str, form: &PasswordForm, errors: &[FieldError], status: StatusCode) -> Result<Response, PageError> {
    let page = WelcomePage { email, min_length: MIN_LENGTH, password: &form.password, confirm: &form.confirm, errors };
    Ok(no_store((status, render(&page)?).into_response()))
}

pub(crate) async fn welcome_page(State(admin): State<Admin>, Path(token): Path<String>) -> Result<Response, PageError> {
    let (_, email) = open_invitation(&admin.store, &token, OffsetDateTime::now_utc()).await.map_err(AppError::from)?;
    page(email.as_str(), &PasswordForm::default(), &[], StatusCode::OK)
}

pub(crate) async fn set_password(
    State(admin): State<Admin>,
    Path(token): Path<String>,
    HtmlForm(form): HtmlForm<PasswordForm>,
) -> Result<Response, PageError> {
    let now = OffsetDateTime::now_utc();
    let opened = open_invitation(&admin.store, &token, now).await.map_err(AppError::from)?;
    let email = opened.1.as_str();
    let errors = password_errors(&form);
    if !errors.is_empty() {
        return page(email, &form, &errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    match accept_invitation(&admin.store, &admin.accounts, &opened, &form.password).await {
        Ok(_) => {}
        Err(InvitationError::Accounts(AccountError::WeakPassword(why))) => {
            let errors = [FieldError::new("password", why)];
            return page(email, &form, &errors, StatusCode::UNPROCESSABLE_ENTITY);
        }
        Err(err) => return Err(AppError::from(err).into()),
    }
    tracing::info!("an invitation was accepted");
    let (title, message, link_text) = (t("password-set"), t("password-set-sign-in"), t("sign-in"));
    let done = NoticePage {
        title: &title,
        message: &message,
        link_to: "/admin/login",
        link_text: &link_text,
        refresh_to: None,
    };
    Ok(no_store(render(&done)?.into_response()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(password: &str, confirm: &str) -> PasswordForm {
        PasswordForm { password: password.into(), confirm: confirm.into() }
    }

    #[test]
    fn a_password_is_checked_against_the_pools_policy_and_its_confirmation() {
        assert!(password_errors(&form("Riverside walks 2026", "Riverside walks 2026")).is_empty());
        let fields = |f: &PasswordForm| password_errors(f).into_iter().map(|e| e.field).collect::<Vec<_>>();
        assert_eq!(fields(&form("Short 1", "Short 1")), ["password"]);
        assert_eq!(fields(&form("riverside walks 2026", "riverside walks 2026")), ["password"], "no capital");
        assert_eq!(fields(&form("Riverside walks 2026", "Riverside walks 2025")), ["confirm"]);
    }
}
