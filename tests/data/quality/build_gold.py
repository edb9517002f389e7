#!/usr/bin/env python3
"""Writes en.jsonl and ko.jsonl, the annotated texts of the quality test.

The texts below were written for eventmap's tests (they are not copies of any
published article). Markup:

    [surface|gazetteer-id|level]        a place mention
    [surface|gazetteer-id|level#key]    the same, with a key events refer to
    [surface|-|level]                   a place the gazetteer lacks (no gold coordinates)
    {surface}                           a non-place (demonym, organisation)

Gold country, admin1_code, lat and lon are read from the row of the given id in
../../../gazetteer/places.tsv (the bundled gazetteer), so no coordinate is typed
by hand. Offsets are Python character offsets, end exclusive, as in the
evaluation record format (id, text, places[], non_places[], events[]).

Run from this directory: python3 build_gold.py
"""
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
PLACES_TSV = HERE.parent.parent.parent / "gazetteer" / "places.tsv"

EN = [
    ("en-01",
     "[HOERYONG|geonames:2044091|city], [North Korea|ne-country:KP|country] - A {North Korean} soldier died last "
     "week while building an electrified fence along the [Tumen River|ne-river:1108|river] near "
     "[Hoeryong|geonames:2044091|city#h], [North Hamgyong Province|geonames:2044245|province], a source "
     "told {Daily NK}. The source said his unit had been ordered to finish the fence before the river froze.",
     [("death", "h", "A North Korean soldier died"),
      ("electrified_fence", "h", "building an electrified fence")]),
    ("en-02",
     "Authorities in [Pochon|geonames:2041997|county#p], [Yanggang Province|geonames:2039332|province], "
     "arrested three residents accused of smuggling copper into [China|ne-country:CN|country], a source "
     "in the region said on Friday. [Pochon County|geonames:2041997|county] lies east of "
     "[Hyesan|geonames:2043837|city] and has long been a route for traders.",
     [("arrest", "p", "arrested three residents"),
      ("smuggling", "p", "smuggling copper into China")]),
    ("en-03",
     "[Pocheon|kostat:31270|county], [Gyeonggi Province|geonames:1841610|province], will open a new rail "
     "line to [Seoul|geonames:1835848|city] next year, city officials told the {Korea Herald}. The mayor "
     "of [Pocheon|kostat:31270|county] said commuters would save almost an hour a day.",
     []),
    ("en-04",
     "[Musan County|geonames:2042740|county#m] officials have installed new surveillance cameras along the "
     "riverbank, a source in [North Hamgyong Province|geonames:2044245|province] told {Daily NK}. "
     "Residents of [Musan|geonames:2042738|town] say the cameras now cover the whole stretch facing "
     "[China|ne-country:CN|country].",
     [("surveillance_camera", "m", "installed new surveillance cameras")]),
    ("en-05",
     "The {Ministry of State Security} has stepped up house searches in [Hyesan-si|geonames:2043837|city#hs] "
     "and [Musan-gun|geonames:2042740|county#mg], looking for {Chinese} mobile phones, sources said. In "
     "[Hyesan|geonames:2043837|city#h], at least five people were detained for calling relatives in "
     "[South Korea|ne-country:KR|country].",
     [("inspection", "hs", "stepped up house searches"),
      ("inspection", "mg", "stepped up house searches"),
      ("arrest", "h", "at least five people were detained")]),
    ("en-06",
     "A new guard post has gone up outside [Onsong-up|geonames:2042267|town#o], close to the border with "
     "[China|ne-country:CN|country], a resident said. In [Kimjongsuk County|geonames:2043475|county#k], "
     "[Ryanggang-do|geonames:2039332|province], border guards have strung new barbed wire along the banks "
     "of the [Yalu River|ne-river:680|river].",
     [("guard_post", "o", "A new guard post"),
      ("barbed_wire", "k", "strung new barbed wire")]),
    ("en-07",
     "Smuggling between [Sinuiju|geonames:2040893|city#s] and the {Chinese} city of "
     "[Dandong|geonames:2037886|city] has almost stopped since the "
     "[North Korea|ne-country:KP|country]-[China|ne-country:CN|country] border was sealed, traders in "
     "[North Pyongan Province|geonames:1871954|province] said. One trader said customs officers at the "
     "[Sinuiju|geonames:2040893|city] checkpoint now inspect every truck.",
     [("smuggling", "s", "Smuggling between Sinuiju"),
      ("checkpoint", "s", "the Sinuiju checkpoint"),
      ("inspection", "s", "inspect every truck")]),
    ("en-08",
     "Two women were publicly executed in [Hoeryong City|geonames:2044091|city#h] last month for "
     "distributing {South Korean} dramas, {Daily NK} has learned. Residents of "
     "[Hoeryong|geonames:2044091|city] were made to watch the execution.",
     [("execution", "h", "publicly executed")]),
    ("en-09",
     "Heavy rain flooded parts of [Chongjin|geonames:2044757|city#c] and "
     "[Kyongsong County|geonames:2042989|county] this week, killing at least 12 people, a source in "
     "[North Hamgyong|geonames:2044245|province] said. Rescue work was slow because roads to "
     "[Chongjin|geonames:2044757|city] were cut.",
     [("flood", "c", "Heavy rain flooded"),
      ("death", "c", "killing at least 12 people")]),
    ("en-10",
     "Soldiers in [Kimhyongjik County|geonames:2044027|county#k] have been ordered to fire on anyone who "
     "approaches the [Yalu|ne-river:680|river] without a permit, a source in "
     "[Yanggang Province|geonames:2039332|province] said. New guard posts stand every 500 meters between "
     "[Kimhyongjik|geonames:2044027|county] and [Hyesan|geonames:2043837|city].",
     [("guard_post", "k", "New guard posts stand every 500 meters")]),
    ("en-11",
     "{Chinese} police in [Changbai|geonames:2038185|city#c], across the river from "
     "[Hyesan|geonames:2043837|city], arrested two {North Korean} defectors hiding in a farmhouse, a "
     "source in [Jilin Province|geonames:2036500|province] said.",
     [("arrest", "c", "arrested two North Korean defectors"),
      ("defection", "c", "North Korean defectors")]),
    ("en-12",
     "[South Korea|ne-country:KR|country]'s Ministry of Unification said in [Seoul|geonames:1835848|city] on "
     "Monday that 43 {North Koreans} reached the South in the first quarter. Most crossed from "
     "[Ryanggang Province|geonames:2039332|province#r] into [China|ne-country:CN|country] before "
     "travelling on to [Southeast Asia|-|region].",
     [("defection", "r", "Most crossed from Ryanggang Province into China")]),
]

