//! Invitation links, their QR codes and posters: what staff put up where care happens.

use std::sync::Arc;

use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRef, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tellcare::app::links;
use tellcare::app::ports::Links;
use tellcare::assets::Assets;
use tellcare::auth::JwtVerifier;
use tellcare::domain::FieldError;
use tellcare::domain::link::{Link, LinkInput, LinkPatch, LinkPatchInput, LinkState, NewLink, Slug};
use tellcare::domain::staff_change::ChangeBy;
use tellcare::qr::{LinkQr, PngSize, QrError, QrFormat};
use tellcare::store::Store;
use tellcare::web::{
    self, Json, Page, PageError, Route, SignedIn, check_manages, delete, get, managed_service, no_service, patch, post,
};

use crate::pages::{AdminLinksPage, LinkRow, PosterPage};

mod pages;
use tellcare::{AppError, aws::AwsClients, config::Config};
use time::OffsetDateTime;

#[derive(Clone)]
pub struct Invitations {
    store: Store,
    assets: Assets,
    verifier: Arc<JwtVerifier>,
    public_base_url: Arc<str>,
}

impl Invitations {
    pub fn new(config: &Config, aws: &AwsClients) -> Self {
        Self {
            store: Store::new(aws.dynamodb.clone(), &config.table_name, &config.private_table_name),
            assets: Assets::new(aws.s3.clone(), &config.assets_bucket),
            verifier: Arc::new(JwtVerifier::new(config.jwt.clone())),
            public_base_url: config.public_base_url.as_str().into(),
        }
    }
}

impl FromRef<Invitations> for Arc<JwtVerifier> {
    fn from_ref(state: &Invitations) -> Self {
        state.verifier.clone()
    }
}

pub fn routes() -> Vec<Route<Invitations>> {
    vec![
        post("/admin/api/services/{id}/links", create_link),
        get("/admin/api/services/{id}/links", list_links),
        get("/admin/api/links/{slug}", get_link),
        patch("/admin/api/links/{slug}", update_link),
        delete("/admin/api/links/{slug}", delete_link),
        get("/admin/api/links/{slug}/qr.png", qr_png),
        get("/admin/api/links/{slug}/qr.svg", qr_svg),
        get("/admin/api/links/{slug}/poster", poster),
        get("/admin/services/{id}/links", links_page).bilingual(),
    ]
}

pub fn app(state: Invitations) -> axum::Router {
    web::router(routes(), state)
}

/// A link as staff see it: its fields, counts, and every address it is used through.
#[derive(Serialize)]
struct LinkView {
    #[serde(flatten)]
    link: Link,
    state: &'static str,
    url: String,
    qr_png_url: String,
    qr_svg_url: String,
    poster_url: String,
}

impl Invitations {
    fn view(&self, link: Link) -> LinkView {
        let base = &self.public_base_url;
        let admin = format!("{base}/admin/api/links/{}", link.slug);
        LinkView {
            state: state_name(link.state()),
            url: link.public_url(base),
            qr_png_url: format!("{admin}/qr.png"),
            qr_svg_url: format!("{admin}/qr.svg"),
            poster_url: format!("{admin}/poster"),
            link,
        }
    }

    /// A live link, when `staff` manages its service: whether it was deleted is told only to
    /// those who may manage it.
    async fn managed_link(&self, staff: &tellcare::auth::Staff, raw_slug: &str) -> Result<Link, AppError> {
        let link = self.managed_link_even_deleted(staff, raw_slug).await?;
        if link.state() == LinkState::Deleted {
            return Err(AppError::Gone(tellcare::i18n::text("error-link-deleted")));
        }
        Ok(link)
    }

