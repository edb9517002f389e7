//! The native half of the `eventmap` Python package: a thin PyO3 layer over
//! the library's own pipeline (`eventmap::pipeline`), so that its features
//! are the CLI's byte for byte whatever the layers come to hold.
//!
//! Records are turned into documents by the same function that checks a
//! JSON Lines line, mapped in the CLI's batches by the CLI's parallel
//! mapper with the GIL released, and handed back as GeoJSON text sequences
//! (one `bytes` per layer, exactly what `--format geojsonseq` writes); the
//! Python half (`eventmap/__init__.py`) parses them.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Mutex, OnceLock};

use eventmap::gazetteer::Gazetteer;
use eventmap::incident::HeldLayer;
use eventmap::layer::EncodedFeature;
use eventmap::pipeline::{BATCH_BYTES, BATCH_DOCUMENTS, BatchMapper};
use eventmap::read::{Document, document_from_json};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// The record fields the library reads; others are ignored, as in JSON Lines.
const FIELDS: [&str; 6] = ["id", "text", "date", "title", "source", "url"];

/// Gazetteers loaded from directories, kept for the life of the process:
/// a Geoparser borrows its gazetteer, and a directory is loaded once however
/// many Geoparsers use it.
static LOADED: OnceLock<Mutex<HashMap<PathBuf, &'static Gazetteer>>> = OnceLock::new();

/// The Python exception for a library error: the message is the CLI's.
fn py_error(py: Python<'_>, err: eventmap::Error) -> PyErr {
    let class = match &err {
        eventmap::Error::Io { .. } => "FileError",
        eventmap::Error::Gazetteer { .. } => "GazetteerError",
        _ => "InputError",
    };
    raise(py, class, err.to_string())
}

/// An exception of `eventmap._errors` (defined in Python so that they can
/// derive from both `EventmapError` and a builtin such as `ValueError`).
fn raise(py: Python<'_>, class: &str, message: String) -> PyErr {
    match py
        .import("eventmap._errors")
        .and_then(|module| module.getattr(class))
    {
        Ok(class) => PyErr::from_value(match class.call1((message,)) {
            Ok(instance) => instance,
            Err(e) => return e,
        }),
        Err(e) => e,
    }
}

fn load_gazetteer(py: Python<'_>, dir: Option<PathBuf>) -> PyResult<&'static Gazetteer> {
    let Some(dir) = dir else {
        return Ok(Gazetteer::embedded());
    };
    let key = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
    let loaded = LOADED.get_or_init(Default::default);
    if let Some(gazetteer) = loaded.lock().expect("gazetteer cache").get(&key) {
        return Ok(gazetteer);
    }
    let gazetteer = py
        .detach(|| Gazetteer::load_dir(&dir))
        .map_err(|e| py_error(py, e))?;
    let gazetteer: &'static Gazetteer = Box::leak(Box::new(gazetteer));
    loaded
        .lock()
        .expect("gazetteer cache")
        .insert(key, gazetteer);
    Ok(gazetteer)
}

/// Finds, resolves and classifies place mentions with one gazetteer.
#[pyclass(frozen, module = "eventmap._eventmap")]
struct Geoparser {
    geoparser: eventmap::pipeline::Geoparser<'static>,
    /// The CLI's parallel mapper; its caches carry over between calls.
    mapper: Mutex<BatchMapper>,
    gazetteer_origin: String,
}

#[pymethods]
impl Geoparser {
    #[new]
    #[pyo3(signature = (gazetteer=None, threads=0))]
    fn new(py: Python<'_>, gazetteer: Option<PathBuf>, threads: usize) -> PyResult<Geoparser> {
        let gazetteer = load_gazetteer(py, gazetteer)?;
        let geoparser =
            py.detach(|| eventmap::pipeline::Geoparser::new(gazetteer, Default::default()));
        Ok(Geoparser {
            geoparser,
            mapper: Mutex::new(BatchMapper::new(threads)),
            gazetteer_origin: gazetteer.origin().to_string(),
        })
    }

    /// Where the gazetteer came from (`embedded` or its directory).
    #[getter]
    fn gazetteer(&self) -> &str {
        &self.gazetteer_origin
    }

    /// Maps `records` (an iterable of mappings) and returns the places,
    /// incidents and infrastructure layers as GeoJSON text sequences.
    #[pyo3(signature = (records, with_events=true))]
    fn map_records<'py>(
        &self,
        py: Python<'py>,
        records: &Bound<'py, PyAny>,
        with_events: bool,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let mut out = [Vec::new(), Vec::new(), Vec::new()];
        // Event features wait for the whole call, as for a whole CLI run:
        // their incidents span documents.
        let held_dir = std::env::temp_dir();
        let mut held = [
            HeldLayer::new(&held_dir).map_err(|e| py_error(py, e))?,
            HeldLayer::new(&held_dir).map_err(|e| py_error(py, e))?,
        ];
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut batch: Vec<Document> = Vec::new();
        let mut bytes = 0;
        for (index, record) in records.try_iter()?.enumerate() {
            let number = index + 1;
            let document = document_of(py, &record?, number)?;
            if let Some(first) = seen.insert(document.id.clone(), number) {
                return Err(raise(
                    py,
                    "InputError",
                    format!(
                        "record {number}: duplicate id \"{}\" (first seen in record {first})",
                        eventmap::error::escape_for_message(&document.id, 60)
                    ),
                ));
            }
            bytes += document.text.len();
            batch.push(document);
            if batch.len() >= BATCH_DOCUMENTS || bytes >= BATCH_BYTES {
                self.map_batch(py, &batch, with_events, &mut out, &mut held)?;
                batch.clear();
                bytes = 0;
            }
        }
        self.map_batch(py, &batch, with_events, &mut out, &mut held)?;
        let [incidents_held, infrastructure_held] = held;
        let [places, mut incidents, mut infrastructure] = out;
        py.detach(|| -> eventmap::Result<()> {
            let sink = |out: &mut Vec<u8>, f: &EncodedFeature| {
                append_feature(out, f);
                Ok(())
            };
            incidents_held.write_to(&mut |f| sink(&mut incidents, f), false)?;
            infrastructure_held.write_to(&mut |f| sink(&mut infrastructure, f), false)?;
            Ok(())
        })
        .map_err(|e| py_error(py, e))?;
        PyTuple::new(
            py,
            [
                PyBytes::new(py, &places),
                PyBytes::new(py, &incidents),
                PyBytes::new(py, &infrastructure),
            ],
        )
    }
}

