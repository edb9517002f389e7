//! Why a mention resolved as it did. The resolver keeps the reasons as
//! data (a few flags and ids per candidate, no strings) and the places
//! layer writes them as text straight into its output: scoring runs for
//! every candidate of every mention, while only the chosen candidate's
//! reasons are ever read.

use std::fmt;

use serde::Serialize;

use crate::gazetteer::{Gazetteer, PlaceId};
use crate::matcher::Designator;

/// The features that counted for one candidate, in the order they are
/// written: `level`, `designator`, `parent`, `focus-admin1`,
/// `focus-country`, `context:chinese-side`, `prior`, `primary-name`,
/// `population`, `near`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Features {
    /// Which of the flag features counted ([`Features::FOCUS_ADMIN1`], ...).
    flags: u8,
    /// The mention's designator, when it fits the candidate's level.
    designator: Option<Designator>,
    /// The parent unit the candidate lies in.
    parent: Option<PlaceId>,
    /// The nearest place chosen for another name, and its distance in km.
    near: Option<(PlaceId, f64)>,
}

impl Features {
    /// The document's mentions point into the candidate's province.
    pub(super) const FOCUS_ADMIN1: u8 = 1;
    /// The document's mentions point into the candidate's country.
    pub(super) const FOCUS_COUNTRY: u8 = 1 << 1;
    /// The sentence speaks of the Chinese side of the border.
    pub(super) const CHINESE_SIDE: u8 = 1 << 2;
    /// The candidate is in the focus country.
    pub(super) const PRIOR: u8 = 1 << 3;
    /// The mention is the candidate's primary or ASCII name.
    pub(super) const PRIMARY_NAME: u8 = 1 << 4;
    /// The candidate has a population.
    pub(super) const POPULATION: u8 = 1 << 5;

    /// Records a flag feature.
    pub(super) fn set(&mut self, flag: u8) {
        self.flags |= flag;
    }

    /// Records the fitting designator.
    pub(super) fn designator(&mut self, d: Designator) {
        self.designator = Some(d);
    }

    /// Records the parent unit the candidate lies in.
    pub(super) fn parent(&mut self, unit: PlaceId) {
        self.parent = Some(unit);
    }

    /// Records the nearest place chosen for another name.
    pub(super) fn near(&mut self, place: PlaceId, km: f64) {
        self.near = Some((place, km));
    }

    fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// Why a mention resolved to its place, or why it did not.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reasons {
    /// The features that counted for the chosen candidate `place`.
    Chosen {
        /// The candidate the features are of.
        place: PlaceId,
        /// Its features.
        features: Features,
    },
    /// The best candidate's probability was below the threshold.
    Abstained(f64),
    /// The mention has no candidate.
    NoCandidate,
    /// A loose match in the country of this place, which the document does
    /// not otherwise mention.
    LooseMatch(PlaceId),
    /// Located at its parent, this place.
    LocatedByParent(PlaceId),
    /// Located at the document's focus, this place.
    LocatedByFocus(PlaceId),
}

impl Reasons {
    /// The reasons as the places layer writes them.
    pub fn texts<'a>(&'a self, gazetteer: &'a Gazetteer) -> impl Iterator<Item = Reason<'a>> + 'a {
        let mut steps = 0u8..;
        std::iter::from_fn(move || {
            loop {
                let step = steps.next()?;
                let item = match *self {
                    Reasons::Chosen { place, features } => {
                        let f = features;
                        let kind = match step {
                            0 => Some(Item::Level(place)),
                            1 => f.designator.map(Item::Designator),
                            2 => f.parent.map(Item::Parent),
                            3 => f
                                .has(Features::FOCUS_ADMIN1)
                                .then_some(Item::FocusAdmin1(place)),
                            4 => f
                                .has(Features::FOCUS_COUNTRY)
                                .then_some(Item::FocusCountry(place)),
                            5 => f.has(Features::CHINESE_SIDE).then_some(Item::ChineseSide),
                            6 => f.has(Features::PRIOR).then_some(Item::Prior(place)),
                            7 => f.has(Features::PRIMARY_NAME).then_some(Item::PrimaryName),
                            8 => f
                                .has(Features::POPULATION)
                                .then_some(Item::Population(place)),
                            9 => f.near.map(|(id, km)| Item::Near(id, km)),
                            _ => return None,
                        };
                        match kind {
                            Some(kind) => kind,
                            None => continue,
                        }
                    }
                    _ if step > 0 => return None,
                    Reasons::Abstained(p) => Item::Abstained(p),
                    Reasons::NoCandidate => Item::NoCandidate,
                    Reasons::LooseMatch(id) => Item::LooseMatch(id),
                    Reasons::LocatedByParent(id) => Item::LocatedByParent(id),
                    Reasons::LocatedByFocus(id) => Item::LocatedByFocus(id),
                };
                return Some(Reason { gazetteer, item });
            }
        })
    }

    /// The reasons as strings (`level:city`, `parent:Ryanggang`, ...).
    pub fn to_strings(&self, gazetteer: &Gazetteer) -> Vec<String> {
        self.texts(gazetteer).map(|r| r.to_string()).collect()
    }

    /// The reasons as a JSON array of strings, written without building
    /// the strings.
    pub fn serializable<'a>(&'a self, gazetteer: &'a Gazetteer) -> ReasonList<'a> {
        ReasonList {
            gazetteer,
            reasons: self,
        }
    }
}