    /// A link deleted or not (deleting twice changes nothing), when `staff` manages its service.
    async fn managed_link_even_deleted(&self, staff: &tellcare::auth::Staff, raw_slug: &str) -> Result<Link, AppError> {
        let missing = || AppError::NotFound(tellcare::i18n::text("error-no-link"));
        let slug = Slug::parse(raw_slug).map_err(|_| missing())?;
        let link = self.store.get_link(&slug).await?.ok_or_else(missing)?;
        check_manages(&self.store, staff, link.service_id).await?;
        Ok(link)
    }
}

fn state_name(state: LinkState) -> &'static str {
    match state {
        LinkState::Open => "enabled",
        LinkState::Disabled => "disabled",
        LinkState::Deleted => "deleted",
    }
}

async fn create_link(
    State(inv): State<Invitations>,
    SignedIn(staff): SignedIn,
    Path(id): Path<String>,
    Json(input): Json<LinkInput>,
) -> Result<(StatusCode, Json<LinkView>), AppError> {
    let service = managed_service(&inv.store, &staff, &id).await?;
    let mut new = NewLink::parse(&input)?;
    if new.language.is_none() {
        new.language = Some(inv.store.get_service(service).await?.ok_or_else(no_service)?.language);
    }
    let actor = staff.actor();
    let by = ChangeBy { actor: &actor, at: OffsetDateTime::now_utc() };
    let link = inv.store.create_link(new, service, OffsetDateTime::now_utc(), Some(by)).await?;
    tracing::info!(service = %service, by = %staff.subject, "invitation link created");
    Ok((StatusCode::CREATED, Json(inv.view(link))))
}

async fn list_links(
    State(inv): State<Invitations>,
    SignedIn(staff): SignedIn,
    Path(id): Path<String>,
) -> Result<Json<Vec<LinkView>>, AppError> {
    let service = managed_service(&inv.store, &staff, &id).await?;
    if inv.store.get_service(service).await?.is_none() {
        return Err(no_service());
    }
    let links = inv.store.list_links(service).await?;
    Ok(Json(links.into_iter().map(|link| inv.view(link)).collect()))
}

async fn get_link(
    State(inv): State<Invitations>,
    SignedIn(staff): SignedIn,
    Path(slug): Path<String>,
) -> Result<Json<LinkView>, AppError> {
    Ok(Json(inv.view(inv.managed_link(&staff, &slug).await?)))
}

async fn update_link(
    State(inv): State<Invitations>,
    SignedIn(staff): SignedIn,
    Path(slug): Path<String>,
    Json(input): Json<LinkPatchInput>,
) -> Result<Json<LinkView>, AppError> {
    let before = inv.managed_link(&staff, &slug).await?;
    let patch = LinkPatch::parse(&input)?;
    let actor = staff.actor();
    let link =
        links::change(&inv.store, before, &patch, ChangeBy { actor: &actor, at: OffsetDateTime::now_utc() }).await?;
    tracing::info!(by = %staff.subject, enabled = link.enabled, "invitation link changed");
    Ok(Json(inv.view(link)))
}

async fn delete_link(
    State(inv): State<Invitations>,
    SignedIn(staff): SignedIn,
    Path(slug): Path<String>,
) -> Result<StatusCode, AppError> {
    let before = inv.managed_link_even_deleted(&staff, &slug).await?;
    let (actor, now) = (staff.actor(), OffsetDateTime::now_utc());
    links::delete(&inv.store, before, now, ChangeBy { actor: &actor, at: now }).await?;
    tracing::info!(by = %staff.subject, "invitation link deleted");
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize)]
struct PngQuery {
    size: Option<String>,
}

async fn qr_png(
    State(inv): State<Invitations>,
    SignedIn(staff): SignedIn,
    Path(slug): Path<String>,
    query: Result<Query<PngQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let Query(query) = query.map_err(|err| AppError::BadRequest(err.body_text()))?;
    let size = PngSize::parse(query.size.as_deref())
        .map_err(|message| AppError::Invalid(vec![FieldError::new("size", message)]))?;
    serve_qr(&inv, inv.managed_link(&staff, &slug).await?, QrFormat::Png(size), &headers).await
}

