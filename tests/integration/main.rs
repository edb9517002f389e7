//! eventmap's integration tests: one test binary that runs the built
//! `eventmap` executable (and, for the gazetteer, the library) on real data.
//! Output is checked by decoding it with types written here, independently of
//! the library's serializer.

/// Temp dirs, the built binary, GeoJSON decoding types: shared by every module.
mod harness;

/// The embedded gazetteer: counts, ids, points, lookups, `gazetteer` commands,
/// malformed directories, and the regeneration check of `gazetteer/*.tsv`.
mod gazetteer;

/// `eventmap extract` as a command: inputs (file, JSONL, folder, stdin),
/// outputs (`-o -`, `--format geojsonseq`), determinism, bad input handling.
mod cli;

/// `extract -o - --layers`: every layer as one tagged text sequence, streamed.
mod stream;

/// Recognition, resolution and event scores on the project's own annotated
/// texts (tests/data/quality), with the thresholds of the project issues.
mod quality;

/// Korean forms, unlisted places, derived points and border context on texts
/// written for the test (tests/data/places).
mod places;

/// Event dates exact at their precision on the project's own date texts
/// (tests/data/dates), and `extract --merge`.
mod dates;

/// `gazetteer update`: HTTP download, verification, atomic switch.
mod update;

/// `output/`: regenerated layers equal the committed ones; GDAL and QGIS open them.
mod output;

/// Interrupted (SIGINT, SIGTERM, SIGKILL), failing and concurrent runs into
/// one output folder: temp files, the lock, the layer set as one unit.
mod interrupt;

/// Invisible characters inside names; dangling, looping and folder links.
mod robust;

/// GeoJSON, GeoPackage and KML layers from two different inputs: schema,
/// styles, GDAL and QGIS.
mod formats;

/// What `extract`, `map` and `gazetteer lookup` tell the user: stale
/// outputs, standard output, skipped inputs, designators, country codes.
mod messages;

/// Event P/R/F1 per category on the project's own event corpus
/// (tests/data/events), plans and negatives (threats, conditionals, purposes,
/// negations, unit names).
mod event_corpus;
