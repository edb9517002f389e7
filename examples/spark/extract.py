"""eventmap on Spark: maps a corpus and writes the three layers as GeoParquet.

    python examples/spark/extract.py INPUT OUTPUT_DIR [--master URL]
    spark-submit [cluster options] examples/spark/extract.py INPUT OUTPUT_DIR

INPUT is Parquet or JSON Lines (a file or a folder; `.parquet` or a folder of
Parquet files is read as Parquet, anything else as JSON Lines) whose records
have `id`, `text` and optionally `date`, `title`, `source`/`url`, as for
`eventmap extract`. The job writes OUTPUT_DIR/places.parquet,
incidents.parquet and infrastructure.parquet: each a folder of part files
(one per Spark partition that has features) with a WKB `geometry` column
(null for an unresolved place), one column per layer property, and the
GeoParquet 1.0 `geo` metadata, so GeoPandas `read_parquet` and DuckDB
spatial read the geometry. OUTPUT_DIR may be any URI pyarrow can write
(a local path, hdfs://, s3://...).

How it works: `mapInArrow` hands each Arrow batch of records to one
`eventmap.Geoparser` per Python worker process (built on first use and kept),
which maps it with the CLI's pipeline; each feature comes back as its WKB
point and its properties' JSON text. Spark infers one schema per layer from
the properties (so new layer properties need no change here), and each
partition writes its own part file with pyarrow. A layer is written to a
temporary folder and moved into place when complete; a record the library
refuses is skipped and counted, as the CLI skips a bad line.

Needs the `eventmap` package on every executor (see the README: ship the
wheel with --py-files or install it on the nodes), pyarrow and pandas.
"""

from __future__ import annotations

import argparse
import json
import os
import struct
import sys
import time
import uuid
from typing import Dict, Iterator, List, Optional

import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

LAYERS = ("places", "incidents", "infrastructure")
FIELDS = ("id", "text", "date", "title", "source", "url")

# What mapInArrow returns: one row per feature.
FEATURE_SCHEMA = "layer string, geometry binary, properties string"

_GEOPARSER = None


def geoparser():
    """One Geoparser per Python worker process: building it loads the
    gazetteer and its name automaton, so it is built once and reused by every
    task the process runs (spark.python.worker.reuse is on by default)."""
    global _GEOPARSER
    if _GEOPARSER is None:
        import eventmap

        threads = int(os.environ.get("EVENTMAP_THREADS", "1"))
        gazetteer = os.environ.get("EVENTMAP_GAZETTEER") or None
        _GEOPARSER = eventmap.Geoparser(gazetteer, threads=threads)
    return _GEOPARSER


def wkb_point(coordinates: List[float]) -> bytes:
    """ISO WKB of a 2D point, little-endian."""
    return struct.pack("<BIdd", 1, 1, coordinates[0], coordinates[1])


def split_features(sequence: bytes) -> Iterator[bytes]:
    """The Features of a GeoJSON text sequence, as their JSON bytes."""
    for chunk in sequence.split(b"\x1e"):
        if chunk:
            yield chunk.rstrip(b"\n")


GEOMETRY = b'{"type":"Feature","geometry":'
POINT = b'{"type":"Point","coordinates":['
PROPERTIES = b',"properties":'


def geometry_and_properties(feature: bytes):
    """The WKB point (or None) and the properties' JSON text of one Feature
    as the library serializes it: type, geometry (a Point or null), then
    properties, in that order. Slicing is much cheaper than parsing the
    whole Feature and serializing its properties again."""
    if not feature.startswith(GEOMETRY):
        parsed = json.loads(feature)  # not the library's layout: parse it
        geometry = parsed["geometry"]
        point = None if geometry is None else wkb_point(geometry["coordinates"])
        return point, json.dumps(parsed["properties"], ensure_ascii=False)
    rest = feature[len(GEOMETRY):]
    if rest.startswith(b"null"):
        point = None
        rest = rest[4:]
    else:
        assert rest.startswith(POINT), feature[:120]
        end = rest.index(b"]")
        x, y = rest[len(POINT):end].split(b",")
        point = wkb_point([float(x), float(y)])
        rest = rest[end + 2:]  # past "]}"
    assert rest.startswith(PROPERTIES) and rest.endswith(b"}"), feature[:120]
    return point, rest[len(PROPERTIES):-1].decode("utf-8")


