"""Throughput of the Python package and of the Spark job against the CLI on the
same generated corpus (python/tests/corpus.py); prints a table.

    cargo build --release
    pip install ./python                                # release build of the package
    python benches/python_vs_cli.py [--docs 20000] [--spark] [--runs 3]

Rows:
- CLI, --threads T: `eventmap extract CORPUS -o DIR --threads T` (reads and
  parses JSON Lines, maps, writes the three GeoJSON layers).
- Python extract, threads=T: reading the same JSON Lines into dicts, then
  `Geoparser(threads=T).extract(records)`, which returns the three
  FeatureCollections as Python dicts (the Geoparser is built beforehand, as
  a notebook would; the CLI's time includes loading its gazetteer).
- Python extract_geojsonseq: the same, returning the layers as bytes.
- Spark local[2] (with --spark): `examples/spark/extract.py` end to end (JVM
  start, mapping, GeoParquet output) against the CLI with 2 threads.

Each figure is the best of --runs runs (wall clock). The target for the
package is at most 1.2x the CLI's time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "python" / "tests"))

from corpus import documents  # noqa: E402


def best(runs: int, action) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--spark", action="store_true", help="also time the Spark job in local[2]")
    parser.add_argument("--cli", default=str(REPO / "target" / "release" / "eventmap"))
    args = parser.parse_args()

    import eventmap

    work = Path(tempfile.mkdtemp(prefix="eventmap-bench-"))
    corpus = work / "corpus.jsonl"
    with open(corpus, "w", encoding="utf-8") as f:
        for record in documents(args.docs, seed=1):
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    size = corpus.stat().st_size / 1e6
    env = dict(os.environ, XDG_DATA_HOME=str(work / "xdg"))
    print(f"corpus: {args.docs} documents, {size:.1f} MB; best of {args.runs} runs")
    print(f"{'run':<40} {'seconds':>8} {'docs/s':>9} {'vs CLI':>7}")

    def row(name: str, seconds: float, cli: float) -> None:
        print(f"{name:<40} {seconds:>8.2f} {args.docs / seconds:>9.0f} {seconds / cli:>6.2f}x", flush=True)

    cli_times = {}
    for threads in args.threads:
        command = [args.cli, "extract", str(corpus), "-o", str(work / "cli"), "--threads", str(threads)]
        cli_times[threads] = best(
            args.runs, lambda: subprocess.run(command, env=env, check=True, capture_output=True)
        )
        row(f"CLI --threads {threads}", cli_times[threads], cli_times[threads])

        geoparser = eventmap.Geoparser(threads=threads)

        def python_dicts():
            with open(corpus, encoding="utf-8") as f:
                records = [json.loads(line) for line in f]
            geoparser.extract(records)

        def python_bytes():
            with open(corpus, encoding="utf-8") as f:
                records = [json.loads(line) for line in f]
            geoparser.extract_geojsonseq(records)

        row(f"Python extract, threads={threads}", best(args.runs, python_dicts), cli_times[threads])
        row(f"Python extract_geojsonseq, threads={threads}", best(args.runs, python_bytes), cli_times[threads])

    if args.spark:
        if 2 not in cli_times:
            command = [args.cli, "extract", str(corpus), "-o", str(work / "cli"), "--threads", "2"]
            cli_times[2] = best(args.runs, lambda: subprocess.run(command, env=env, check=True, capture_output=True))
        job = [sys.executable, str(REPO / "examples" / "spark" / "extract.py"), str(corpus), str(work / "spark"),
               "--master", "local[2]"]
        spark = best(1, lambda: subprocess.run(job, env=env, check=True, capture_output=True))
        row("Spark local[2] (1 run, JVM start included)", spark, cli_times[2])


if __name__ == "__main__":
    main()
