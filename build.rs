//! Embeds the bundled question bank (`questions/backend/`) so installed binaries carry it.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("questions")
        .join("backend");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".ron"))
                .collect()
        })
        .unwrap_or_default();
    // pack.ron first, then the category files in name order, as for a pack directory on disk.
    names.sort_by_key(|name| (name != "pack.ron", name.clone()));
    let mut out = String::from(
        "pub static DIR: &str = \"backend\";\npub static FILES: &[(&str, &str)] = &[\n",
    );
    for name in &names {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    out.push_str("];\n");
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    if let Err(error) = std::fs::write(Path::new(&out_dir).join("bundled.rs"), out) {
        println!("cargo:warning=cannot write the bundled bank: {error}");
        std::process::exit(1);
    }
}
