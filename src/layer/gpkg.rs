//! Writes the three layers into one OGC GeoPackage (`eventmap.gpkg`).
//!
//! Each layer is a feature table (`places`, `incidents`,
//! `infrastructure`) with an integer `fid`, a `geom` POINT column in WGS84
//! (EPSG:4326) and one column per property of the layer's
//! [schema](super::schema), whatever the data: a layer with no fatalities
//! still has an INTEGER `fatalities` column. Lists are JSON text in TEXT
//! columns (String in GDAL and QGIS: a column declared as JSON becomes a
//! map type in QGIS 3.22 that its own export tools reject). Every table has the GeoPackage R-tree spatial index
//! (`rtree_<table>_geom` and its triggers), and a QGIS style (categorized
//! by category or precision, the map page's legend) in `layer_styles`,
//! marked as the default so QGIS opens the layer coloured.
//!
//! The file is built in a temporary file beside its final path and renamed
//! into place when complete.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, params_from_iter};
use serde_json::Value;

use super::schema::{FieldType, LayerName};
use super::{EncodedFeature, style};
use crate::{Error, Result};

/// The GeoPackage `application_id` ("GPKG").
const APPLICATION_ID: i32 = 0x4750_4B47;
/// GeoPackage 1.2 (`user_version`), the version GDAL writes by default.
const USER_VERSION: i32 = 10200;
/// WGS84 longitude/latitude.
const SRS_ID: i32 = 4326;

/// Streams features into a GeoPackage being built.
pub struct GpkgWriter {
    path: PathBuf,
    // Declared before `file` so that, when a run fails, the connection is
    // closed before the temporary file is removed.
    db: Connection,
    file: tempfile::NamedTempFile,
    bbox: [Option<[f64; 4]>; 3],
    counts: [usize; 3],
    /// Per layer: the feature insert and the spatial index insert.
    sql: [[String; 2]; 3],
}

/// A rusqlite error as an [`Error::Io`] naming the user's file.
fn sql_error(path: &Path) -> impl Fn(rusqlite::Error) -> Error + '_ {
    move |e| Error::io(path, std::io::Error::other(e.to_string()))
}

/// The GeoPackage geometry blob of a point: the binary header (magic `GP`,
/// version 0, flags = little-endian without envelope, SRS id) followed by
/// little-endian WKB.
pub fn point_blob(x: f64, y: f64) -> Vec<u8> {
    let mut blob = Vec::with_capacity(29);
    blob.extend_from_slice(b"GP");
    blob.push(0);
    blob.push(0b0000_0001);
    blob.extend_from_slice(&SRS_ID.to_le_bytes());
    blob.push(1);
    blob.extend_from_slice(&1u32.to_le_bytes());
    blob.extend_from_slice(&x.to_le_bytes());
    blob.extend_from_slice(&y.to_le_bytes());
    blob
}

/// The SQL literal of an identifier from the schema (names are checked to
/// be `[a-z0-9_]` by the schema's tests; quoting keeps words like `end` safe).
fn ident(name: &str) -> String {
    format!("\"{name}\"")
}

impl GpkgWriter {
    /// Starts the GeoPackage that will be `path`.
    pub fn create(path: &Path) -> Result<GpkgWriter> {
        let dir = super::parent_dir(path);
        let file = tempfile::Builder::new()
            .prefix(".eventmap.")
            .suffix(".gpkg.tmp")
            .tempfile_in(dir)
            .map_err(|e| Error::io(dir, e))?;
        let err = sql_error(path);
        let db = Connection::open(file.path()).map_err(&err)?;
        // The file is renamed into place only when complete, so the
        // journal would only slow the build down.
        db.execute_batch(&format!(
            "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
             PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {USER_VERSION};
             BEGIN;
             {}",
            include_str!("gpkg_core.sql")
        ))
        .map_err(&err)?;
        for layer in LayerName::ALL {
            create_table(&db, layer).map_err(&err)?;
        }
        Ok(GpkgWriter {
            path: path.to_path_buf(),
            db,
            file,
            bbox: [None; 3],
            counts: [0; 3],
            sql: LayerName::ALL.map(|layer| {
                [
                    insert_sql(layer),
                    format!(
                        "INSERT INTO rtree_{}_geom VALUES (?1, ?2, ?2, ?3, ?3)",
                        layer.as_str()
                    ),
                ]
            }),
        })
    }

