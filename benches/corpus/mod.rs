//! A realistic news corpus for the benches, generated from hand-written
//! templates (`en.txt`, `ko.txt`) and place names (`places.tsv`) in this
//! folder: short, medium and long documents, English and Korean, with about
//! the mention density of real border reporting (several place mentions a
//! kilobyte, most sentences naming none or one place).
//!
//! The output is JSON Lines (`id`, `date`, `title`, `source`, `text`), the
//! same for the same seed and size on every machine.

use std::io::Write;

/// The kinds of slot a template can hold.
const KINDS: [&str; 7] = [
    "town", "county", "province", "river", "cn", "capital", "country",
];

/// Which languages the corpus holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mix {
    /// English only.
    English,
    /// Three English documents in four, one Korean.
    Mixed,
}

impl Mix {
    /// Parses `en` or `mixed`.
    pub fn parse(s: &str) -> Option<Mix> {
        match s {
            "en" => Some(Mix::English),
            "mixed" => Some(Mix::Mixed),
            _ => None,
        }
    }
}

/// A small deterministic generator (xorshift64*): the corpus must not
/// depend on a crate version or on the platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &'a [String]) -> &'a str {
        &items[self.below(items.len())]
    }
}

/// Templates and names of one language.
struct Language {
    templates: Vec<String>,
    names: Vec<Vec<String>>,
}

fn data(file: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("benches/corpus")
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn content_lines(body: &str) -> impl Iterator<Item = &str> {
    body.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn languages() -> (Language, Language) {
    let places = data("places.tsv");
    let mut en = vec![Vec::new(); KINDS.len()];
    let mut ko = vec![Vec::new(); KINDS.len()];
    for line in content_lines(&places) {
        let cols: Vec<&str> = line.split('\t').collect();
        let kind = KINDS
            .iter()
            .position(|k| *k == cols[0])
            .unwrap_or_else(|| panic!("places.tsv: unknown kind {}", cols[0]));
        en[kind].push(cols[1].to_string());
        ko[kind].push(cols[2].to_string());
    }
    let templates = |file| content_lines(&data(file)).map(str::to_string).collect();
    (
        Language {
            templates: templates("en.txt"),
            names: en,
        },
        Language {
            templates: templates("ko.txt"),
            names: ko,
        },
    )
}

/// Fills the slots of `template`.
fn fill(template: &str, names: &[Vec<String>], rng: &mut Rng, out: &mut String) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = open + rest[open..].find('}').expect("closed slot");
        let kind = &rest[open + 1..close];
        let k = KINDS
            .iter()
            .position(|x| *x == kind)
            .unwrap_or_else(|| panic!("unknown slot {{{kind}}}"));
        out.push_str(rng.pick(names[k].as_slice()));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
}

/// One document's text: a length class (short notes, ordinary reports,
/// long features), paragraphs of a few sentences, an optional dateline.
fn document(lang: &Language, korean: bool, rng: &mut Rng) -> (String, String) {
    let sentences = match rng.below(100) {
        0..=34 => 1 + rng.below(3),
        35..=84 => 5 + rng.below(9),
        _ => 20 + rng.below(30),
    };
    let mut text = String::new();
    if !korean && rng.below(3) == 0 {
        let town = rng.pick(lang.names[0].as_slice()).to_uppercase();
        text.push_str(&town);
        text.push_str(", North Korea - ");
    }
    let mut title = String::new();
    for i in 0..sentences {
        if i > 0 {
            text.push_str(if rng.below(4) == 0 { "\n\n" } else { " " });
        }
        let start = text.len();
        let template = rng.pick(lang.templates.as_slice());
        fill(template, &lang.names, rng, &mut text);
        if i == 0 {
            title = text[start..].chars().take(60).collect();
        }
    }
    (title, text)
}

/// Writes at least `target_bytes` of JSON Lines to `out`; returns the bytes
/// written and the number of documents.
pub fn write(out: &mut dyn Write, target_bytes: u64, mix: Mix, seed: u64) -> (u64, usize) {
    let (en, ko) = languages();
    let mut rng = Rng(seed | 1);
    let mut written = 0u64;
    let mut n = 0usize;
    while written < target_bytes {
        let korean = mix == Mix::Mixed && rng.below(4) == 0;
        let (title, text) = document(if korean { &ko } else { &en }, korean, &mut rng);
        let date = format!(
            "20{:02}-{:02}-{:02}",
            15 + rng.below(10),
            1 + rng.below(12),
            1 + rng.below(28)
        );
        let record = serde_json::json!({
            "id": format!("bench-{n}"),
            "date": date,
            "title": title,
            "source": format!("https://news.example.org/{}/{n}", if korean { "ko" } else { "en" }),
            "text": text,
        });
        let line = record.to_string();
        out.write_all(line.as_bytes()).expect("write corpus");
        out.write_all(b"\n").expect("write corpus");
        written += line.len() as u64 + 1;
        n += 1;
    }
    (written, n)
}
