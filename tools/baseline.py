#!/usr/bin/env python3
"""The naive event baseline of issue 10, for comparison with eventmap.

For each sentence that contains any event cue word, one event per cue
category at every place mention of that sentence. A sentence with cues but
no place mention gives one event per cue category with a null place (the
annotation rules' "no named place"); --drop-placeless leaves those out.

Cue words are the event-category rows of eventmap's own lexicons
(src/classify/lexicon/en.tsv and ko.tsv, read with their `*`, `...`,
initial, exact and infix conventions; modifier, actor and ignore rows are not
used, so negations, plans and purposes are not seen). Place mentions come from
a places layer written by `eventmap extract`. Standard library only.

Usage:
    python3 tools/baseline.py --input X.jsonl --places places.geojson -o DIR

Writes DIR/incidents.geojson and DIR/infrastructure.geojson, which
score.py scores like eventmap's own layers.
"""
from __future__ import annotations

import argparse
import json
import pathlib
import re
import sys

INCIDENTS = [
    "death", "killing", "arrest", "execution", "punishment", "defection",
    "smuggling", "crackdown", "inspection", "disaster", "flood", "accident",
    "protest", "other_incident",
]
INFRASTRUCTURE = [
    "fence", "electrified_fence", "wall", "surveillance_camera", "guard_post",
    "sensor", "barbed_wire", "checkpoint", "bridge", "other_infrastructure",
]
CATEGORIES = set(INCIDENTS) | set(INFRASTRUCTURE)
LEXICONS = ["src/classify/lexicon/en.tsv", "src/classify/lexicon/ko.tsv"]
# Words allowed between the two parts of a gapped cue ("crossed ... into china").
GAP_WORDS = 6
HANGUL = "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f"

# A sentence ends after . ! ? (and their full-width forms) or at a line break.
SENTENCE_END = re.compile(r"(?<=[.!?\u3002\uff01\uff1f])[\"'\u201d\u2019)]*\s+|\n+")


class Fail(Exception):
    """A one-line error for the user."""


def cue_pattern(cue: str, flags: set[str]) -> str:
    """A regular expression for one lexicon cue."""
    def part(text: str) -> str:
        stem = text.endswith("*")
        text = text.rstrip("*")
        words = [re.escape(w) for w in text.split()]
        body = r"\s+".join(words)
        if re.search(f"[{HANGUL}]", text):
            # Hangul cues sit inside an eojeol (stem plus ending or particle).
            before = rf"(?<![{HANGUL}])" if flags & {"initial", "exact"} else ""
            after = rf"(?![{HANGUL}])" if "exact" in flags else ""
            return before + body + after
        return ("" if "infix" in flags else r"\b") + body + (r"\w*" if stem else r"\b")

    if " ... " in cue:
        head, tail = cue.split(" ... ", 1)
        return part(head) + rf"(?:\W+\w+){{0,{GAP_WORDS}}}?\W+" + part(tail)
    return part(cue)


