//! Two things worked out once here rather than at run time:
//! - the catalogues' files, each language's compiled in (`catalogues.rs`, read by `i18n.rs`):
//!   a change to a message, or a new file, rebuilds the crate;
//! - the Content-Security-Policy allows the two inline stylesheets by their SHA-256, worked out
//!   here once rather than at every cold start (hashing 12 KB of CSS was a seventh of one).

use std::path::Path;

use base64::Engine;
use sha2::{Digest, Sha256};

fn main() {
    println!("cargo:rerun-if-changed=locales");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut catalogues = String::new();
    for (name, language) in [("ENGLISH", "en-GB"), ("WELSH", "cy-GB")] {
        let dir =
            Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("locales").join(language);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
            .map(|entry| entry.expect("a readable entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "ftl"))
            .collect();
        files.sort();
        let includes: Vec<String> =
            files.iter().map(|path| format!("include_str!({:?})", path.display().to_string())).collect();
        catalogues.push_str(&format!("pub const {name}: &[&str] = &[{}];\n", includes.join(", ")));
    }
    std::fs::write(Path::new(&out).join("catalogues.rs"), catalogues).expect("writing to OUT_DIR");
    let mut hashes = String::new();
    for (name, file) in [("SITE_CSS_HASH", "templates/site.css"), ("POSTER_CSS_HASH", "templates/poster.css")] {
        println!("cargo:rerun-if-changed={file}");
        let css = std::fs::read(file).unwrap_or_else(|e| panic!("reading {file}: {e}"));
        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(&css));
        hashes.push_str(&format!("pub const {name}: &str = \"'sha256-{hash}'\";\n"));
    }
    std::fs::write(Path::new(&out).join("style_hashes.rs"), hashes).expect("writing to OUT_DIR");
}
