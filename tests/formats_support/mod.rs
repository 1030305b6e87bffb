//! A seeded mutator for the format robustness tests: bytes inserted, replaced and removed,
//! with pieces of the format's own syntax spliced in, so mutants reach deep into the parser.
#![allow(dead_code)]

/// How many mutants each robustness test runs: `SKILLGAP_FUZZ_CASES` (e.g. 100000 for the
/// full run), 2,000 by default so CI stays quick.
pub fn cases() -> usize {
    std::env::var("SKILLGAP_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2_000)
}

/// xorshift64*: small, seeded, the same sequence on every machine.
#[derive(Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// `base` with 1 to 12 edits: a piece inserted, a short run replaced by a piece or removed,
/// or a run duplicated (which grows nesting and repeats).
pub fn mutate(base: &str, pieces: &[&str], rng: &mut Rng) -> String {
    let mut text = base.to_owned();
    let edits = 1 + rng.below(12);
    for _ in 0..edits {
        let at = boundary(&text, rng.below(text.len() + 1));
        let end = boundary(&text, at + 1 + rng.below(8));
        let piece = pieces.get(rng.below(pieces.len())).copied().unwrap_or("");
        match rng.below(4) {
            0 => text.insert_str(at, piece),
            1 => text.replace_range(at..end, piece),
            2 => text.replace_range(at..end, ""),
            _ => {
                let far = boundary(&text, at + rng.below(200));
                let run = text.get(at..far).unwrap_or("").to_owned();
                if text.len() + run.len() < 1 << 20 {
                    text.insert_str(far, &run);
                }
            }
        }
    }
    text
}