def map_records(records: List[Dict]) -> Dict[str, bytes]:
    """The layers of a batch of records. A record the library refuses is
    skipped (and reported on the worker's stderr) and the rest are mapped,
    as the CLI goes on past a bad line."""
    import eventmap

    parser = geoparser()
    try:
        return parser.extract_geojsonseq(records)
    except (eventmap.InputError, TypeError):
        pass
    good = []
    for record in records:
        try:
            parser.extract_geojsonseq([record])
            good.append(record)
        except (eventmap.InputError, TypeError) as e:
            print(f"eventmap: skipped a record: {e}", file=sys.stderr)
    return parser.extract_geojsonseq(good)


def features_of_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    """mapInArrow: records in, one row per feature out (all three layers)."""
    for batch in batches:
        columns = [name for name in batch.schema.names if name in FIELDS]
        records = batch.select(columns).to_pylist()
        layers = map_records(records)
        names, geometries, properties = [], [], []
        for name in LAYERS:
            for feature in split_features(layers[name]):
                geometry, props = geometry_and_properties(feature)
                names.append(name)
                geometries.append(geometry)
                properties.append(props)
        yield pa.RecordBatch.from_pydict(
            {"layer": names, "geometry": geometries, "properties": properties},
            schema=pa.schema(
                [("layer", pa.string()), ("geometry", pa.binary()), ("properties", pa.string())]
            ),
        )


def geo_metadata() -> bytes:
    """GeoParquet 1.0 file metadata: one WKB point column in WGS84 (no `crs`
    member means OGC:CRS84, longitude first)."""
    return json.dumps(
        {
            "version": "1.0.0",
            "primary_column": "geometry",
            "columns": {"geometry": {"encoding": "WKB", "geometry_types": ["Point"]}},
        }
    ).encode()


def with_geo(schema: pa.Schema) -> pa.Schema:
    return schema.with_metadata({**(schema.metadata or {}), b"geo": geo_metadata()})


