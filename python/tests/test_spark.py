"""The Spark job (examples/spark/extract.py) in local[2] mode against the CLI:
the GeoParquet layers hold the CLI's features (as a set: Spark does not keep
the input order), and GeoPandas, pyarrow and DuckDB spatial read the geometry.

Slow (a JVM and a Spark job per corpus): skipped unless pyspark is installed;
EVENTMAP_REQUIRE_SPARK=1 (set by .ci/run) makes a missing pyspark a failure.
"""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, cli_layers, write_jsonl
from corpus import documents

LAYERS = ("places", "incidents", "infrastructure")
JOB = REPO / "examples" / "spark" / "extract.py"
SAMPLE = REPO / "tests" / "data" / "samples" / "dailynk-border-barriers.txt"

if os.environ.get("EVENTMAP_REQUIRE_SPARK") != "1":
    pytest.importorskip("pyspark")
    pytest.importorskip("pyarrow")


def run_job(corpus: Path, out: Path, tmp: Path) -> None:
    env = dict(os.environ, XDG_DATA_HOME=str(tmp / "xdg"))
    done = subprocess.run(
        [sys.executable, str(JOB), str(corpus), str(out), "--master", "local[2]"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-4000:]


def point_of(wkb):
    if wkb is None:
        return None
    order, kind, x, y = struct.unpack("<BIdd", wkb)
    assert (order, kind) == (1, 1)
    return [x, y]


def parquet_features(folder: Path):
    import pyarrow.parquet as pq

    table = pq.read_table(folder)
    geo = json.loads(table.schema.metadata[b"geo"])
    assert geo["primary_column"] == "geometry"
    assert geo["columns"]["geometry"]["encoding"] == "WKB"
    features = []
    for row in table.to_pylist():
        point = point_of(row.pop("geometry"))
        features.append({"geometry": point, "properties": row})
    return features


def cli_features(collection: bytes):
    return [
        {
            "geometry": None if f["geometry"] is None else f["geometry"]["coordinates"],
            "properties": f["properties"],
        }
        for f in json.loads(collection)["features"]
    ]


def key(feature):
    p = feature["properties"]
    return (p["doc"], p.get("id") or "", p.get("start") or 0, p.get("end") or 0)


# Incidents group reports across documents; the job groups those of one
# Arrow batch (one Geoparser call), the CLI those of the whole run, so these
# members may differ on a corpus with repeated events.
INCIDENT_MEMBERS = ("incident_id", "sources", "source_count")


def without_incidents(features):
    for feature in features:
        for member in INCIDENT_MEMBERS:
            feature["properties"].pop(member, None)
    return features


def assert_same(spark_out: Path, want):
    for name in LAYERS:
        got = sorted(without_incidents(parquet_features(spark_out / f"{name}.parquet")), key=key)
        expected = sorted(without_incidents(cli_features(want[name])), key=key)
        assert len(got) == len(expected), name
        for g, e in zip(got, expected):
            assert g == e, name
            # The property order is the layer's.
            assert list(g["properties"]) == list(e["properties"]), name


def test_sample_and_a_bad_record(cli, tmp_path):
    # The sample, a few generated documents, and a record the library
    # refuses: the job skips it, as the CLI skips a bad line.
    records = [{"id": str(SAMPLE), "text": SAMPLE.read_text(encoding="utf-8")}]
    records += list(documents(20, seed=2))
    bad = {"id": "bad", "text": "Arrests in Musan.", "date": "someday"}
    corpus = write_jsonl(tmp_path / "corpus.jsonl", records[:5] + [bad] + records[5:])
    run_job(corpus, tmp_path / "out", tmp_path)
    good = write_jsonl(tmp_path / "good.jsonl", records)
    assert_same(tmp_path / "out", cli_layers(cli, [str(good)], tmp_path))


def test_generated_corpus(cli, tmp_path):
    corpus = write_jsonl(tmp_path / "corpus.jsonl", documents(3000, seed=21))
    out = tmp_path / "out"
    run_job(corpus, out, tmp_path)
    assert_same(out, cli_layers(cli, [str(corpus)], tmp_path))

    # Readers: GeoPandas and DuckDB spatial see point geometries.
    geopandas = pytest.importorskip("geopandas")
    frame = geopandas.read_parquet(out / "places.parquet")
    assert frame.geometry.name == "geometry"
    assert set(frame.geometry.dropna().geom_type) == {"Point"}
    assert frame.crs.to_string() == "OGC:CRS84"
    duckdb = spatial_duckdb()
    if duckdb is not None:
        rows = duckdb.execute(
            f"SELECT count(*), min(ST_X(geometry)), max(ST_Y(geometry)), any_value(ST_GeometryType(geometry)) "
            f"FROM read_parquet('{out}/incidents.parquet/*.parquet') WHERE geometry IS NOT NULL"
        ).fetchone()
        assert rows[0] > 0 and rows[3] == "POINT"
        assert 124 < rows[1] < 131 and 37 < rows[2] < 44


def spatial_duckdb():
    """A DuckDB connection with the spatial extension, loaded offline from the
    duckdb-extension-spatial package; None (or a failure when
    EVENTMAP_REQUIRE_DUCKDB=1) when it is not installed."""
    required = os.environ.get("EVENTMAP_REQUIRE_DUCKDB") == "1"
    try:
        import duckdb
        import duckdb_extension_spatial
    except ImportError:
        if required:
            raise
        return None
    root = Path(duckdb_extension_spatial.__file__).parent / "extensions"
    found = sorted(root.glob("*/spatial.duckdb_extension"))
    assert found, root
    connection = duckdb.connect(config={"allow_unsigned_extensions": "true"})
    connection.execute(f"LOAD '{found[-1]}'")
    return connection
