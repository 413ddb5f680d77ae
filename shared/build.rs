//! The catalogues are compiled in (`fluent_templates::static_loader!`), which does not tell
//! cargo about them: a change to a message, or a new file, must rebuild the crate.
fn main() {
    println!("cargo:rerun-if-changed=locales");
}
