//! The gazetteer: every place eventmap can link a mention to.
//!
//! A [`Gazetteer`] holds [`Place`]s (a point, a feature class and code,
//! country and admin codes, population, the source it came from) and all
//! their [`Name`]s (primary, ASCII, alternates in any script, the English
//! forms news use, generated romanizations), with an index from folded names
//! ([`crate::normalize::lookup_key`]) to places.
//!
//! The default gazetteer is built from the source files under
//! `gazetteer/sources/` by [`build::build_bundled`], written to
//! `gazetteer/places.tsv` and `gazetteer/names.tsv`, and embedded in the
//! binary ([`Gazetteer::embedded`]). `eventmap gazetteer update` writes
//! directories of the same format.
//!
//! # On-disk format
//!
//! A gazetteer directory holds two UTF-8, tab-separated tables with a header
//! line. Lines starting with `#` are comments. Fields never contain tabs or
//! newlines.
//!
//! `places.tsv`, one row per place:
//!
//! | column | type | meaning |
//! |---|---|---|
//! | `id` | text | stable id naming the source: `geonames:2044091`, `ne-country:KP`, `ne-river:680`, `oad:KP0102`, `kostat:31250` |
//! | `name` | text | primary name |
//! | `ascii_name` | text | the name in plain ASCII |
//! | `feature_class` | one letter | GeoNames feature class (`A`, `H`, `P`, `T`, ...) |
//! | `feature_code` | text | GeoNames feature code (`PCLI` country, `ADM1` province, `ADM2` county/city district, `PPLA2`, `STM` river, `MT` mountain, ...); empty when the source does not say |
//! | `country` | ISO 3166-1 alpha-2 | country the place is in (border rivers and Paektu-san: `KP`) |
//! | `admin1` | text | GeoNames admin1 code (`KP.17`), empty when unknown or not applicable |
//! | `admin2` | text | GeoNames admin2 code (`KP.13.2041997`), empty when unknown |
//! | `population` | integer | 0 when unknown |
//! | `lat`, `lon` | decimal degrees | WGS84 point: the place itself, a label point inside a polygon, or a point on a line |
//! | `source` | text | which data the row comes from: `geonames`, `geonames+naturalearth`, `naturalearth`, `open-admin-data`, `kostat` |
//! | `confidence` | 0..1 | how far the point can be trusted: 1 for GeoNames and Natural Earth points, lower for derived points (county centroids of unknown provenance) |
//!
//! `names.tsv`, one row per name of a place:
//!
//! | column | type | meaning |
//! |---|---|---|
//! | `id` | text | the place's `id` in `places.tsv` |
//! | `name` | text | the name as written in the source |
//! | `lang` | text | `ko` (Hangul), `zh` (Han characters), `en` (English forms), empty when the source does not say |
//! | `kind` | text | `primary`, `ascii`, `alternate`, `alias` (a documented English or common form from `gazetteer/aliases.tsv`), `romanized` (generated from the Hangul name), `transliterated` (Hangul generated from a Chinese town's pinyin name), `sino-korean` (the Korean reading of a Chinese place's Han name, from Unihan kHangul), `traditional` (a Han name in traditional characters) |

pub mod build;
pub mod derived;
pub mod designators;
pub mod geonames;
pub mod hanja;
mod key_index;
pub mod lines;
mod place;
mod read;
mod shared;
mod sources;
mod stats;
mod tables;

use rustc_hash::FxHashMap as HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use geo::Point;

use crate::normalize::lookup_key;
use crate::{Error, Result};

use self::key_index::KeyIndex;
pub use self::place::*;
use self::read::{Table, parse_tables};
pub use self::shared::{Interner, SharedStr};
pub use self::stats::Stats;
use self::tables::clean;
pub use self::tables::{NAMES_HEADER, PLACES_HEADER, format_coordinate, write_atomically};

/// Places by a key derived from their names.
type NameIndex = rustc_hash::FxHashMap<Box<[u8]>, Vec<PlaceId>>;

