//! The pages of invitation links: a service's links for staff, and a link's poster.

use askama::Template;
use tellcare::domain::Language;
use tellcare::domain::link::Link;
use tellcare::domain::service::Service;

/// A printable A4 poster for one invitation link.
#[derive(Template)]
#[template(path = "poster.html")]
pub struct PosterPage<'a> {
    pub service_name: &'a str,
    /// The QR code as an inline SVG, made by [`crate::qr`].
    pub qr_svg: &'a str,
    /// The address without its scheme, for people who type it: `stories.example.org/tell/abcd2345`.
    pub short_address: &'a str,
    /// The languages it speaks, the first the larger.
    pub languages: &'static [Language],
}

impl PosterPage<'_> {
    /// A Welsh link's poster is bilingual, Welsh first; an English link's is in English.
    pub fn languages_for(language: Language) -> &'static [Language] {
        match language {
            Language::Welsh => &[Language::Welsh, Language::English],
            Language::English => &[Language::English],
        }
    }

    pub fn first(&self) -> Language {
        self.languages[0]
    }

    /// The message `id` in `language`.
    pub fn say(&self, language: &Language, id: &str) -> String {
        tellcare::i18n::text_in(*language, id)
    }
}

/// One row of the admin links page.
pub struct LinkRow<'a> {
    pub link: &'a Link,
    pub address: String,
    pub state: String,
}

/// A service's invitation links for staff: each with its QR code, counts and poster.
#[derive(Template)]
#[template(path = "admin_links.html")]
pub struct AdminLinksPage<'a> {
    pub service: &'a Service,
    pub links: Vec<LinkRow<'a>>,
}