async fn qr_svg(
    State(inv): State<Invitations>,
    SignedIn(staff): SignedIn,
    Path(slug): Path<String>,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    serve_qr(&inv, inv.managed_link(&staff, &slug).await?, QrFormat::Svg, &headers).await
}

/// A link's QR code, rendered once per address and size and kept in the bucket. The key
/// names exactly what was drawn, so it doubles as the ETag: a browser that has it gets 304.
async fn serve_qr(inv: &Invitations, link: Link, format: QrFormat, headers: &HeaderMap) -> Result<Response, AppError> {
    let url = link.public_url(&inv.public_base_url);
    let key = format.cache_key(link.slug.as_str(), &url);
    let etag = format!("\"{}\"", key.rsplit('/').next().unwrap_or(&key));
    let cache = [(header::CACHE_CONTROL, "private, max-age=3600"), (header::VARY, "Authorization, Cookie")];
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(etag.as_str()) {
        return Ok((StatusCode::NOT_MODIFIED, [(header::ETAG, etag)], cache).into_response());
    }
    let bytes = inv
        .assets
        .kept_or_render(&key, format.content_type(), || LinkQr::new(&url).and_then(|qr| qr.render(format)))
        .await
        .map_err(|err| match err {
            QrError::TooSmall(..) => AppError::Invalid(vec![FieldError::new("size", err.to_string())]),
            other => AppError::internal(other),
        })?;
    let extension = if matches!(format, QrFormat::Svg) { "svg" } else { "png" };
    let disposition = format!("inline; filename=\"tellcare-{}.{extension}\"", link.slug);
    let mut response = (cache, bytes).into_response();
    let response_headers = response.headers_mut();
    response_headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(format.content_type()));
    response_headers.insert(header::ETAG, HeaderValue::from_str(&etag).map_err(AppError::internal)?);
    response_headers
        .insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).map_err(AppError::internal)?);
    Ok(response)
}

/// The A4 poster: opened in a browser with the admin cookie, so it is a page, and its errors
/// are pages too.
async fn poster(
    State(inv): State<Invitations>,
    staff: Result<SignedIn, AppError>,
    Path(slug): Path<String>,
) -> Result<Page, PageError> {
    let SignedIn(staff) = staff?;
    let link = inv.managed_link(&staff, &slug).await?;
    let service = inv
        .store
        .get_service(link.service_id)
        .await?
        .ok_or_else(|| AppError::internal("a link's service is missing"))?;
    let url = link.public_url(&inv.public_base_url);
    let qr = LinkQr::new(&url).map_err(AppError::internal)?;
    // What people type: no scheme, and no `?lang=`, since the link's page opens in its language.
    let typed = url.split_once("://").map_or(url.as_str(), |(_, rest)| rest);
    let short_address = typed.split_once('?').map_or(typed, |(path, _)| path);
    let languages = PosterPage::languages_for(link.language);
    Ok(web::render(&PosterPage { service_name: &service.name, qr_svg: &qr.svg(), short_address, languages })?)
}

/// A service's links for staff, with their QR codes, counts and posters.
async fn links_page(
    State(inv): State<Invitations>,
    staff: Result<SignedIn, AppError>,
    Path(id): Path<String>,
) -> Result<Page, PageError> {
    let SignedIn(staff) = staff?;
    let id = managed_service(&inv.store, &staff, &id).await?;
    let service = inv.store.get_service(id).await?.ok_or_else(no_service)?;
    let links = inv.store.list_links(id).await?;
    let rows = links
        .iter()
        .map(|link| LinkRow {
            link,
            address: link.public_url(&inv.public_base_url),
            state: tellcare::i18n::text(match link.state() {
                LinkState::Open => "links-open",
                _ => "links-off",
            }),
        })
        .collect();
    Ok(web::render(&AdminLinksPage { service: &service, links: rows })?)
}
