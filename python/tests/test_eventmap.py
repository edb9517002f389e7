"""The Python package against the CLI: same features, byte for byte, on the
reference sample and on a generated corpus; bad input raises."""

from __future__ import annotations

import datetime
import json
import math
from pathlib import Path

import pytest

import eventmap
from conftest import REPO, cli_layers, run_cli, write_jsonl
from corpus import documents

SAMPLE = REPO / "tests" / "data" / "samples" / "dailynk-border-barriers.txt"


def sample_record():
    # The CLI's id of a plain-text file is its path as given.
    return {"id": str(SAMPLE), "text": SAMPLE.read_text(encoding="utf-8")}


def test_sample_byte_for_byte(cli, geoparser, tmp_path):
    want = cli_layers(cli, [str(SAMPLE)], tmp_path, fmt="geojsonseq")
    got = geoparser.extract_geojsonseq([sample_record()])
    assert set(got) == set(want)
    for name in eventmap.LAYERS:
        assert got[name] == want[name], name
    assert got["places"] and got["incidents"]


def test_sample_feature_collections(cli, geoparser, tmp_path):
    want = cli_layers(cli, [str(SAMPLE)], tmp_path)
    got = geoparser.extract([sample_record()])
    for name in eventmap.LAYERS:
        assert got[name] == json.loads(want[name]), name


def test_corpus_byte_for_byte(cli, tmp_path):
    records = list(documents(400, seed=11))
    corpus = write_jsonl(tmp_path / "corpus.jsonl", records)
    want = cli_layers(cli, [str(corpus)], tmp_path, fmt="geojsonseq")
    want_collections = cli_layers(cli, [str(corpus)], tmp_path)
    # Several threads and the CLI's batches: the features do not change.
    geoparser = eventmap.Geoparser(threads=3)
    assert geoparser.extract_geojsonseq(records) == want
    got = geoparser.extract(iter(records))
    for name in eventmap.LAYERS:
        assert got[name] == json.loads(want_collections[name]), name


def test_quality_sets_byte_for_byte(cli, geoparser, tmp_path):
    # The repository's own English and Korean test documents.
    for name in ("en.jsonl", "ko.jsonl"):
        path = REPO / "tests" / "data" / "quality" / name
        records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        want = cli_layers(cli, [str(path)], tmp_path / name, fmt="geojsonseq")
        assert geoparser.extract_geojsonseq(records) == want, name


def test_gazetteer_directory(cli, tmp_path):
    directory = REPO / "gazetteer"
    records = list(documents(50, seed=3))
    corpus = write_jsonl(tmp_path / "c.jsonl", records)
    want = cli_layers(cli, [str(corpus)], tmp_path, fmt="geojsonseq", extra=["--gazetteer", str(directory)])
    geoparser = eventmap.Geoparser(directory)
    assert geoparser.gazetteer != "embedded"
    assert geoparser.extract_geojsonseq(records) == want


def test_places_and_events(geoparser):
    text = "Border guards arrested three people in Hyesan. A fence was built near Sinuiju."
    places = geoparser.places(text, id="n1", date="2024-05-01")
    assert [p["properties"]["mention"] for p in places] == ["Hyesan", "Sinuiju"]
    assert all(p["geometry"]["type"] == "Point" for p in places)
    assert places[0]["properties"]["doc"] == "n1"
    assert places[0]["properties"]["date"] == "2024-05-01"
    events = geoparser.events(text, datetime.date(2024, 5, 1))
    layers = {e["properties"]["layer"] for e in events}
    assert layers == {"incident", "infrastructure"}
    assert all(e["properties"]["event_date"] == "2024-05-01" for e in events)
    # The same features as in a batch.
    batch = geoparser.extract([{"id": "-", "text": text, "date": "2024-05-01"}])
    assert events == batch["incidents"]["features"] + batch["infrastructure"]["features"]


def test_missing_values_and_dates(geoparser):
    records = [
        {"id": 7, "text": "Arrests in Musan.", "date": datetime.datetime(2023, 1, 2, 3, 4), "title": math.nan},
        {"id": "b", "text": "Arrests in Musan.", "url": "https://example.org/b", "extra": [1, 2]},
    ]
    got = geoparser.extract(records)
    places = got["places"]["features"]
    assert places[0]["properties"]["doc"] == "7"
    assert places[0]["properties"]["date"] == "2023-01-02"
    assert places[0]["properties"]["title"] is None
    assert places[1]["properties"]["source"] == "https://example.org/b"


