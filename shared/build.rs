//! Two things worked out once here rather than at run time:
//! - the catalogues' files, compiled in, and which file holds each message (`catalogues.rs`,
//!   read by `i18n.rs`), so a function parses only the files of the messages it shows; a change
//!   to a message, or a new file, rebuilds the crate;
//! - the Content-Security-Policy allows the two inline stylesheets by their SHA-256, worked out
//!   here once rather than at every cold start (hashing 12 KB of CSS was a seventh of one).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use base64::Engine;
use sha2::{Digest, Sha256};

fn main() {
    println!("cargo:rerun-if-changed=locales");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("catalogues.rs"), catalogues()).expect("writing to OUT_DIR");
    let mut hashes = String::new();
    for (name, file) in [("SITE_CSS_HASH", "templates/site.css"), ("POSTER_CSS_HASH", "templates/poster.css")] {
        println!("cargo:rerun-if-changed={file}");
        let css = std::fs::read(file).unwrap_or_else(|e| panic!("reading {file}: {e}"));
        let hash = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(&css));
        hashes.push_str(&format!("pub const {name}: &str = \"'sha256-{hash}'\";\n"));
    }
    std::fs::write(Path::new(&out).join("style_hashes.rs"), hashes).expect("writing to OUT_DIR");
}

/// Each language's files, and each message's file. Both languages keep a message in the
/// file of the same name (the build fails otherwise), so one table serves both.
fn catalogues() -> String {
    let locales = Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("locales");
    let [english, welsh] = ["en-GB", "cy-GB"].map(|language| files(&locales.join(language)));
    let names = |files: &[PathBuf]| files.iter().map(|f| f.file_name().map(|n| n.to_owned())).collect::<Vec<_>>();
    assert_eq!(names(&english), names(&welsh), "both languages have the same catalogue files");
    let placed = |files: &[PathBuf]| {
        let mut placed = BTreeMap::new();
        for (index, file) in files.iter().enumerate() {
            let source = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
            // A message starts its line with its id (attributes and continuations are indented).
            for id in source.lines().filter(|l| l.starts_with(|c: char| c.is_ascii_alphabetic())) {
                let id = id.split('=').next().unwrap_or_default().trim().to_owned();
                assert!(placed.insert(id.clone(), index).is_none(), "{id} is in one file of {}", file.display());
            }
        }
        placed
    };
    let messages = placed(&english);
    assert_eq!(messages, placed(&welsh), "each message is in the same file in both languages");
    let sources = |files: &[PathBuf]| {
        files.iter().map(|f| format!("include_str!({:?})", f.display().to_string())).collect::<Vec<_>>().join(", ")
    };
    let table: Vec<String> = messages.iter().map(|(id, file)| format!("({id:?}, {file})")).collect();
    format!(
        "pub const FILES: usize = {};\npub const ENGLISH: [&str; FILES] = [{}];\npub const WELSH: [&str; FILES] = [{}];\npub const MESSAGES: &[(&str, usize)] = &[{}];\n",
        english.len(),
        sources(&english),
        sources(&welsh),
        table.join(", ")
    )
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|entry| entry.expect("a readable entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "ftl"))
        .collect();
    files.sort();
    files
}
