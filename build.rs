//! Embeds the bundled question bank (`questions/backend/`) so installed binaries carry it:
//! the RON texts (for diagnostics) and, when they parse, the same content as JSON, which
//! loads several times faster than RON at start-up. Validation still runs when the bank is
//! loaded; a bank that does not parse is embedded as RON only, and loading it reports why.

use std::fmt::Write as _;
use std::path::Path;

#[allow(dead_code)]
#[path = "src/pack/raw.rs"]
mod raw;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("questions")
        .join("backend");
    println!("cargo:rerun-if-changed={}", dir.display());
    println!("cargo:rerun-if-changed=src/pack/raw.rs");
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
    let mut texts = Vec::new();
    for name in &names {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let _ = writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        );
        texts.push(std::fs::read_to_string(&path).unwrap_or_default());
    }
    out.push_str("];\n");
    let json = bank_json(&texts).unwrap_or_else(|problem| {
        println!("cargo:warning=the bundled bank does not parse ({problem}); run `cargo run -- pack validate questions/backend`");
        String::from("null")
    });
    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let written = std::fs::write(Path::new(&out_dir).join("bundled.json"), json)
        .and_then(|()| std::fs::write(Path::new(&out_dir).join("bundled.rs"), out));
    if let Err(error) = written {
        println!("cargo:warning=cannot write the bundled bank: {error}");
        std::process::exit(1);
    }
}

/// `[pack, [category files...]]` as JSON, parsed with the same RON options as at run time.
fn bank_json(texts: &[String]) -> Result<String, String> {
    let options = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .with_recursion_limit(32);
    let (pack_text, category_texts) = texts.split_first().ok_or("no pack.ron")?;
    let pack: raw::RawPack = options.from_str(pack_text).map_err(|e| e.to_string())?;
    let categories = category_texts
        .iter()
        .map(|text| {
            options
                .from_str::<raw::RawCategoryFile>(text)
                .map_err(|e| e.to_string())
        })
        .collect::<Result<Vec<_>, _>>()?;
    serde_json::to_string(&(pack, categories)).map_err(|e| e.to_string())
}
