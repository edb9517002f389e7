"""Shared fixtures: the repository, the `eventmap` binary to compare with, and
a way to run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest

sys.path.insert(0, str(Path(__file__).parent))

REPO = Path(__file__).resolve().parents[2]


def cli_binary() -> Path:
    """$EVENTMAP_CLI, else the newer of target/release and target/debug of the
    repository, built with cargo when neither exists."""
    explicit = os.environ.get("EVENTMAP_CLI")
    if explicit:
        return Path(explicit)
    built = [REPO / "target" / p / "eventmap" for p in ("release", "debug")]
    built = [path for path in built if path.exists()]
    if built:
        return max(built, key=lambda path: path.stat().st_mtime)
    subprocess.run(["cargo", "build", "--bin", "eventmap"], cwd=REPO, check=True)
    return REPO / "target" / "debug" / "eventmap"


@pytest.fixture(scope="session")
def cli() -> Path:
    return cli_binary()


def run_cli(cli: Path, args: List[str], tmp: Path, **kwargs) -> subprocess.CompletedProcess:
    """Runs the CLI with an empty user data directory, so that it uses the
    embedded gazetteer as the package does (not one installed by `gazetteer
    update`)."""
    env = dict(os.environ, XDG_DATA_HOME=str(tmp / "xdg"))
    return subprocess.run([str(cli), *args], env=env, capture_output=True, **kwargs)


def cli_layers(cli: Path, inputs: List[str], tmp: Path, fmt: str = "geojson", extra=()) -> Dict[str, bytes]:
    out = tmp / f"cli-{fmt}"
    done = run_cli(cli, ["extract", *inputs, "-o", str(out), "--format", fmt, *extra], tmp)
    assert done.returncode == 0, done.stderr.decode()
    ext = "geojson" if fmt == "geojson" else "geojsons"
    return {name: (out / f"{name}.{ext}").read_bytes() for name in ("places", "incidents", "infrastructure")}


def write_jsonl(path: Path, records) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


@pytest.fixture(scope="session")
def geoparser():
    import eventmap

    return eventmap.Geoparser()
