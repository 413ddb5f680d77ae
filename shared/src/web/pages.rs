//! Server-rendered pages: askama templates compiled into the binary (a template mistake fails
//! the build, not a request), all on one layout.

use askama::Template;
use axum::response::{Html, IntoResponse, Response};

use crate::AppError;
use crate::domain::service::ServiceNode;

/// A rendered page, answered as `text/html; charset=utf-8`.
pub struct Page(pub String);

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        Html(self.0).into_response()
    }
}

pub fn render(template: &impl Template) -> Result<Page, AppError> {
    template.render().map(Page).map_err(AppError::internal)
}

/// The front page: what Tellcare is, and the services on it.
#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage<'a> {
    services: Vec<TreeMark<'a>>,
}

impl<'a> HomePage<'a> {
    pub fn new(services: &'a [ServiceNode]) -> Self {
        Self { services: tree_marks(services) }
    }
}

/// A tree as the marks of nested lists, since templates cannot recurse.
pub enum TreeMark<'a> {
    Open,
    Item(&'a str),
    EndItem,
    Close,
}

fn tree_marks(nodes: &[ServiceNode]) -> Vec<TreeMark<'_>> {
    let mut marks = Vec::new();
    push_marks(nodes, &mut marks);
    marks
}

fn push_marks<'a>(nodes: &'a [ServiceNode], marks: &mut Vec<TreeMark<'a>>) {
    if nodes.is_empty() {
        return;
    }
    marks.push(TreeMark::Open);
    for node in nodes {
        marks.push(TreeMark::Item(&node.name));
        push_marks(&node.children, marks);
        marks.push(TreeMark::EndItem);
    }
    marks.push(TreeMark::Close);
}
