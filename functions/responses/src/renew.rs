//! A new link in place of an expired one, asked for from the expired link's page.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use tellcare::app::renew;
use tellcare::domain::token::Purpose;
use tellcare::web;

use crate::{LinkError, Responses};

pub(crate) async fn renew_respond(
    State(responses): State<Responses>,
    Path(token): Path<String>,
) -> Result<Response, LinkError> {
    renew(&responses, &token, Purpose::Respond).await
}

pub(crate) async fn renew_my_story(
    State(responses): State<Responses>,
    Path(token): Path<String>,
) -> Result<Response, LinkError> {
    renew(&responses, &token, Purpose::Author).await
}

/// Asks the notifier (through an audit entry) to email a new link to whoever this one was
/// sent to: at most once a day per link, and the page says the same either way.
async fn renew(responses: &Responses, raw: &str, purpose: Purpose) -> Result<Response, LinkError> {
    let (token, grant) = responses.grant(raw, purpose).await?;
    renew::renew(&responses.store, &token, &grant, (responses.clock)()).await?;
    let (title, message, link_text) =
        (tellcare::t("link-renewing-title"), tellcare::t("link-renewing"), tellcare::t("error-home"));
    let page =
        web::NoticePage { title: &title, message: &message, link_to: "/", link_text: &link_text, refresh_to: None };
    Ok(web::no_store(web::render(&page)?.into_response()))
}
