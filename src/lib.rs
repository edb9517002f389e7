//! eventmap: maps news reports about North Korea.
//!
//! eventmap reads articles, finds every place mention, links each one to a
//! point in a bundled gazetteer built from GeoNames and Natural Earth data,
//! classifies what the article says happened there (incidents such as deaths,
//! arrests or smuggling; border infrastructure such as electrified fences or
//! surveillance cameras) and writes the result as GeoJSON map layers
//! (RFC 7946) that open as they are in QGIS and Leaflet.
//!
//! # The pipeline
//!
//! Data flows one way, one module per stage; no module reaches back up the
//! chain:
//!
//! | stage | module | what it does |
//! |---|---|---|
//! | read | [`read`] | plain text, JSON Lines, folders and stdin into [`read::Document`]s; rejects invalid UTF-8 and binary data with the file and offset |
//! | normalize | [`normalize`] | folds text for matching (NFKC, case, diacritics, apostrophes, hyphens) keeping a map back to original byte offsets; romanizes Hangul (Revised Romanization, McCune-Reischauer, DPRK official) |
//! | gazetteer | [`gazetteer`] | the place database: its on-disk format, the embedded default, the builder from source files, name indexes and `lookup` |
//! | match | [`matcher`] | finds every gazetteer name in a document in one leftmost-longest pass, with designators ("County", "-gun") and Korean particles |
//! | resolve | [`resolve`] | ranks the candidate places of each mention with explainable features and picks one, or abstains |
//! | classify | [`classify`] | splits sentences, finds incident and infrastructure cues, links events to the places they are about |
//! | date | [`when`] | finds the date phrases of an event's sentence and paragraph and resolves them against the document date |
//! | write | [`layer`] | writes the places, incidents and infrastructure layers as GeoJSON, GeoJSON text sequences, a GeoPackage or KML, atomically, with QGIS styles |
//!
//! [`pipeline`] runs the chain for the `extract` command; [`explain`] prints
//! the classifier's decisions for the `explain` command. Beside the chain:
//! `update` (feature `update`, on by default) refreshes the gazetteer from GeoNames dumps over HTTP and
//! switches to the new one atomically; [`incident`] groups the reports of one
//! incident (`extract --merge`); [`map`] renders the layers into a
//! self-contained Leaflet page.
//!
//! ```
//! use eventmap::gazetteer::Gazetteer;
//! use eventmap::pipeline::Geoparser;
//!
//! let geoparser = Geoparser::new(Gazetteer::embedded(), Default::default());
//! let text = "Soldiers died in Pochon, Yanggang Province.";
//! let places = geoparser.places(text);
//! let pochon = places.iter().find(|r| &text[r.mention.span.clone()] == "Pochon").unwrap();
//! let place = geoparser.gazetteer().place(pochon.place.unwrap());
//! assert_eq!((place.country.as_str(), place.admin1.as_str()), ("KP", "KP.13"));
//! ```
//!
//! # Cargo features
//!
//! The stages above need no network, command-line or progress-bar crate.
//! Two default features add them: `update` (the `update` module: HTTP
//! download, zip, sha256, progress bar, user data directory) and `cli`
//! (the `eventmap` binary's argument parsing and error reporting; the
//! binary needs both). A program that only maps text, such as the Python
//! package in `python/`, depends on the crate with
//! `default-features = false`.
//!
//! Every span in eventmap is a byte range into the original UTF-8 text of a
//! document. Every coordinate is a [`geo::Point`] with x = longitude and
//! y = latitude.

#![deny(missing_docs)]

pub mod classify;
mod double_array;
pub mod error;
pub mod explain;
pub mod gazetteer;
pub mod incident;
pub mod interrupt;
pub mod layer;
pub mod map;
pub mod matcher;
pub mod normalize;
pub mod pipeline;
pub mod read;
pub mod resolve;
#[cfg(feature = "update")]
pub mod update;
pub mod when;
mod word_list;

pub use error::Error;

/// The result type of the eventmap library.
pub type Result<T, E = Error> = std::result::Result<T, E>;