/// The shortest name looked up by the loose romanization key.
const LOOSE_KEY_MIN_LETTERS: usize = 6;

/// Where a loaded gazetteer came from.
#[derive(Debug, Clone, PartialEq)]
pub enum Origin {
    /// The gazetteer embedded in the binary at build time.
    Embedded,
    /// A gazetteer directory on disk.
    Directory(PathBuf),
    /// Built in memory (by the builder or a test).
    Built,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Embedded => f.write_str("embedded"),
            Origin::Directory(dir) => write!(f, "{}", dir.display()),
            Origin::Built => f.write_str("built in memory"),
        }
    }
}

/// The place database with its name index.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    places: Vec<Place>,
    by_id: HashMap<CompactString, PlaceId>,
    by_key: OnceLock<KeyIndex>,
    by_phonetic_key: OnceLock<(NameIndex, NameIndex)>,
    admin1: HashMap<SharedStr, PlaceId>,
    admin2: HashMap<SharedStr, PlaceId>,
    origin: Origin,
    /// See [`Gazetteer::identity`].
    identity: u64,
}

const EMBEDDED_PLACES: &str = include_str!("../../gazetteer/places.tsv");
const EMBEDDED_NAMES: &str = include_str!("../../gazetteer/names.tsv");

impl Gazetteer {
    /// Builds a gazetteer (and its indexes) from places.
    pub fn from_places(places: Vec<Place>, origin: Origin) -> Gazetteer {
        let mut by_id = HashMap::with_capacity_and_hasher(places.len(), Default::default());
        for (i, place) in places.iter().enumerate() {
            by_id.insert(place.id.clone(), PlaceId(i as u32));
        }
        Gazetteer::from_parts(places, by_id, origin)
    }

    /// A gazetteer of places and their index by id (which the table parser
    /// builds anyway, to attach names to places).
    fn from_parts(
        places: Vec<Place>,
        by_id: HashMap<CompactString, PlaceId>,
        origin: Origin,
    ) -> Gazetteer {
        let mut admin1 = HashMap::default();
        let mut admin2 = HashMap::default();
        for (i, place) in places.iter().enumerate() {
            let id = PlaceId(i as u32);
            if place.level() == Level::Province && !place.admin1.is_empty() {
                admin1.insert(place.admin1, id);
            }
            if place.level() == Level::County && !place.admin2.is_empty() {
                admin2.entry(place.admin2).or_insert(id);
            }
        }
        Gazetteer {
            places,
            by_id,
            by_key: OnceLock::new(),
            by_phonetic_key: OnceLock::new(),
            admin1,
            admin2,
            origin,
            identity: {
                static BUILT: AtomicU64 = AtomicU64::new(0);
                BUILT.fetch_add(1, Ordering::Relaxed)
            },
        }
    }

    /// A number no other gazetteer built in this process has (a clone
    /// shares it: its tables are the same). Caches of lookups that outlive
    /// one call, such as the matcher's, are kept per identity.
    pub fn identity(&self) -> u64 {
        self.identity
    }

    /// The name index, built on first use: extraction builds its own
    /// automaton and never needs it, so loading stays fast.
    fn name_index(&self) -> &KeyIndex {
        self.by_key.get_or_init(|| KeyIndex::new(&self.places))
    }

    /// Builds the indexes that extraction uses on first need (the
    /// phonetic index of the matcher's spelling-variant fallback), so that a
    /// caller can build them on another thread while it builds the rest.
    pub fn prepare(&self) {
        self.phonetic_index();
    }