KO = [
    ("ko-01",
     "[함경북도|geonames:2044245|province] [회령|geonames:2044091|city#h]에서 국경경비대 군인 한 명이 "
     "전기철조망 공사 중 사망했다고 소식통이 전했다. [회령시|geonames:2044091|city] 당국은 사고 이후 "
     "[두만강|ne-river:1108|river] 연선 경비를 강화했다.",
     [("death", "h", "군인 한 명이 전기철조망 공사 중 사망했다"),
      ("electrified_fence", "h", "전기철조망 공사")]),
    ("ko-02",
     "[양강도|geonames:2039332|province] [보천군|geonames:2041997|county#b]에서 밀수를 하던 주민 세 명이 "
     "{국가보위성}에 체포됐다. [혜산시|geonames:2043837|city]의 한 소식통은 \"요즘 "
     "[혜산|geonames:2043837|city#h] 국경 연선에 감시카메라가 더 늘었다\"고 말했다.",
     [("smuggling", "b", "밀수를 하던 주민"),
      ("arrest", "b", "체포됐다"),
      ("surveillance_camera", "h", "감시카메라가 더 늘었다")]),
    ("ko-03",
     "[경기도|geonames:1841610|province] [포천시|kostat:31270|county]에서 열린 음식 축제에 탈북민 200여 "
     "명이 참가했다고 {코리아헤럴드}가 보도했다. [포천|kostat:31270|county] 시청은 내년에도 축제를 열 "
     "계획이다.",
     []),
    ("ko-04",
     "[무산군|geonames:2042740|county#m] 당국은 최근 [중국|ne-country:CN|country]과 맞닿은 "
     "[두만강|ne-river:1108|river] 연선에 초소를 새로 세웠다. [무산|geonames:2042738|town]에서 온 "
     "소식통에 따르면 [온성군|geonames:2042268|county#o]과 [회령|geonames:2044091|city] 사이에도 "
     "경비초소가 늘었다.",
     [("guard_post", "m", "초소를 새로 세웠다"),
      ("guard_post", "o", "경비초소가 늘었다")]),
    ("ko-05",
     "[북한|ne-country:KP|country] [신의주|geonames:2040893|city#s]에서 [중국|ne-country:CN|country] 쪽으로 향하던 밀수선이 "
     "단속에 걸렸다고 {데일리NK}가 전했다. [평안북도|geonames:1871954|province#p]에서는 밀수꾼 두 명이 "
     "체포됐다.",
     [("smuggling", "s", "밀수선"),
      ("crackdown", "s", "단속에 걸렸다"),
      ("arrest", "p", "밀수꾼 두 명이 체포됐다")]),
]

MARK = re.compile(r"\[([^\]|]+)\|([^\]|]+)\|([a-z]+)(?:#(\w+))?\]|\{([^}]+)\}")


def gazetteer_rows():
    rows = {}
    with open(PLACES_TSV, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            row = dict(zip(header, line.rstrip("\n").split("\t")))
            rows[row["id"]] = row
    return rows


def record(doc_id, marked, events, rows):
    text, places, non_places, keys = "", [], [], {}
    pos = 0
    for m in MARK.finditer(marked):
        text += marked[pos:m.start()]
        pos = m.end()
        if m.group(5) is not None:
            start = len(text)
            text += m.group(5)
            non_places.append({"start": start, "end": len(text), "surface": m.group(5)})
            continue
        surface, pid, level, key = m.group(1), m.group(2), m.group(3), m.group(4)
        # "-": a place the bundled gazetteer lacks; no coordinates, nothing but the span is checked.
        row = rows[pid] if pid != "-" else {"country": None, "admin1": None, "lat": None, "lon": None}
        start = len(text)
        text += surface
        if key:
            keys[key] = len(places)
        places.append({
            "start": start, "end": len(text), "surface": surface,
            "country": row["country"], "admin1_code": row["admin1"] or None, "level": level,
            "lat": float(row["lat"]) if row["lat"] else None,
            "lon": float(row["lon"]) if row["lon"] else None, "ref": pid if pid != "-" else None,
        })
    text += marked[pos:]
    for ev in events:
        assert ev[2] in text, (doc_id, ev[2])
    return {
        "id": doc_id, "text": text, "places": places, "non_places": non_places,
        "events": [{"category": c, "place": keys[k], "evidence": e} for c, k, e in events],
    }


def main():
    rows = gazetteer_rows()
    for name, docs in (("en.jsonl", EN), ("ko.jsonl", KO)):
        with open(HERE / name, "w", encoding="utf-8") as f:
            for doc_id, marked, events in docs:
                f.write(json.dumps(record(doc_id, marked, events, rows), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