def load_cues(root: pathlib.Path) -> list[tuple[re.Pattern, str]]:
    """(pattern, category) for every event-category row of the lexicons."""
    cues = []
    for rel in LEXICONS:
        path = root / rel
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as e:
            raise Fail(f"{path}: {e.strerror}") from e
        for n, line in enumerate(lines, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 2:
                raise Fail(f"{path}:{n}: expected cue<TAB>kind")
            cue, kind = cols[0].strip(), cols[1].strip()
            # A cue may state several categories ("electrified_fence+barbed_wire").
            kinds = kind.split("+")
            if not all(k in CATEGORIES for k in kinds):
                continue
            flags = {f.strip() for f in cols[2].split(",")} if len(cols) > 2 else set()
            pattern = re.compile(cue_pattern(cue.lower(), flags), re.IGNORECASE)
            cues.extend((pattern, k) for k in kinds)
    if not cues:
        raise Fail("no event cues found in " + ", ".join(LEXICONS))
    return cues


def read_documents(path: str) -> list[tuple[str, str]]:
    """(id, text) of every line of a JSON Lines input."""
    docs = []
    try:
        with open(path, encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as e:
                    raise Fail(f"{path}:{n}: not JSON ({e.msg})") from e
                if not isinstance(obj, dict) or "id" not in obj or not isinstance(obj.get("text"), str):
                    raise Fail(f"{path}:{n}: a record needs \"id\" and a string \"text\"")
                docs.append((str(obj["id"]), obj["text"]))
    except OSError as e:
        raise Fail(f"{path}: {e.strerror}") from e
    return docs


def read_places(path: str) -> dict[str, list[dict]]:
    """Place mention features of a places layer, per document."""
    try:
        with open(path, encoding="utf-8") as f:
            raw = f.read()
    except OSError as e:
        raise Fail(f"{path}: {e.strerror}") from e
    try:
        data = json.loads(raw)
        features = data["features"]
    except (json.JSONDecodeError, KeyError, TypeError):
        # GeoJSON text sequences: one Feature per line, RS-prefixed or not.
        try:
            features = [json.loads(l.lstrip("\x1e")) for l in raw.splitlines() if l.strip("\x1e \t")]
        except json.JSONDecodeError as e:
            raise Fail(f"{path}: not a GeoJSON FeatureCollection or sequence ({e.msg})") from e
    per_doc: dict[str, list[dict]] = {}
    for feat in features:
        p = feat.get("properties") or {}
        if "doc" not in p or "start" not in p or "end" not in p:
            raise Fail(f"{path}: a feature without doc/start/end: not an eventmap places layer")
        per_doc.setdefault(str(p["doc"]), []).append(feat)
    return per_doc


def sentences(text: str):
    """(start, end) character spans of the sentences of `text`."""
    start = 0
    for m in SENTENCE_END.finditer(text):
        if m.start() > start:
            yield start, m.start()
        start = m.end()
    if start < len(text):
        yield start, len(text)


def baseline(docs, places, cues, drop_placeless=False):
    """The baseline's event features."""
    out = []
    for doc_id, text in docs:
        # Byte offset of every character, to place the layer's byte offsets.
        byte_at, b = [], 0
        for ch in text:
            byte_at.append(b)
            b += len(ch.encode("utf-8"))
        byte_at.append(b)
        mentions = places.get(doc_id, [])
        seen = set()
        for s, e in sentences(text):
            sentence = text[s:e]
            cats = {}
            for pattern, cat in cues:
                m = pattern.search(sentence)
                if m:
                    cats.setdefault(cat, []).append(m.group(0))
            if not cats:
                continue
            bs, be = byte_at[s], byte_at[e]
            here = [f for f in mentions if bs <= f["properties"]["start"] < be]
            if not here and drop_placeless:
                continue
            for cat, found in sorted(cats.items()):
                for feat in here or [None]:
                    p = feat["properties"] if feat else {}
                    key = (cat, p.get("place_id") or p.get("start"))
                    if key in seen:
                        continue
                    seen.add(key)
                    out.append({
                        "type": "Feature",
                        "geometry": feat.get("geometry") if feat else None,
                        "properties": {
                            "doc": doc_id,
                            "category": cat,
                            "layer": "incident" if cat in INCIDENTS else "infrastructure",
                            "status": "reported",
                            "location": p.get("name"),
                            "place_id": p.get("place_id"),
                            "mention_start": p.get("start"),
                            "mention_end": p.get("end"),
                            "evidence": sentence,
                            "cues": found,
                        },
                    })
    return out


def write_layer(path: pathlib.Path, features):
    tmp = path.with_suffix(".geojson.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f, ensure_ascii=False)
        f.write("\n")
    tmp.replace(path)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", required=True, help="JSON Lines documents ({id, text})")
    ap.add_argument("--places", required=True, help="places layer written by eventmap extract")
    ap.add_argument("-o", "--output", required=True, help="output directory")
    ap.add_argument("--drop-placeless", action="store_true",
                    help="no event for a sentence without a place mention")
    ap.add_argument("--root", default=str(pathlib.Path(__file__).resolve().parent.parent),
                    help="eventmap source tree holding the lexicons (default: this checkout)")
    a = ap.parse_args(argv)
    try:
        cues = load_cues(pathlib.Path(a.root))
        docs = read_documents(a.input)
        places = read_places(a.places)
        events = baseline(docs, places, cues, a.drop_placeless)
        out = pathlib.Path(a.output)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise Fail(f"{out}: {e.strerror}") from e
        write_layer(out / "incidents.geojson", [f for f in events if f["properties"]["layer"] == "incident"])
        write_layer(out / "infrastructure.geojson", [f for f in events if f["properties"]["layer"] == "infrastructure"])
    except Fail as e:
        print(f"baseline: {e}", file=sys.stderr)
        return 1
    print(f"baseline: {len(docs)} documents, {len(events)} events -> {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
