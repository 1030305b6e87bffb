#![allow(clippy::unwrap_used)]
use skillgap::pack::{
    self,
    raw::{RawCategoryFile, RawPack},
};
use std::time::Instant;
fn main() {
    let dir = std::path::Path::new("questions/backend");
    let mut texts = vec![];
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    for p in &names {
        texts.push((p.clone(), std::fs::read_to_string(p).unwrap()));
    }
    for _ in 0..3 {
        let t = Instant::now();
        for (p, t) in &texts {
            if p.ends_with("pack.ron") {
                let _: RawPack = pack::ron_options().from_str(t).unwrap();
            } else {
                let _: RawCategoryFile = pack::ron_options().from_str(t).unwrap();
            }
        }
        let raw = t.elapsed();
        let t = Instant::now();
        let _p = pack::load_path(dir).unwrap();
        let full = t.elapsed();
        let t = Instant::now();
        let b = pack::load_bundled().unwrap();
        let bundled = t.elapsed();
        println!(
            "raw parse {raw:?}  load dir {full:?}  load bundled {bundled:?} {}",
            &b.content_hash()[..8]
        );
    }
}