    /// Appends a feature to `layer`.
    pub fn push(&mut self, layer: LayerName, feature: &EncodedFeature) -> Result<()> {
        let mut properties = super::output::properties_of(feature)
            .map_err(|e| Error::io(&self.path, std::io::Error::other(format!("feature: {e}"))))?;
        let mut values: Vec<rusqlite::types::Value> = Vec::with_capacity(layer.fields().len() + 1);
        values.push(match feature.point {
            Some([x, y]) => {
                let b = self.bbox[layer as usize].get_or_insert([x, y, x, y]);
                *b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
                rusqlite::types::Value::Blob(point_blob(x, y))
            }
            None => rusqlite::types::Value::Null,
        });
        for field in layer.fields() {
            values.push(sql_value(field.kind, properties.remove(field.name)));
        }
        let [insert_sql, rtree_sql] = &self.sql[layer as usize];
        let mut insert = self
            .db
            .prepare_cached(insert_sql)
            .map_err(sql_error(&self.path))?;
        insert
            .execute(params_from_iter(values))
            .map_err(sql_error(&self.path))?;
        if let Some([x, y]) = feature.point {
            let fid = self.db.last_insert_rowid();
            let mut index = self
                .db
                .prepare_cached(rtree_sql)
                .map_err(sql_error(&self.path))?;
            index
                .execute(rusqlite::params![fid, x, y])
                .map_err(sql_error(&self.path))?;
        }
        self.counts[layer as usize] += 1;
        Ok(())
    }

    /// Fills the spatial indexes and extents, adds the styles, and renames
    /// the GeoPackage into place. Returns the feature count of each layer.
    pub fn finish(self) -> Result<[usize; 3]> {
        let err = sql_error(&self.path);
        for layer in LayerName::ALL {
            let table = layer.as_str();
            let extent = match self.bbox[layer as usize] {
                Some([a, b, c, d]) => [Some(a), Some(b), Some(c), Some(d)],
                None => [None; 4],
            };
            self.db
                .execute(
                    "UPDATE gpkg_contents SET min_x = ?1, min_y = ?2, max_x = ?3, max_y = ?4
                     WHERE table_name = ?5",
                    rusqlite::params![extent[0], extent[1], extent[2], extent[3], table],
                )
                .map_err(&err)?;
            // The R-tree was filled by `push`; the triggers call ST_
            // functions that exist only in GIS programs, so they are created
            // after the inserts.
            self.db
                .execute_batch(&rtree_triggers(table))
                .map_err(&err)?;
            self.db
                .execute(
                    "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name,
                       f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description,
                       owner, ui)
                     VALUES ('', '', ?1, 'geom', ?1, ?2, '', 1, ?3, '', NULL)",
                    rusqlite::params![
                        table,
                        style::qml(layer),
                        format!("eventmap: {} by {}", layer.title(), layer.style_field())
                    ],
                )
                .map_err(&err)?;
        }
        self.db.execute_batch("COMMIT;").map_err(&err)?;
        self.db.close().map_err(|(_, e)| err(e))?;
        let io = |e| Error::io(&self.path, e);
        super::set_readable(self.file.as_file()).map_err(io)?;
        self.file.as_file().sync_all().map_err(io)?;
        self.file
            .persist(&self.path)
            .map_err(|e| Error::io(&self.path, e.error))?;
        Ok(self.counts)
    }
}

/// The column value of a property.
fn sql_value(kind: FieldType, value: Option<Value>) -> rusqlite::types::Value {
    use rusqlite::types::Value as Sql;
    match (kind, value) {
        (FieldType::List, Some(v @ Value::Array(_))) => Sql::Text(v.to_string()),
        (FieldType::List, _) => Sql::Text("[]".to_string()),
        (_, None | Some(Value::Null)) => Sql::Null,
        (FieldType::Integer, Some(Value::Number(n))) => n
            .as_i64()
            .map_or_else(|| Sql::Real(n.as_f64().unwrap_or(f64::NAN)), Sql::Integer),
        (FieldType::Real, Some(Value::Number(n))) => Sql::Real(n.as_f64().unwrap_or(f64::NAN)),
        // GeoPackage stores BOOLEAN as the integers 0 and 1.
        (FieldType::Bool, Some(Value::Bool(b))) => Sql::Integer(i64::from(b)),
        (_, Some(Value::String(s))) => Sql::Text(s),
        (_, Some(other)) => Sql::Text(other.to_string()),
    }
}

fn insert_sql(layer: LayerName) -> String {
    let fields = layer.fields();
    let columns: Vec<String> = fields.iter().map(|f| ident(f.name)).collect();
    let marks = vec!["?"; fields.len() + 1].join(", ");
    format!(
        "INSERT INTO {} (geom, {}) VALUES ({marks})",
        layer.as_str(),
        columns.join(", ")
    )
}

