//! Rebuilds carnet when the built-in event (content, templates, fonts) changes:
//! those folders are embedded in the binary.

fn main() {
    for folder in ["content", "templates", "fonts"] {
        println!("cargo:rerun-if-changed={folder}");
    }
}