/// One reason, written by its `Display`.
#[derive(Debug, Clone, Copy)]
pub struct Reason<'a> {
    gazetteer: &'a Gazetteer,
    item: Item,
}

#[derive(Debug, Clone, Copy)]
enum Item {
    Level(PlaceId),
    Designator(Designator),
    Parent(PlaceId),
    FocusAdmin1(PlaceId),
    FocusCountry(PlaceId),
    ChineseSide,
    Prior(PlaceId),
    PrimaryName,
    Population(PlaceId),
    Near(PlaceId, f64),
    Abstained(f64),
    NoCandidate,
    LooseMatch(PlaceId),
    LocatedByParent(PlaceId),
    LocatedByFocus(PlaceId),
}

/// A piece of a reason's text.
enum Piece<'a> {
    /// Fixed text of eventmap's own: nothing in it needs escaping in JSON.
    Label(&'static str),
    Text(&'a str),
    Count(u64),
    /// A number written with this many decimals.
    Fixed(f64, usize),
}

impl<'a> Reason<'a> {
    /// Hands the reason's text to `write` piece by piece: what its
    /// `Display` writes and what [`Reason::write_json`] escapes.
    fn pieces<E>(&self, mut write: impl FnMut(Piece<'a>) -> Result<(), E>) -> Result<(), E> {
        use Piece::{Count, Fixed, Label, Text};
        let g = self.gazetteer;
        let (label, value) = match self.item {
            Item::Level(id) => ("level:", Label(g.place(id).level().as_str())),
            Item::Designator(d) => ("designator:", Label(d.as_str())),
            Item::Parent(id) => ("parent:", Text(&g.place(id).name)),
            Item::FocusAdmin1(id) => ("focus-admin1:", Text(&g.place(id).admin1)),
            Item::FocusCountry(id) => ("focus-country:", Text(&g.place(id).country)),
            Item::ChineseSide => ("context:chinese-side", Label("")),
            Item::Prior(id) => ("prior:", Text(&g.place(id).country)),
            Item::PrimaryName => ("primary-name", Label("")),
            Item::Population(id) => ("population:", Count(g.place(id).population)),
            Item::Near(id, km) => {
                write(Label("near:"))?;
                write(Text(&g.place(id).name))?;
                write(Label(" ("))?;
                write(Fixed(km, 0))?;
                return write(Label(" km)"));
            }
            Item::Abstained(p) => ("abstained: best candidate p=", Fixed(p, 2)),
            Item::NoCandidate => ("no candidate", Label("")),
            Item::LooseMatch(id) => {
                write(Label("abstained: loose match in "))?;
                write(Text(&g.place(id).country))?;
                return write(Label(", which the document does not mention"));
            }
            Item::LocatedByParent(id) => ("located-by-parent:", Text(&g.place(id).name)),
            Item::LocatedByFocus(id) => ("located-by-focus:", Text(&g.place(id).name)),
        };
        write(Label(label))?;
        write(value)
    }

    /// Appends the reason as a JSON string, escaped piece by piece: no
    /// formatting machinery for the text, most of a reason.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'"');
        let written: Result<(), std::convert::Infallible> = self.pieces(|piece| {
            match piece {
                Piece::Label(s) => {
                    debug_assert!(!s.contains(['"', '\\']) && !s.contains(char::is_control));
                    out.extend_from_slice(s.as_bytes());
                }
                Piece::Text(s) => crate::layer::json::escaped(out, s),
                Piece::Count(n) => crate::layer::json::unsigned(out, n),
                // A whole number of km (`{x:.0}` rounds half to even), written
                // without the formatting machinery.
                Piece::Fixed(x, 0) if x.is_sign_positive() && x < 1e15 => {
                    crate::layer::json::unsigned(out, x.round_ties_even() as u64)
                }
                Piece::Fixed(x, decimals) => {
                    use std::io::Write;
                    write!(out, "{x:.decimals$}").expect("writing to a Vec cannot fail");
                }
            }
            Ok(())
        });
        let Ok(()) = written;
        out.push(b'"');
    }
}

impl fmt::Display for Reason<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.pieces(|piece| match piece {
            Piece::Label(s) | Piece::Text(s) => f.write_str(s),
            Piece::Count(n) => write!(f, "{n}"),
            Piece::Fixed(x, decimals) => write!(f, "{x:.decimals$}"),
        })
    }
}