/// Creates a layer's table and registers it (contents, geometry column,
/// spatial index).
fn create_table(db: &Connection, layer: LayerName) -> rusqlite::Result<()> {
    let table = layer.as_str();
    let columns: Vec<String> = layer
        .fields()
        .iter()
        .map(|f| format!("{} {}", ident(f.name), f.kind.sql_type()))
        .collect();
    db.execute_batch(&format!(
        "CREATE TABLE {table} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom POINT, {});",
        columns.join(", ")
    ))?;
    db.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, srs_id)
         VALUES (?1, 'features', ?1, ?2, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?3)",
        rusqlite::params![
            table,
            format!("eventmap {} layer", layer.as_str()),
            SRS_ID
        ],
    )?;
    db.execute(
        "INSERT INTO gpkg_geometry_columns VALUES (?1, 'geom', 'POINT', ?2, 0, 0)",
        rusqlite::params![table, SRS_ID],
    )?;
    db.execute_batch(&format!(
        "CREATE VIRTUAL TABLE rtree_{table}_geom USING rtree(id, minx, maxx, miny, maxy);"
    ))?;
    db.execute(
        "INSERT INTO gpkg_extensions VALUES (?1, 'geom', 'gpkg_rtree_index',
           'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
        [table],
    )?;
    Ok(())
}

/// The triggers of the GeoPackage spatial index extension (Annex F.3),
/// which keep a table's R-tree up to date when a GIS program edits it.
fn rtree_triggers(t: &str) -> String {
    let r = format!("rtree_{t}_geom");
    let insert = format!(
        "INSERT OR REPLACE INTO {r} VALUES (NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom));"
    );
    format!(
        "CREATE TRIGGER {r}_insert AFTER INSERT ON {t} WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN {insert} END;
CREATE TRIGGER {r}_update1 AFTER UPDATE OF geom ON {t} WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN {insert} END;
CREATE TRIGGER {r}_update2 AFTER UPDATE OF geom ON {t} WHEN OLD.fid = NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN DELETE FROM {r} WHERE id = OLD.fid; END;
CREATE TRIGGER {r}_update3 AFTER UPDATE ON {t} WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
BEGIN DELETE FROM {r} WHERE id = OLD.fid; {insert} END;
CREATE TRIGGER {r}_update4 AFTER UPDATE ON {t} WHEN OLD.fid != NEW.fid AND (NEW.geom ISNULL OR ST_IsEmpty(NEW.geom))
BEGIN DELETE FROM {r} WHERE id IN (OLD.fid, NEW.fid); END;
CREATE TRIGGER {r}_delete AFTER DELETE ON {t} WHEN old.geom NOT NULL
BEGIN DELETE FROM {r} WHERE id = OLD.fid; END;"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn point_blob_is_a_standard_geopackage_geometry() {
        let blob = point_blob(129.5, 42.25);
        assert_eq!(
            &blob[..4],
            b"GP\x00\x01",
            "magic, version, little-endian, no envelope"
        );
        assert_eq!(&blob[4..8], &4326i32.to_le_bytes());
        assert_eq!(blob[8], 1, "WKB little-endian");
        assert_eq!(&blob[9..13], &1u32.to_le_bytes(), "WKB Point");
        assert_eq!(&blob[13..21], &129.5f64.to_le_bytes());
        assert_eq!(&blob[21..29], &42.25f64.to_le_bytes());
    }

    #[test]
    fn empty_layers_are_complete_tables() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("eventmap.gpkg");
        let writer = GpkgWriter::create(&path).unwrap();
        assert_eq!(writer.finish().unwrap(), [0, 0, 0]);
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["eventmap.gpkg"], "no temporary file is left");
        let db = Connection::open(&path).unwrap();
        for layer in LayerName::ALL {
            let table = layer.as_str();
            let (rows, extent): (i64, Option<f64>) = db
                .query_row(
                    &format!(
                        "SELECT (SELECT count(*) FROM {table}), min_x FROM gpkg_contents
                         WHERE table_name = '{table}'"
                    ),
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            assert_eq!((rows, extent), (0, None), "{table}");
            let triggers: i64 = db
                .query_row(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1",
                    [table],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(triggers, 6, "{table}: the spatial index triggers");
        }
    }

    #[test]
    fn a_dropped_writer_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("eventmap.gpkg");
        drop(GpkgWriter::create(&path).unwrap());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