impl Geoparser {
    /// Maps one batch without the GIL and appends its features to `out`.
    fn map_batch(
        &self,
        py: Python<'_>,
        batch: &[Document],
        with_events: bool,
        out: &mut [Vec<u8>; 3],
        held: &mut [HeldLayer; 2],
    ) -> PyResult<()> {
        if batch.is_empty() {
            return Ok(());
        }
        py.detach(|| -> eventmap::Result<()> {
            let mapped =
                self.mapper
                    .lock()
                    .expect("mapper")
                    .map(&self.geoparser, batch, with_events);
            for document in mapped {
                for feature in &document.places {
                    append_feature(&mut out[0], feature);
                }
                for event in document.incidents {
                    held[0].push(event)?;
                }
                for event in document.infrastructure {
                    held[1].push(event)?;
                }
            }
            Ok(())
        })
        .map_err(|e| py_error(py, e))
    }
}

/// Appends a feature as an RFC 8142 record, as the CLI's `--format
/// geojsonseq` layers hold it.
fn append_feature(out: &mut Vec<u8>, feature: &EncodedFeature) {
    out.push(0x1e);
    out.extend_from_slice(feature.json());
    out.push(b'\n');
}

/// The document of one record, checked as a JSON Lines line is.
fn document_of(py: Python<'_>, record: &Bound<'_, PyAny>, number: usize) -> PyResult<Document> {
    let Ok(record) = record.cast::<PyDict>() else {
        let kind = record.get_type().name()?.to_string();
        return Err(raise(
            py,
            "InputError",
            format!("record {number}: expected a dict, found {kind}"),
        ));
    };
    let mut object = Map::new();
    for field in FIELDS {
        if let Some(value) = record.get_item(field)? {
            let value = json_value(&value).map_err(|kind| {
                PyTypeError::new_err(format!(
                    "record {number}: field \"{field}\" cannot be {kind}"
                ))
            })?;
            object.insert(field.to_string(), value);
        }
    }
    document_from_json(Value::Object(object))
        .map_err(|message| raise(py, "InputError", format!("record {number}: {message}")))
}

/// A Python value as JSON: dates and timestamps (anything with
/// `isoformat`) become their ISO 8601 text, NaN (pandas' missing value)
/// becomes null. Other types are refused with their name.
fn json_value(value: &Bound<'_, PyAny>) -> Result<Value, String> {
    if value.is_none() {
        return Ok(Value::Null);
    }
    if value.cast::<PyString>().is_ok() {
        return value.extract::<String>().map(Value::String).map_err(|_| {
            "a string that is not valid UTF-8 (it holds lone surrogates)".to_string()
        });
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if value.cast::<PyInt>().is_ok() {
        return match (value.extract::<i64>(), value.extract::<u64>()) {
            (Ok(n), _) => Ok(Value::Number(n.into())),
            (_, Ok(n)) => Ok(Value::Number(n.into())),
            _ => Err("an integer this large".to_string()),
        };
    }
    if let Ok(f) = value.cast::<PyFloat>() {
        return Ok(Number::from_f64(f.value()).map_or(Value::Null, Value::Number));
    }
    if value.cast::<PyList>().is_ok() || value.cast::<PyTuple>().is_ok() {
        // The library says what is wrong with an array where it wants text.
        return Ok(Value::Array(Vec::new()));
    }
    if value.cast::<PyDict>().is_ok() {
        return Ok(Value::Object(Map::new()));
    }
    if let Ok(text) = value
        .call_method0("isoformat")
        .and_then(|s| s.extract::<String>())
    {
        return Ok(Value::String(text));
    }
    let kind = value
        .get_type()
        .name()
        .map_or_else(|_| "this type".to_string(), |n| format!("of type {n}"));
    Err(kind)
}

/// The native module.
#[pymodule]
fn _eventmap(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Geoparser>()?;
    m.add("BATCH_DOCUMENTS", BATCH_DOCUMENTS)?;
    m.add("VERSION", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