def part_writer(folder: str):
    """mapInArrow function writing each partition's rows to
    folder/part-NNNNN.parquet (named by partition, so a retried task
    overwrites its own file). Yields one row: the number of features."""

    def write(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        from pyspark import TaskContext

        partition = TaskContext.get().partitionId()
        filesystem, root = pafs.FileSystem.from_uri(folder)
        writer = None
        rows = 0
        try:
            for batch in batches:
                if batch.num_rows == 0:
                    continue
                if writer is None:
                    path = f"{root}/part-{partition:05d}.parquet"
                    writer = pq.ParquetWriter(path, with_geo(batch.schema), filesystem=filesystem)
                writer.write_batch(batch)
                rows += batch.num_rows
        finally:
            if writer is not None:
                writer.close()
        yield pa.RecordBatch.from_pydict({"rows": [rows]}, schema=pa.schema([("rows", pa.int64())]))

    return write


def uri(path: str) -> str:
    """A URI pyarrow understands: local paths made absolute."""
    if "://" in path:
        return path.rstrip("/")
    return os.path.abspath(path)


def read_corpus(spark, path: str):
    """Parquet for `.parquet` paths and folders of Parquet files, JSON Lines
    otherwise. JSON values are read as text (`primitivesAsString`), so an
    integer id becomes its decimal string, as in the CLI."""
    local = "://" not in path
    is_parquet = path.rstrip("/").endswith(".parquet") or (
        local
        and os.path.isdir(path)
        and any(name.endswith(".parquet") for name in os.listdir(path))
    )
    if is_parquet:
        frame = spark.read.parquet(path)
    else:
        # Every field as text, with no inference pass over the corpus: Spark
        # keeps a number's JSON text for a string field, so an integer id
        # becomes its decimal string, as in the CLI.
        schema = ", ".join(f"{name} string" for name in FIELDS)
        frame = spark.read.schema(schema).json(path)
    missing = {"id", "text"} - set(frame.columns)
    if missing:
        raise SystemExit(f"eventmap: {path}: the records have no {', '.join(sorted(missing))} field")
    return frame.select([name for name in FIELDS if name in frame.columns])


def infer_schema(spark, texts):
    """The schema Spark infers for a column of JSON texts. The JVM reads them
    directly where it can (classic PySpark), which spares a round trip of
    every text through Python workers."""
    from pyspark.sql.types import StructType

    try:
        jvm = spark.sparkContext._jvm
        strings = getattr(texts._jdf, "as")(jvm.org.apache.spark.sql.Encoders.STRING())
        return StructType.fromJson(json.loads(spark._jsparkSession.read().json(strings).schema().json()))
    except Exception:  # Spark Connect and other sessions without a JVM handle
        return spark.read.json(texts.rdd.map(lambda r: r[0])).schema


def write_layer(spark, features, name: str, out: str) -> int:
    """Writes one layer's features as GeoParquet under out/NAME.parquet;
    returns the number of features."""
    from pyspark.sql import functions as F

    rows = features.where(F.col("layer") == name)
    first = rows.select("properties").first()
    if first is None:
        # No feature: the schema is the one the properties would have.
        order: List[str] = []
        typed = rows.select("geometry")
    else:
        # The layer's property order, from any feature (every feature of a
        # layer has every property); the types, from all of them.
        order = list(json.loads(first[0]).keys())
        schema = infer_schema(spark, rows.select("properties"))
        typed = rows.select(F.from_json("properties", schema).alias("p"), "geometry").select(
            *[F.col("p").getField(key).alias(key) for key in order], "geometry"
        )
    # Part files go to a hidden folder beside the layer, moved into place
    # when every partition has written.
    filesystem, final = pafs.FileSystem.from_uri(f"{out}/{name}.parquet")
    folder = f"{out}/.{name}.parquet.{uuid.uuid4().hex}"
    _, temporary = pafs.FileSystem.from_uri(folder)
    filesystem.create_dir(temporary, recursive=True)
    written = typed.mapInArrow(part_writer(folder), "rows long").agg(F.sum("rows")).first()[0] or 0
    if written == 0:
        # An empty layer is still a readable GeoParquet file with the columns.
        empty = typed.limit(0).toArrow()
        table = empty.replace_schema_metadata({b"geo": geo_metadata()})
        pq.write_table(table, f"{temporary}/part-00000.parquet", filesystem=filesystem)
    info = filesystem.get_file_info(final)
    if info.type == pafs.FileType.Directory:
        filesystem.delete_dir(final)
    elif info.type != pafs.FileType.NotFound:
        filesystem.delete_file(final)
    filesystem.move(temporary, final)
    return int(written)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description="Map a corpus with eventmap on Spark and write the layers as GeoParquet."
    )
    parser.add_argument("input", help="Parquet or JSON Lines corpus (file or folder)")
    parser.add_argument("output", help="output folder (local path or URI)")
    parser.add_argument("--master", help="Spark master URL (default: spark-submit's, else local[*])")
    parser.add_argument(
        "--partitions",
        type=int,
        help="repartition the corpus into this many partitions before mapping "
        "(default: as read; aim for partitions of 5-50 MB of text)",
    )
    parser.add_argument(
        "--batch-rows",
        type=int,
        default=1024,
        help="records per Arrow batch handed to a Geoparser (default 1024, the CLI's batch)",
    )
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("eventmap-extract")
    if args.master:
        builder = builder.master(args.master)
        if args.master.startswith("local"):
            # Local workers run this interpreter (with eventmap installed),
            # not whatever `python3` is first on the PATH.
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = builder.config("spark.sql.execution.arrow.maxRecordsPerBatch", str(args.batch_rows))
    spark = builder.getOrCreate()
    try:
        corpus = read_corpus(spark, args.input)
        partitions = args.partitions or spark.sparkContext.defaultParallelism
        if args.partitions or corpus.rdd.getNumPartitions() < partitions:
            # A small input is one split: spread it over every core.
            corpus = corpus.repartition(partitions)
        from pyspark import StorageLevel

        # Mapped once; each layer then reads the kept features.
        features = corpus.mapInArrow(features_of_batches, FEATURE_SCHEMA).persist(
            StorageLevel.MEMORY_AND_DISK
        )
        out = uri(args.output)
        filesystem, root = pafs.FileSystem.from_uri(out)
        filesystem.create_dir(root, recursive=True)
        counts = {}
        for name in LAYERS:
            started = time.monotonic()
            counts[name] = write_layer(spark, features, name, out)
            print(f"eventmap: {name}: {time.monotonic() - started:.1f} s", file=sys.stderr)
        features.unpersist()
        print(
            "eventmap: {places} place mentions, {incidents} incidents, "
            "{infrastructure} infrastructure written to {out}".format(out=args.output, **counts),
            file=sys.stderr,
        )
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
