"""A synthetic corpus for tests and benchmarks: short news-like documents
about North Korean places, built from templates written for this project
(no text from any evaluation set). Deterministic for a given seed.

    python python/tests/corpus.py 3000 corpus.jsonl [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
from typing import Dict, Iterator, List

# Names only; every coordinate comes from the gazetteer.
PLACES = [
    "Hyesan", "Sinuiju", "Hoeryong", "Musan", "Onsong", "Chongjin", "Kimchaek",
    "Hamhung", "Wonsan", "Pyongyang", "Kaesong", "Nampo", "Rason", "Manpo",
    "Junggang", "Samjiyon", "Kanggye", "Pochon County", "Yanggang Province",
    "North Hamgyong Province", "Chagang Province", "Dandong", "Yanji", "Tumen",
    "Hunchun", "Changbai", "Sakju", "Unsong", "Kilju", "Tanchon",
    "혜산", "신의주", "회령", "무산", "청진", "양강도", "함경북도",
]

EVENTS = [
    "Border guards arrested {n} people who tried to cross the river near {p}.",
    "Two smugglers were detained in {p} last week, according to a local source.",
    "Authorities built a new electrified fence along the riverbank outside {p}.",
    "Surveillance cameras were installed at the crossing points around {p}.",
    "A soldier was shot dead while attempting to defect near {p}.",
    "Residents of {p} said food prices rose sharply after the market was closed.",
    "Officials in {p} plan to add guard posts along the border next spring.",
    "A public execution was held in {p} for drug trafficking, sources reported.",
    "Traders in {p} were caught smuggling copper to China.",
    "{p} 주민 {n}명이 국경을 넘다가 체포됐다고 소식통이 전했다.",
    "{p} 인근 국경 지역에 감시카메라가 새로 설치됐다.",
    "Flooding damaged homes in {p} and the nearby farms.",
    "Delegates from {p} attended a meeting in {q} about harvest quotas.",
    "Construction crews from {q} were sent to {p} to repair the railway.",
]

FILLER = [
    "The report could not be independently confirmed.",
    "Local officials declined to comment.",
    "The situation has been tense since the autumn.",
    "Similar cases were reported earlier this year.",
]


def documents(count: int, seed: int = 7) -> Iterator[Dict[str, str]]:
    """`count` records with `id`, `text`, `date`, `title`, `source`."""
    rng = random.Random(seed)
    for i in range(count):
        sentences: List[str] = []
        for _ in range(rng.randint(2, 6)):
            template = rng.choice(EVENTS)
            sentences.append(
                template.format(p=rng.choice(PLACES), q=rng.choice(PLACES), n=rng.randint(2, 9))
            )
            if rng.random() < 0.4:
                sentences.append(rng.choice(FILLER))
        record = {
            "id": f"doc-{i:06d}",
            "text": " ".join(sentences),
            "title": f"Report {i}",
            "source": f"https://example.org/news/{i}",
        }
        if rng.random() < 0.8:
            record["date"] = f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        yield record


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with open(args.out, "w", encoding="utf-8") as out:
        for record in documents(args.count, args.seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