@pytest.mark.parametrize(
    "records, message",
    [
        ([{"text": "x"}], 'record 1: missing required field "id"'),
        ([{"id": "a"}], 'record 1: missing required field "text"'),
        ([{"id": " ", "text": "x"}], 'record 1: field "id" is empty'),
        ([{"id": "a", "text": "x", "date": "last week"}], 'record 1: field "date" is not an ISO 8601 date'),
        ([{"id": "a", "text": 5}], 'record 1: field "text" must be a string, found a number'),
        ([{"id": "a", "text": "x"}, {"id": "a", "text": "y"}], 'record 2: duplicate id "a" (first seen in record 1)'),
        (["not a dict"], "record 1: expected a dict, found str"),
    ],
)
def test_bad_records_raise(geoparser, records, message):
    with pytest.raises(eventmap.InputError) as raised:
        geoparser.extract(records)
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)
    assert isinstance(raised.value, ValueError)


def test_same_messages_as_the_cli(cli, geoparser, tmp_path):
    # The CLI's message for a bad JSON Lines line ends with the library's
    # message; the package's ends with the same one.
    bad = {"id": "a", "text": "x", "date": "2024-13-45"}
    path = write_jsonl(tmp_path / "bad.jsonl", [bad])
    done = run_cli(cli, ["extract", str(path), "-o", str(tmp_path / "out")], tmp_path)
    assert done.returncode == 1
    cli_message = done.stderr.decode().splitlines()[0].split(":1: ", 1)[1]
    with pytest.raises(eventmap.InputError) as raised:
        geoparser.extract([bad])
    assert str(raised.value) == "record 1: " + cli_message


def test_other_bad_input(geoparser, tmp_path):
    with pytest.raises(TypeError):
        geoparser.extract([{"id": "a", "text": object()}])
    with pytest.raises(TypeError):
        geoparser.extract(5)
    with pytest.raises(eventmap.InputError):
        geoparser.places("text", date="not a date")
    with pytest.raises(TypeError):
        geoparser.extract([{"id": "a", "text": "\udcff"}])
    with pytest.raises(eventmap.FileError):
        eventmap.Geoparser(tmp_path / "missing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(eventmap.EventmapError):
        eventmap.Geoparser(tmp_path / "empty")
    # An iterator that fails midway raises its own error.
    def broken():
        yield {"id": "a", "text": "x"}
        raise RuntimeError("source failed")

    with pytest.raises(RuntimeError, match="source failed"):
        geoparser.extract(broken())


def test_empty_input(geoparser):
    got = geoparser.extract([])
    assert got == {name: {"type": "FeatureCollection", "features": []} for name in eventmap.LAYERS}
    assert geoparser.places("") == []


def test_to_geodataframe(geoparser):
    geopandas = pytest.importorskip("geopandas")
    layers = geoparser.extract(documents(20))
    frame = eventmap.to_geodataframe(layers["places"])
    assert isinstance(frame, geopandas.GeoDataFrame)
    assert len(frame) == len(layers["places"]["features"])
    assert frame.crs.to_epsg() == 4326
    assert {"mention", "place_id", "admin1"} <= set(frame.columns)
    first = layers["places"]["features"][0]["geometry"]["coordinates"]
    assert (frame.geometry.iloc[0].x, frame.geometry.iloc[0].y) == tuple(first)
    assert len(eventmap.to_geodataframe([])) == 0


def test_streaming_all_layers(cli, geoparser, tmp_path):
    records = list(documents(30, seed=5))
    data = "".join(json.dumps(r) + "\n" for r in records).encode()
    done = run_cli(cli, ["extract", "-", "-o", "-", "--layers", "all"], tmp_path, input=data)
    assert done.returncode == 0, done.stderr.decode()
    features = [json.loads(chunk) for chunk in done.stdout.split(b"\x1e") if chunk]
    got = geoparser.extract(records)
    by_layer = {"place": "places", "incident": "incidents", "infrastructure": "infrastructure"}
    streams = {name: [f for f in features if f["properties"]["layer"] == tag] for tag, name in by_layer.items()}
    for f in streams["places"]:
        # The tag comes first among a place's properties, then the layer's own.
        assert next(iter(f["properties"])) == "layer"
        del f["properties"]["layer"]
    # The stream groups incidents per batch of documents as they arrive, a
    # whole call groups them over every record (README): the incident
    # properties may differ, nothing else.
    per_run = ("incident_id", "sources", "source_count")

    def without_incidents(features):
        return [
            {**f, "properties": {k: v for k, v in f["properties"].items() if k not in per_run}}
            for f in features
        ]

    for name in eventmap.LAYERS:
        assert without_incidents(streams[name]) == without_incidents(got[name]["features"]), name
    assert len(features) == sum(len(got[n]["features"]) for n in eventmap.LAYERS)
