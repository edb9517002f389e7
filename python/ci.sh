#!/usr/bin/env bash
# CI for the feature split, the Python package and the Spark job (called by
# .ci/run after `cargo test`, which builds target/debug/eventmap). Installs
# what it needs from PyPI into a fresh virtual environment; Java 17 must be on
# the PATH for PySpark. Prints the time of each step.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
# One target folder for both packages: the binding crate reuses compiled dependencies.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
step() { echo "python-ci: $1 done at $((SECONDS - start)) s"; }

# The core library builds without the network, CLI and progress-bar crates.
cargo build --no-default-features --lib
step "core library alone"

# The binding crate is its own package (not a workspace member): lint it too.
cargo fmt --manifest-path python/Cargo.toml -- --check
cargo clippy --manifest-path python/Cargo.toml --all-targets -- -D warnings
step "binding crate fmt + clippy"

venv="${EVENTMAP_CI_VENV:-${TMPDIR:-/tmp}/eventmap-ci-venv}"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip
# The README's install command, with the test, GeoPandas and Spark extras;
# DuckDB pinned to the version whose spatial extension a PyPI package ships
# (DuckDB's own INSTALL spatial downloads it from the internet).
"$venv/bin/python" -m pip install -q "./python[test,geo,spark]" "duckdb==1.5.5" "duckdb-extension-spatial==1.5.5"
step "pip install ./python and test dependencies"

EVENTMAP_CLI="$PWD/target/debug/eventmap" EVENTMAP_REQUIRE_SPARK=1 EVENTMAP_REQUIRE_DUCKDB=1 \
  "$venv/bin/python" -m pytest -q python/tests
step "pytest (package and Spark local[2] job)"
