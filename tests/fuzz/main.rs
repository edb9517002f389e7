//! The fuzz targets' properties (`fuzz/checks.rs`) on the stable toolchain:
//! seeds from the project's own test data, mutated at random (byte flips,
//! insertions of hostile characters, splices) for a bounded time per
//! target. `EVENTMAP_FUZZ_SECONDS` sets the time (default 2 s, so that
//! `cargo test` stays quick; `.ci/run` gives each target longer), and
//! `EVENTMAP_FUZZ_SEED` the random seed (default: from the clock, printed).
//! A failing input is written to `target/fuzz-findings/` before the panic
//! goes on.

#[path = "../../fuzz/checks.rs"]
mod checks;

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::time::{Duration, Instant};

/// Texts the mutations start from.
fn seeds() -> Vec<Vec<u8>> {
    let mut seeds: Vec<Vec<u8>> = vec![
        include_bytes!("../data/samples/dailynk-border-barriers.txt").to_vec(),
        include_bytes!("../data/quality/en.jsonl").to_vec(),
        include_bytes!("../data/quality/ko.jsonl").to_vec(),
        b"{\"id\": 1, \"text\": \"Hyesan\", \"date\": \"2024-01-02\"}\n{\n".to_vec(),
        b"{\n  \"id\": \"a\",\n  \"text\": \"Sinuiju, North Pyongan Province\"\n}\n".to_vec(),
        "\u{FEFF}양강도 혜산시에서 주민들이 체포됐다. 회령 소식통"
            .as_bytes()
            .to_vec(),
        "KP.13\tP'yŏngyang\tP'yongyang\t1871856\nKP.13.1\tX\tX\t2\n"
            .as_bytes()
            .to_vec(),
    ];
    let rows = include_str!("../../gazetteer/sources/geonames/cities500_KP.txt");
    seeds.push(
        rows.lines()
            .take(20)
            .collect::<Vec<_>>()
            .join("\n")
            .into_bytes(),
    );
    seeds
}

/// Pieces that tend to break text handling.
const TOKENS: &[&str] = &[
    "\u{200B}",
    "\u{200D}",
    "\u{AD}",
    "\u{FEFF}",
    "\u{306}",
    "\u{202E}",
    "\0",
    "\n",
    "\r\n",
    "\t",
    "{",
    "}",
    "\"",
    "\\",
    "\\u",
    "'",
    "’",
    "-",
    "–",
    " ",
    "ŏ",
    "ŭ",
    "회령",
    "군",
    "리",
    "도",
    "Province",
    "County",
    "in ",
    "of ",
    " and ",
    "between ",
    "source in ",
    "PK\u{3}\u{4}",
    "Hoeryong",
    "Hyesan",
    "Sinuiju",
    "사이",
    "와 ",
    "\u{1F600}",
    "İ",
    "ﬁ",
    "Ⅻ",
];

/// xorshift64*: reproducible from the seed, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], input: &mut Vec<u8>) {
    for _ in 0..=rng.below(8) {
        let at = rng.below(input.len() + 1);
        match rng.below(6) {
            0 if !input.is_empty() => {
                let i = rng.below(input.len());
                input[i] ^= 1 << rng.below(8);
            }
            1 => input.insert(at, rng.next() as u8),
            2 | 3 => {
                let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                input.splice(at..at, token.iter().copied());
            }
            4 if !input.is_empty() => {
                let end = (at + rng.below(64)).min(input.len());
                input.drain(at.min(end)..end);
            }
            _ => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len());
                let to = (from + rng.below(256)).min(other.len());
                input.splice(at..at, other[from..to].iter().copied());
            }
        }
    }
    input.truncate(16 << 10);
}

fn fuzz(name: &str, check: fn(&[u8])) {
    let seconds: f64 = std::env::var("EVENTMAP_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2.0);
    let seed: u64 = std::env::var("EVENTMAP_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        })
        | 1;
    let seeds = seeds();
    let mut rng = Rng(seed);
    let started = Instant::now();
    let mut runs = 0u64;
    // The seeds themselves first, then mutations of them.
    let mut pending: Vec<Vec<u8>> = seeds.clone();
    while started.elapsed() < Duration::from_secs_f64(seconds) || !pending.is_empty() {
        let input = pending.pop().unwrap_or_else(|| {
            let mut input = seeds[rng.below(seeds.len())].clone();
            mutate(&mut rng, &seeds, &mut input);
            input
        });
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| check(&input))) {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-findings");
            let _ = std::fs::create_dir_all(&dir);
            let path = dir.join(format!("{name}-{seed}-{runs}.bin"));
            let _ = std::fs::write(&path, &input);
            eprintln!(
                "fuzz {name}: finding after {runs} inputs, saved to {}",
                path.display()
            );
            resume_unwind(panic);
        }
        runs += 1;
    }
    eprintln!(
        "fuzz {name}: {runs} inputs in {:.1} s without a finding (EVENTMAP_FUZZ_SEED={seed})",
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn readers() {
    fuzz("readers", checks::readers);
}

#[test]
fn normalizer() {
    fuzz("normalizer", checks::normalizer);
}

#[test]
fn matcher() {
    fuzz("matcher", checks::matcher);
}

#[test]
fn dump_parser() {
    fuzz("dump_parser", checks::dump_parser);
}
