#!/usr/bin/env python3
"""Times two Python place taggers on a JSON Lines corpus, for `cargo bench --bench throughput -- --peers`.

    python3 tools/bench_peers.py CORPUS.jsonl [--runs 3] [--venv target/bench-venv]

geotext (regex + city dictionary) and flashgeotext (FlashText dictionary) are installed from PyPI
into a venv (created once, then reused); the script then re-runs itself with the venv's Python.
Each tagger reads every line, parses the JSON and tags its `text`, as eventmap does. Printed on
standard output, one line per tagger: `name wall_seconds cpu_seconds` (best of --runs passes, loading the tagger's
data excluded, which favours the taggers); progress and load times go to standard error.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import venv

PEERS = ["geotext==0.4.0", "flashgeotext==0.5.5"]


def in_venv(path):
    return os.path.realpath(sys.prefix) == os.path.realpath(path)


def ensure_venv(path):
    python = os.path.join(path, "bin", "python")
    if not os.path.exists(python):
        print(f"bench_peers: creating {path}", file=sys.stderr)
        venv.create(path, with_pip=True)
    stamp = os.path.join(path, "peers-installed")
    if not os.path.exists(stamp) or open(stamp).read() != " ".join(PEERS):
        print(f"bench_peers: pip install {' '.join(PEERS)}", file=sys.stderr)
        subprocess.check_call([python, "-m", "pip", "install", "-q", *PEERS], stdout=sys.stderr)
        with open(stamp, "w") as f:
            f.write(" ".join(PEERS))
    return python


def texts(corpus):
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)["text"]


def best(runs, tag, corpus):
    walls, cpus = [], []
    found = 0
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        found = 0
        for text in texts(corpus):
            found += tag(text)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus), found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--venv", default="target/bench-venv")
    args = parser.parse_args()
    if not in_venv(args.venv):
        python = ensure_venv(args.venv)
        os.execv(python, [python, *sys.argv])

    start = time.perf_counter()
    from geotext import GeoText

    GeoText("warm up Seoul")
    print(f"bench_peers: geotext loaded in {time.perf_counter() - start:.2f} s", file=sys.stderr)

    def geotext(text):
        g = GeoText(text)
        return len(g.cities) + len(g.countries)

    wall, cpu, found = best(args.runs, geotext, args.corpus)
    print(f"bench_peers: geotext {wall:.2f} s wall, {cpu:.2f} s CPU, {found} names", file=sys.stderr)
    print(f"geotext {wall:.4f} {cpu:.4f}", flush=True)

    start = time.perf_counter()
    from flashgeotext.geotext import GeoText as FlashGeoText

    flash = FlashGeoText()
    print(f"bench_peers: flashgeotext loaded in {time.perf_counter() - start:.2f} s", file=sys.stderr)

    def flashgeotext(text):
        found = flash.extract(input_text=text)
        return sum(len(v) for v in found.values())

    wall, cpu, found = best(args.runs, flashgeotext, args.corpus)
    print(f"bench_peers: flashgeotext {wall:.2f} s wall, {cpu:.2f} s CPU, {found} names", file=sys.stderr)
    print(f"flashgeotext {wall:.4f} {cpu:.4f}", flush=True)


if __name__ == "__main__":
    main()
