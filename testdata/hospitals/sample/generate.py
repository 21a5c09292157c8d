#!/usr/bin/python3
"""Writes the rule ③ sample submission (invented counts, real Hyogo municipalities).

h1: cancers by municipality of the diagnosing hospital, hospitals with surgery (long, UTF-8).
h2: the same areas by sex (wide, UTF-8), linked to h1 by the area dimension.
Counts are invented: 12 + 10 x (surgery hospitals in the synthetic list) per municipality, 0 where
it has no surgery hospital, split by sex 55/45, so every non-zero count is at least 10 and
published. Totals are exact sums.
"""
import csv
import pathlib

here = pathlib.Path(__file__).parent
areas = list(csv.DictReader(open(here / "../../sample/area_codes.csv", encoding="utf-8")))
surgery = {}
for h in csv.DictReader(open(here / "../hyogo_hospitals_synthetic.csv", encoding="utf-8")):
    code = "28100" if h["municipality_code"].startswith("281") else h["municipality_code"]
    surgery[code] = surgery.get(code, 0) + int(h["surgery"])

children = {}
for a in areas:
    children.setdefault(a["parent"], []).append(a["code"])

def value(code, sex):
    if code in children:
        return sum(value(c, sex) for c in children[code])
    s = surgery.get(code, 0)
    n = 12 + 10 * s if s else 0
    male = (n * 55 + 50) // 100
    return {"1": male, "2": n - male}[sex]

with open(here / "h1.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(["市町コード", "罹患数"])
    for a in areas:
        w.writerow([a["code"], value(a["code"], "1") + value(a["code"], "2")])

with open(here / "h2.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(["市町", "男", "女"])
    for a in areas:
        w.writerow([a["label"], value(a["code"], "1"), value(a["code"], "2")])
