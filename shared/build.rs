//! Two things cargo cannot see for itself:
//! - the catalogues are compiled in (`fluent_templates::static_loader!`), which does not tell
//!   cargo about them: a change to a message, or a new file, must rebuild the crate;
//! - the Content-Security-Policy allows the two inline stylesheets by their SHA-256, worked out
//!   here once rather than at every cold start (hashing 12 KB of CSS was a seventh of one).

use std::path::Path;

use base64::Engine;
use sha2::{Digest, Sha256};

fn main() {
    println!("cargo:rerun-if-changed=locales");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut hashes = String::new();
    for (name, file) in [("SITE_CSS_HASH", "templates/site.css"), ("POSTER_CSS_HASH", "templates/poster.css")] {
        println!("cargo:rerun-if-changed={file}");
        let css = std::fs::read(file).unwrap_or_else(|e| panic!("reading {file}: {e}"));
        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(&css));
        hashes.push_str(&format!("pub const {name}: &str = \"'sha256-{hash}'\";\n"));
    }
    std::fs::write(Path::new(&out).join("style_hashes.rs"), hashes).expect("writing to OUT_DIR");
}
