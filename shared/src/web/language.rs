//! Which language a bilingual route answers in: the address's `?lang=` (remembered in a
//! cookie), else the remembered choice, else the browser's `Accept-Language`, else English.
//! The page links to itself in the other language, by address, so caches and shared links
//! keep to one language each.

use axum::extract::Request;
use axum::http::header::{ACCEPT_LANGUAGE, CONTENT_LANGUAGE, CONTENT_TYPE, SET_COOKIE, VARY};
use axum::http::{HeaderValue, Uri};
use axum::middleware::Next;
use axum::response::Response;

use super::extract::{cookie_in, set_cookie};
use crate::domain::Language;
use crate::i18n;

/// The remembered choice.
pub const LANGUAGE_COOKIE: &str = "tellcare_lang";

/// A year, as long as a choice is remembered.
const REMEMBERED_FOR: u32 = 365 * 24 * 3600;

tokio::task_local! {
    /// The address being answered, for the link to the same page in the other language.
    static ADDRESS: Uri;
    /// Whether the person chose the language (by the address or the remembered choice),
    /// rather than their browser deciding it.
    static CHOSEN: bool;
}

fn asked_in(uri: &Uri) -> Option<Language> {
    let query = uri.query()?;
    url::form_urlencoded::parse(query.as_bytes()).find(|(k, _)| k == "lang").and_then(|(_, v)| Language::parse(&v))
}

/// Answers the request in its language (see the module's comment).
pub async fn choose_language(request: Request, next: Next) -> Response {
    let headers = request.headers();
    let asked = asked_in(request.uri());
    let remembered = cookie_in(headers, LANGUAGE_COOKIE).and_then(|c| Language::parse(&c));
    let browser = headers.get(ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).and_then(Language::preferred);
    let language = asked.or(remembered).or(browser).unwrap_or_default();
    let secure = headers.get("x-forwarded-proto").is_some_and(|p| p.as_bytes() == b"https");
    let address = request.uri().clone();
    let chosen = asked.or(remembered).is_some();
    let answer = ADDRESS.scope(address, CHOSEN.scope(chosen, next.run(request)));
    let mut response = i18n::speaking(language, answer).await;
    let headers = response.headers_mut();
    match asked {
        Some(language) if remembered != Some(language) => {
            headers
                .append(SET_COOKIE, set_cookie(LANGUAGE_COOKIE, language.code(), "/", "Lax", REMEMBERED_FOR, secure));
        }
        Some(_) => {}
        // Without `?lang=`, the same address answers in either language.
        None => {
            headers.append(VARY, HeaderValue::from_static("Cookie, Accept-Language"));
        }
    }
    let html = headers.get(CONTENT_TYPE).is_some_and(|t| t.as_bytes().starts_with(b"text/html"));
    // A page that spoke a language of its own has said so.
    if html && !headers.contains_key(CONTENT_LANGUAGE) {
        headers.insert(CONTENT_LANGUAGE, HeaderValue::from_static(language.tag()));
    }
    response
}

/// Whether the person chose the language of this request (by its address or a remembered
/// choice): a page with a language of its own (a Welsh poster's link) defers to them only.
pub fn language_chosen() -> bool {
    CHOSEN.try_with(|chosen| *chosen).unwrap_or(false)
}

/// Renders a page that has a language of its own (a Welsh poster's link, a story told in
/// Welsh) in that language, unless the person chose one.
pub fn in_own_language<E>(own: Language, render: impl FnOnce() -> Result<Response, E>) -> Result<Response, E> {
    if language_chosen() || own == i18n::current() {
        return render();
    }
    let mut response = i18n::speaking_now(own, render)?;
    response.headers_mut().insert(CONTENT_LANGUAGE, HeaderValue::from_static(own.tag()));
    Ok(response)
}

/// The address being answered, in `language`: the same path and query, `lang` set.
pub fn address_in(language: impl std::borrow::Borrow<Language>) -> String {
    let language = *language.borrow();
    let uri = ADDRESS.try_with(Uri::clone).unwrap_or_else(|_| Uri::from_static("/"));
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (key, value) in url::form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes()) {
        if key != "lang" {
            query.append_pair(&key, &value);
        }
    }
    query.append_pair("lang", language.code());
    format!("{}?{}", uri.path(), query.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_other_language_keeps_the_address_and_its_query() {
        let at = |uri: &'static str| ADDRESS.scope(Uri::from_static(uri), async { address_in(Language::Welsh) });
        assert_eq!(at("/").await, "/?lang=cy");
        assert_eq!(at("/services/01AB?cursor=x%26y&lang=en").await, "/services/01AB?cursor=x%26y&lang=cy");
        assert_eq!(address_in(Language::English), "/?lang=en", "outside a request, the home page");
    }

    #[test]
    fn a_language_is_asked_for_by_the_address_only_when_it_is_one() {
        assert_eq!(asked_in(&Uri::from_static("/?lang=cy")), Some(Language::Welsh));
        assert_eq!(asked_in(&Uri::from_static("/?a=1&lang=EN")), Some(Language::English));
        assert_eq!(asked_in(&Uri::from_static("/?lang=fr")), None);
        assert_eq!(asked_in(&Uri::from_static("/")), None);
    }
}