/// A mention's reasons as a JSON array of strings (see
/// [`Reasons::serializable`]).
#[derive(Debug, Clone, Copy)]
pub struct ReasonList<'a> {
    gazetteer: &'a Gazetteer,
    reasons: &'a Reasons,
}

impl Serialize for ReasonList<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(None)?;
        for reason in self.reasons.texts(self.gazetteer) {
            seq.serialize_element(&Text(reason))?;
        }
        seq.end()
    }
}

/// A reason serialized as a string straight from its `Display`.
struct Text<'a>(Reason<'a>);

impl Serialize for Text<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_in_order_and_as_json_strings() {
        let g = Gazetteer::embedded();
        let id = g.lookup("Hoeryong", Some("KP"))[0].id.clone();
        let place = PlaceId(
            g.places()
                .iter()
                .position(|p| p.id == id)
                .expect("Hoeryong") as u32,
        );
        let mut features = Features::default();
        features.set(Features::PRIOR);
        features.set(Features::FOCUS_COUNTRY);
        features.designator(Designator::County);
        features.near(place, 12.4);
        let reasons = Reasons::Chosen { place, features };
        let texts = reasons.to_strings(g);
        let level = g.place(place).level().as_str();
        assert_eq!(
            texts,
            [
                format!("level:{level}"),
                "designator:county".to_string(),
                "focus-country:KP".to_string(),
                "prior:KP".to_string(),
                format!("near:{} (12 km)", g.place(place).name),
            ]
        );
        let json = serde_json::to_string(&reasons.serializable(g)).unwrap();
        assert_eq!(json, serde_json::to_string(&texts).unwrap());
        let mut written = Vec::new();
        let others = [
            Reasons::Abstained(0.123),
            Reasons::NoCandidate,
            Reasons::LooseMatch(place),
            Reasons::LocatedByParent(place),
        ];
        for reason in others.iter().chain([&reasons]).flat_map(|r| r.texts(g)) {
            written.clear();
            reason.write_json(&mut written);
            let expected = serde_json::to_string(&reason.to_string()).unwrap();
            assert_eq!(String::from_utf8(written.clone()).unwrap(), expected);
        }
        assert_eq!(
            Reasons::Abstained(0.123).to_strings(g),
            ["abstained: best candidate p=0.12"]
        );
        assert_eq!(Reasons::NoCandidate.to_strings(g), ["no candidate"]);
    }

    /// The JSON writer rounds a distance as `{:.0}` does: half to even.
    #[test]
    fn distances_are_written_as_formatted() {
        let g = Gazetteer::embedded();
        let place = PlaceId(0);
        let mut written = Vec::new();
        for km in [
            0.0,
            0.4,
            0.5,
            1.5,
            2.5,
            12.4,
            12.5,
            99.5,
            100.0,
            2.5000000000000004,
        ] {
            let mut features = Features::default();
            features.near(place, km);
            let reasons = Reasons::Chosen { place, features };
            for reason in reasons.texts(g) {
                written.clear();
                reason.write_json(&mut written);
                let expected = serde_json::to_string(&reason.to_string()).unwrap();
                assert_eq!(
                    String::from_utf8(written.clone()).unwrap(),
                    expected,
                    "{km}"
                );
            }
        }
    }
}
