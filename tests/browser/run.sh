#!/usr/bin/env bash
# Browser test of the map page: writes map.html for synthetic layers (and for
# real ones when present), opens it from disk in headless Debian Chromium via
# playwright-core and checks markers, layer toggles, popups (and that they fit),
# town and river labels, the language switch, the date and category filters and
# the events table, and errors; times a 10,000-feature page.
#
#   tests/browser/run.sh [LAYERS_DIR...]    check these layer dirs too
#                                           (default: output/ when it has layers)
#   tests/browser/run.sh --screenshot [DIR] write docs/map.png from DIR (default output/,
#                                           else the synthetic fixture)
#
# Pages are made with `eventmap map DIR -o FILE [--tiles URL]` from the debug build.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM:-}" ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "run.sh: /usr/bin/chromium is missing (apt-get install chromium as root)" >&2
    exit 1
  fi
fi

# A Hangul font, so the language switch and docs/map.png show Korean names
# (the checks read text, not glyphs, and pass without one).
if command -v fc-list >/dev/null && [ -z "$(fc-list :lang=ko 2>/dev/null)" ] && [ "$(id -u)" = 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-nanum >/dev/null ||
    echo "run.sh: fonts-nanum could not be installed; Korean names will show as boxes" >&2
fi

(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo build --quiet --manifest-path "$root/Cargo.toml" --bin eventmap
target=$(cd "$root" && cargo metadata --format-version 1 --no-deps |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')

# make_map DIR OUT [TILES]: writes the page for the layers in DIR (default title).
make_map() {
  "$target/debug/eventmap" map "$1" -o "$2" ${3:+--tiles "$3"}
}

has_layers() {
  local layer
  for layer in places incidents infrastructure; do
    if [ -f "$1/$layer.geojson" ] || [ -f "$1/$layer.geojsons" ]; then return 0; fi
  done
  return 1
}

test_js() { node "$here/map.test.mjs" "$@"; }

if [ "${1:-}" = "--screenshot" ]; then
  if [ -n "${2:-}" ]; then
    layers=$2
  elif has_layers "$root/output"; then
    layers=$root/output
  else
    layers=$work/small
    node "$here/fixtures.mjs" small "$layers"
  fi
  make_map "$layers" "$work/screenshot.html"
  mkdir -p "$root/docs"
  test_js screenshot "$work/screenshot.html" "$root/docs/map.png"
  exit 0
fi

status=0
run() {
  echo "== $1"
  shift
  test_js "$@" || status=1
}

node "$here/fixtures.mjs" small "$work/small"
make_map "$work/small" "$work/small.html"
run "synthetic fixture" check "$work/small.html" "$work/small" --fixture small

node "$here/fixtures.mjs" empty "$work/empty"
make_map "$work/empty" "$work/empty.html"
run "no layers" check "$work/empty.html" "$work/empty" --fixture empty

# --tiles: a tile server on loopback (the test serves it) instead of the internet.
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
make_map "$work/small" "$work/tiles.html" "http://127.0.0.1:$port/{z}/{x}/{y}.png"
run "tiles from a server" tiles "$work/tiles.html" "$port"

dirs=("$@")
if [ ${#dirs[@]} -eq 0 ] && has_layers "$root/output"; then
  dirs=("$root/output")
fi
for dir in "${dirs[@]}"; do
  out=$work/real-$(basename "$dir").html
  make_map "$dir" "$out"
  run "layers in $dir" check "$out" "$dir"
done

node "$here/fixtures.mjs" large "$work/large" 10000
make_map "$work/large" "$work/large.html"
run "10,000 features" perf "$work/large.html" "$work/large"

# --sample: about 1,000 of the 10,000 features, one in ten of each layer.
"$target/debug/eventmap" map "$work/large" -o "$work/sampled.html" --sample 1000
run "sampled page" sampled "$work/sampled.html" "$work/large" 10

exit $status
