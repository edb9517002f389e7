#!/usr/bin/env python3
"""Event precision and recall per category, with the evaluation kit's scorer.

Usage:

    eventmap extract SET.jsonl -o OUT
    python3 tools/per_category.py --scorer path/to/score.py --gold SET.jsonl --out OUT

Scores OUT/incidents.geojson and OUT/infrastructure.geojson against the gold events of
SET.jsonl one category at a time, with the scorer's own matching (same document, same category,
a point within 50 km of the gold place), and prints P, R, F1 and the gold and predicted counts.
"""
import argparse
import copy
import importlib.util
import sys


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scorer", required=True, help="the evaluation kit's score.py")
    ap.add_argument("--gold", required=True, help="gold JSON Lines")
    ap.add_argument("--out", required=True, help="folder eventmap extract wrote")
    args = ap.parse_args()
    spec = importlib.util.spec_from_file_location("score", args.scorer)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gold = scorer.load_gold(args.gold)
    places = scorer.read_features(f"{args.out}/places.geojson")
    events = scorer.read_features(f"{args.out}/incidents.geojson") + scorer.read_features(
        f"{args.out}/infrastructure.geojson"
    )
    categories = [
        c
        for c in scorer.EVENT_CATEGORIES
        if any(e["category"] == c for d in gold.values() for e in d.get("events", []))
        or any(f["properties"]["category"] == c for f in events)
    ]
    print(f"{'category':22} {'P':>5} {'R':>5} {'F1':>5} {'gold':>5} {'pred':>5}")
    for category in categories:
        subset = copy.deepcopy(gold)
        for doc in subset.values():
            doc["events"] = [e for e in doc.get("events", []) if e["category"] == category]
        chosen = [f for f in events if f["properties"]["category"] == category]
        m = scorer.score(subset, places, chosen)["events"]
        print(
            f"{category:22} {m['precision']:5.2f} {m['recall']:5.2f} {m['f1']:5.2f}"
            f" {m['gold']:5} {m['pred']:5}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