    /// The strict and loose phonetic keys of the North and South Korean
    /// places' romanized names, built on first use.
    fn phonetic_index(&self) -> &(NameIndex, NameIndex) {
        use crate::normalize::romanize::{loose_key_in_place, phonetic_key_into};
        self.by_phonetic_key.get_or_init(|| {
            let mut strict = NameIndex::default();
            let mut loose = NameIndex::default();
            let mut key = Vec::new();
            for (i, place) in self.places.iter().enumerate() {
                if !matches!(place.country.as_str(), "KP" | "KR") {
                    continue;
                }
                let id = PlaceId(i as u32);
                for name in &place.names {
                    let folded = crate::normalize::fold(&name.text);
                    if folded.chars().count() < 5 || !folded.is_ascii() {
                        continue;
                    }
                    phonetic_key_into(&folded, &mut key);
                    let strict_key: Box<[u8]> = key.as_slice().into();
                    loose_key_in_place(&mut key);
                    for (index, key) in [
                        (&mut loose, key.as_slice().into()),
                        (&mut strict, strict_key),
                    ] {
                        let ids = index.entry(key).or_default();
                        if ids.last() != Some(&id) {
                            ids.push(id);
                        }
                    }
                }
            }
            (strict, loose)
        })
    }

    /// The default gazetteer, embedded in the binary at build time and
    /// parsed on first use.
    pub fn embedded() -> &'static Gazetteer {
        static EMBEDDED: OnceLock<Gazetteer> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            let path = Path::new("<embedded>");
            let (places, by_id) = parse_tables(
                Table {
                    path: &path.join("places.tsv"),
                    text: Some(EMBEDDED_PLACES),
                },
                Table {
                    path: &path.join("names.tsv"),
                    text: Some(EMBEDDED_NAMES),
                },
            )
            .expect("the embedded gazetteer is checked by the test suite");
            Gazetteer::from_parts(places, by_id, Origin::Embedded)
        })
    }

    /// Loads a gazetteer directory (`places.tsv` and `names.tsv`).
    pub fn load_dir(dir: &Path) -> Result<Gazetteer> {
        let (places, by_id) = parse_tables(
            Table {
                path: &dir.join("places.tsv"),
                text: None,
            },
            Table {
                path: &dir.join("names.tsv"),
                text: None,
            },
        )?;
        Ok(Gazetteer::from_parts(
            places,
            by_id,
            Origin::Directory(dir.to_path_buf()),
        ))
    }

    /// Writes `places.tsv` and `names.tsv` into the existing directory
    /// `dir`, each through a temporary file renamed into place.
    pub fn write_dir(&self, dir: &Path) -> Result<()> {
        let (places, names) = self.to_tables();
        write_atomically(&dir.join("places.tsv"), places.as_bytes())?;
        write_atomically(&dir.join("names.tsv"), names.as_bytes())?;
        Ok(())
    }

    /// The two tables as text, in the on-disk format.
    pub fn to_tables(&self) -> (String, String) {
        use std::fmt::Write;
        let mut places = String::with_capacity(self.places.len() * 120);
        let mut names = String::with_capacity(self.places.len() * 200);
        places.push_str(PLACES_HEADER);
        places.push('\n');
        names.push_str(NAMES_HEADER);
        names.push('\n');
        for p in &self.places {
            let _ = writeln!(
                places,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                p.id,
                clean(&p.name),
                clean(&p.ascii_name),
                p.feature_class,
                p.feature_code,
                p.country,
                p.admin1,
                p.admin2,
                p.population,
                format_coordinate(p.point.y()),
                format_coordinate(p.point.x()),
                p.source,
                p.confidence
            );
            for n in &p.names {
                let _ = writeln!(
                    names,
                    "{}\t{}\t{}\t{}",
                    p.id,
                    clean(&n.text),
                    n.lang,
                    n.kind.as_str()
                );
            }
        }
        (places, names)
    }

    /// Where this gazetteer came from.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// True when the gazetteer has no places.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// All places, in table order.
    pub fn places(&self) -> &[Place] {
        &self.places
    }

    /// The place with index `id`.
    pub fn place(&self, id: PlaceId) -> &Place {
        &self.places[id.0 as usize]
    }

    /// The place with the stable id `id` (`geonames:2044091`).
    pub fn by_id(&self, id: &str) -> Option<PlaceId> {
        self.by_id.get(id).copied()
    }

    /// The province (admin1 place) with GeoNames admin1 code `code`.
    pub fn admin1(&self, code: &str) -> Option<&Place> {
        self.admin1.get(code).map(|&id| self.place(id))
    }

    /// The county or city (admin2 place) with GeoNames admin2 code `code`.
    pub fn admin2(&self, code: &str) -> Option<&Place> {
        self.admin2.get(code).map(|&id| self.place(id))
    }

    /// Places with a name whose lookup key equals that of `name`, unranked.
    pub fn candidates(&self, name: &str) -> &[PlaceId] {
        self.name_index().get(name)
    }

    /// North and South Korean places whose Latin names (of at least five
    /// letters) share the romanization key of `folded` (a folded Latin
    /// name): the fallback for spellings no source lists (Shinuiju,
    /// Yangkang, Ryongampo). The strict key
    /// ([`crate::normalize::romanize::phonetic_key`]) is tried first, then
    /// the looser one for ad-hoc older spellings
    /// ([`crate::normalize::romanize::loose_key`]: Huiryung, Chungjin). The
    /// indexes are built on first use.
    pub fn phonetic_candidates(&self, folded: &str) -> Option<&[PlaceId]> {
        let mut key = Vec::with_capacity(folded.len());
        crate::normalize::romanize::phonetic_key_into(folded, &mut key);
        let letters = folded.chars().filter(char::is_ascii_alphabetic).count();
        self.phonetic_candidates_by_key(&key, letters, &mut Vec::new())
    }

    /// [`Gazetteer::phonetic_candidates`] of a name whose strict key and
    /// number of ASCII letters the caller computed (the matcher computes
    /// the keys of one to three words in one pass); `scratch` holds the
    /// loose key.
    pub fn phonetic_candidates_by_key(
        &self,
        strict_key: &[u8],
        letters: usize,
        scratch: &mut Vec<u8>,
    ) -> Option<&[PlaceId]> {
        use crate::normalize::romanize::loose_key_in_place;
        let (strict, loose) = self.phonetic_index();
        if let Some(ids) = strict.get(strict_key) {
            return Some(ids.as_slice());
        }
        // The loose key merges more: only for longer names, where a chance
        // collision with an unrelated word is unlikely.
        if letters < LOOSE_KEY_MIN_LETTERS {
            return None;
        }
        scratch.clear();
        scratch.extend_from_slice(strict_key);
        loose_key_in_place(scratch);
        loose.get(scratch.as_slice()).map(Vec::as_slice)
    }

    /// Places named `name`, best first: exact primary names before
    /// alternates, then countries, provinces and seats before villages, then
    /// larger populations. `country` keeps only places in that country.
    pub fn lookup(&self, name: &str, country: Option<&str>) -> Vec<&Place> {
        let key = lookup_key(name);
        let mut ids = self.candidates(name);
        if ids.is_empty() && name.chars().any(crate::normalize::is_hangul_syllable) {
            // A Hangul name no source lists: try its romanizations (보천군 → Pochon).
            let stem = designators::strip_designator(name).unwrap_or_else(|| name.to_string());
            if let Some(found) = crate::normalize::romanize::romanized_variants(&stem)
                .iter()
                .map(|v| self.candidates(v))
                .find(|c| !c.is_empty())
            {
                ids = found;
            }
        }
        if ids.is_empty() {
            ids = self
                .phonetic_candidates(&crate::normalize::fold(name))
                .unwrap_or(&[]);
        }
        let mut found: Vec<&Place> = ids
            .iter()
            .map(|&id| self.place(id))
            .filter(|p| country.is_none_or(|c| p.country.eq_ignore_ascii_case(c)))
            .collect();
        found.sort_by(|a, b| {
            let primary =
                |p: &Place| !(lookup_key(&p.name) == key || lookup_key(&p.ascii_name) == key);
            (
                primary(a),
                importance_rank(a),
                std::cmp::Reverse(a.population),
                &a.id,
            )
                .cmp(&(
                    primary(b),
                    importance_rank(b),
                    std::cmp::Reverse(b.population),
                    &b.id,
                ))
        });
        found
    }
}
