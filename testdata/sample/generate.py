#!/usr/bin/python3
"""Writes the bundled sample submission (synthetic counts, real Hyogo geography).

Run by hand from anywhere; outputs are committed. Deterministic: a fixed seed and our own Poisson
sampler, so the same files come out on every Python 3.

  /usr/bin/python3 testdata/sample/generate.py [--reference DIR]

Counts are invented (Poisson draws around rough population x incidence rates). Codes and names of
the 41 municipalities and their secondary medical areas come from the reference geography
(hyogo_municipalities.csv, kind 市/町; Kobe as one unit 28100).
"""
import argparse
import csv
import io
import math
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))

# Rough population in thousands, only to make big cities big and small towns small.
POPULATION_K = {
    "28100": 1525, "28201": 530, "28202": 460, "28203": 304, "28204": 485, "28205": 43, "28206": 94,
    "28207": 198, "28208": 28, "28209": 78, "28210": 260, "28212": 46, "28213": 39, "28214": 226,
    "28215": 75, "28216": 88, "28217": 152, "28218": 48, "28219": 109, "28220": 43, "28221": 40,
    "28222": 22, "28223": 62, "28224": 45, "28225": 29, "28226": 43, "28227": 35, "28228": 40,
    "28229": 74, "28301": 30, "28365": 20, "28381": 31, "28382": 33, "28442": 11, "28443": 19,
    "28446": 11, "28464": 33, "28481": 14, "28501": 16, "28585": 16, "28586": 13,
}

# Cancer sites: code, label, yearly cases per 100,000 people, share in men.
SITES = [
    ("C16", "胃", 100, 0.68), ("C18-20", "大腸", 120, 0.57), ("C33-34", "肺", 100, 0.68),
    ("C22", "肝臓", 30, 0.66), ("C25", "膵臓", 35, 0.52), ("C50", "乳房", 75, 0.01),
    ("C61", "前立腺", 75, 1.0), ("C15", "食道", 20, 0.82), ("C23-24", "胆のう・胆管", 20, 0.52),
    ("C91-95", "白血病", 12, 0.58), ("OTH", "その他", 160, 0.52),
]
SITE_TOTAL = ("ALL", "総数")
SEXES = [("0", "計"), ("1", "男"), ("2", "女")]
AREA_TOTAL = ("28000", "兵庫県")
MEDICAL_AREAS = ["神戸", "阪神", "東播磨", "北播磨", "播磨姫路", "但馬", "丹波", "淡路"]
T1_SITE = "C25"  # 表1 is pancreas by area and sex
SMALL = range(1, 10)  # rule ② of the Hyogo policy: 1..9 is suppressed


def poisson(rng, mean):
    """Knuth's method for small means, a rounded normal for large ones (stable across Pythons)."""
    if mean > 60:
        return max(0, int(round(rng.gauss(mean, math.sqrt(mean)))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def read_municipalities(reference_dir):
    with open(os.path.join(reference_dir, "hyogo_municipalities.csv"), encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["kind"] in ("市", "町")]
    assert len(rows) == 41, len(rows)
    return rows


def build_area_dimension(munis):
    """[(code, label, parent)]: 兵庫県 -> 8 medical areas (MA01..MA08) -> municipalities."""
    codes = [(AREA_TOTAL[0], AREA_TOTAL[1], "")]
    for i, name in enumerate(MEDICAL_AREAS, start=1):
        ma = "MA%02d" % i
        codes.append((ma, name + "圏域", AREA_TOTAL[0]))
        for m in munis:
            if m["medical_area"] == name:
                codes.append((m["code"], m["name"], ma))
    return codes


def simulate(rng, munis):
    """Leaf counts {(muni, site, sex): n} for sex 1/2 and the listed sites."""
    leaf = {}
    for m in munis:
        pop = POPULATION_K[m["code"]] * 1000
        for code, _, rate, male in SITES:
            mean = pop * rate / 100000
            leaf[(m["code"], code, "1")] = poisson(rng, mean * male)
            leaf[(m["code"], code, "2")] = poisson(rng, mean * (1 - male))
    return leaf


class Cube:
    """True counts for every (area, site, sex) including totals, summed from the leaves."""

    def __init__(self, area_codes, leaf):
        self.children = {}
        for code, _, parent in area_codes:
            self.children.setdefault(parent, []).append(code)
        self.leaf = leaf
        self.memo = {}

    def area_leaves(self, area):
        kids = self.children.get(area)
        if not kids:
            return [area]
        return [l for k in kids for l in self.area_leaves(k)]

    def value(self, area, site, sex):
        key = (area, site, sex)
        if key not in self.memo:
            sites = [s[0] for s in SITES] if site == SITE_TOTAL[0] else [site]
            sexes = ["1", "2"] if sex == "0" else [sex]
            self.memo[key] = sum(self.leaf[(a, s, x)] for a in self.area_leaves(area) for s in sites for x in sexes)
        return self.memo[key]


def table_cells(area_codes):
    """Cells of the three tables as canonical (area, site, sex) keys, grouped in additive relations."""
    areas = [c for c, _, _ in area_codes]
    parents = {c: p for c, _, p in area_codes}
    site_codes = [SITE_TOTAL[0]] + [s[0] for s in SITES]
    sexes = [s for s, _ in SEXES]
    t1 = [(a, T1_SITE, x) for a in areas for x in sexes]
    t2 = [(a, s, "0") for a in areas for s in site_codes]
    t3 = [(AREA_TOTAL[0], s, x) for s in site_codes for x in sexes]
    groups = []
    # Area hierarchy: a parent and its children, for every (site, sex) a table shows by area.
    for site, sex in [(T1_SITE, x) for x in sexes] + [(s, "0") for s in site_codes]:
        for p in set(parents.values()) - {""}:
            groups.append([(p, site, sex)] + [(a, site, sex) for a in areas if parents[a] == p])
    # Sex: 計 = 男 + 女 (表1 by area, 表3 by site).
    for a in areas:
        groups.append([(a, T1_SITE, x) for x in sexes])
    for s in site_codes:
        groups.append([(AREA_TOTAL[0], s, x) for x in sexes])
    # Site: 総数 = the listed sites (表2 by area, 表3 by sex).
    for a in areas:
        groups.append([(a, s, "0") for s in site_codes])
    for x in sexes:
        groups.append([(AREA_TOTAL[0], s, x) for s in site_codes])
    return t1, t2, t3, groups


def small_remainder(cube, g, hidden):
    """A published total whose suppressed parts (two or more) sum to 1..9: rule ② in combination."""
    parts = [c for c in g[1:] if c in hidden]
    return g[0] not in hidden and len(parts) >= 2 and sum(cube.value(*c) for c in parts) in SMALL


def suppression_pattern(cube, cells, groups):
    """Primary: every published count 1..9. Secondary (greedy): while a relation holds exactly one
    suppressed cell, or its suppressed parts sum to 1..9 under a published total (rule ② in
    combination), also suppress its smallest non-zero unsuppressed part (a total if no part is left)."""
    hidden = {c for c in cells if cube.value(*c) in SMALL}
    changed = True
    while changed:
        changed = False
        for g in groups:
            if sum(c in hidden for c in g) != 1 and not small_remainder(cube, g, hidden):
                continue
            parts = [c for c in g[1:] if c not in hidden and cube.value(*c) > 0]
            pick = min(parts, key=lambda c: (cube.value(*c), c)) if parts else g[0]
            if pick in hidden:  # the lone suppressed cell is a total whose parts are all zero
                continue
            hidden.add(pick)
            changed = True
    return hidden


def write(path, text, encoding):
    data = text.encode("cp932") if encoding == "cp932" else text.encode("utf-8")
    if encoding == "utf-8-bom":
        data = b"\xef\xbb\xbf" + data
    with open(path, "wb") as f:
        f.write(data)


def csv_text(rows):
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def long_table(area_codes, cube, hidden, marker, site_column=True):
    sex_label = dict(SEXES)
    # The site column says which site 表1 is about: without it the table would mean "all sites",
    # unless the manifest says `fixed: {site: C25}` (fixed/).
    rows = [["市町コード"] + (["部位"] if site_column else []) + ["性別", "罹患数", "真値"]]
    for a, _, _ in area_codes:
        for x, _ in SEXES:
            v = cube.value(a, T1_SITE, x)
            secret = (a, T1_SITE, x) in hidden
            site = [T1_SITE] if site_column else []
            rows.append([a] + site + [sex_label[x], marker if secret else str(v), str(v) if secret else ""])
    return csv_text(rows)


def wide_area_sex(area_codes, cube, hidden, marker, true_values):
    """表1 again as a printed cross-tab (area down, sex across) with no site column (fixed/)."""
    rows = [["市町"] + [label for _, label in SEXES]]
    for a, label, _ in area_codes:
        row = [label]
        for x, _ in SEXES:
            v = cube.value(a, T1_SITE, x)
            row.append(marker if (a, T1_SITE, x) in hidden and not true_values else str(v))
        rows.append(row)
    return csv_text(rows)


def wide_area_site(area_codes, cube, hidden, marker, true_values):
    sites = [SITE_TOTAL] + [(s[0], s[1]) for s in SITES]
    rows = [["市町"] + [label for _, label in sites]]
    for a, label, _ in area_codes:
        row = [label]
        for s, _ in sites:
            v = cube.value(a, s, "0")
            row.append(marker if (a, s, "0") in hidden and not true_values else str(v))
        rows.append(row)
    return csv_text(rows)


def wide_site_sex(cube, hidden, marker, true_values):
    sites = [SITE_TOTAL] + [(s[0], s[1]) for s in SITES]
    rows = [["部位"] + [label for _, label in SEXES]]
    for s, label in sites:
        row = [label]
        for x, _ in SEXES:
            v = cube.value(AREA_TOTAL[0], s, x)
            row.append(marker if (AREA_TOTAL[0], s, x) in hidden and not true_values else str(v))
        rows.append(row)
    return csv_text(rows)


MANIFEST = """\
# 公表予定の集計表（サンプル：件数は架空、市町・医療圏は実在）
# Sample submission: invented counts, real Hyogo municipalities and medical areas.
manifest_version: 1
policy: hyogo-2018
# The code lists and shared tables sit one folder up (files outside the manifest folder must be allowed).
allowed_folders: [".."]
submission:
  title: 兵庫県における部位別がん罹患の地域差（サンプル）
  approval:
    date: "2024-04-01"
    number: 兵庫県指令健第0000号（サンプル）
  purpose: 市町別・二次保健医療圏別のがん罹患数の記述（研究）
  publication:
    venue: 兵庫県がん登録研究会 抄録集（サンプル）
    date: "2024-11"
{attribution}
dimensions:
  area:
    label: 市町
    codes_file: ../area_codes.csv
  site:
    label: 部位
    codes_file: ../site_codes.csv
  sex:
    label: 性別
    codes:
      - {{code: "0", label: 計}}
      - {{code: "1", label: 男, parent: "0"}}
      - {{code: "2", label: 女, parent: "0"}}
tables:
  - id: t1
    title: 表1 市町・二次保健医療圏別、性別 膵臓がん罹患数
    file: {t1}
    encoding: utf-8
    layout: long
    dimensions: {{area: 市町コード, site: 部位, sex: 性別}}
    codes: {{site: [{t1_site}]}}
    count: 罹患数
    true_value_column: 真値
  - id: t2
    title: 表2 市町・二次保健医療圏別、部位別 がん罹患数（男女計）
    file: {t2}
    encoding: cp932
    layout: wide
    rows: [area]
    columns: site
    true_values: {t2_true}
  - id: t3
    title: 表3 部位別、性別 がん罹患数（兵庫県）
    file: {t3}
    encoding: utf-8-bom
    layout: wide
    rows: [site]
    columns: sex{t3_true}
"""

FIXED_MANIFEST = """\
# 部位を一つに決めた表（fixed）のサンプル: 表1 は膵臓（C25）だけの表で、ファイルに部位の列がありません。
# Sample of tables about one site (fixed): 表1 and 表4 show pancreas (C25) only, without a site column.
manifest_version: 1
policy: hyogo-2018
# The code lists and shared tables sit one folder up (files outside the manifest folder must be allowed).
allowed_folders: [".."]
submission:
  title: 兵庫県における部位別がん罹患の地域差（サンプル・fixed）
  approval:
    date: "2024-04-01"
    number: 兵庫県指令健第0000号（サンプル）
  purpose: 市町別・二次保健医療圏別のがん罹患数の記述（研究）
  publication:
    venue: 兵庫県がん登録研究会 抄録集（サンプル）
    date: "2024-11"
{attribution}
dimensions:
  area:
    label: 市町
    codes_file: ../area_codes.csv
  site:
    label: 部位
    codes_file: ../site_codes.csv
  sex:
    label: 性別
    codes:
      - {{code: "0", label: 計}}
      - {{code: "1", label: 男, parent: "0"}}
      - {{code: "2", label: 女, parent: "0"}}
tables:
  - id: t1
    title: 表1 市町・二次保健医療圏別、性別 膵臓がん罹患数
    file: t1.csv
    encoding: utf-8
    layout: long
    fixed: {{site: {t1_site}}}
    dimensions: {{area: 市町コード, sex: 性別}}
    count: 罹患数
    true_value_column: 真値
  - id: t2
    title: 表2 市町・二次保健医療圏別、部位別 がん罹患数（男女計）
    file: ../pass/t2.csv
    encoding: cp932
    layout: wide
    rows: [area]
    columns: site
    true_values: ../pass/t2_true.csv
  - id: t3
    title: 表3 部位別、性別 がん罹患数（兵庫県）
    file: ../pass/t3.csv
    encoding: utf-8-bom
    layout: wide
    rows: [site]
    columns: sex{t3_true}
  - id: t4
    title: 表4 市町・二次保健医療圏別、性別 膵臓がん罹患数（表1 を集計表の形で）
    file: t4.csv
    encoding: utf-8
    layout: wide
    fixed: {{site: {t1_site}}}
    rows: [area]
    columns: sex
    true_values: t4_true.csv
"""

ATTRIBUTION = """\
  attribution: 本成果は、がん登録等の推進に関する法律に基づき兵庫県から提供を受けた全国がん登録情報を利用し、利用者が独自に作成・加工したものである。"""


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reference", default="/work/shared/reference", help="folder of hyogo_municipalities.csv")
    args = parser.parse_args()
    rng = random.Random(20240401)
    munis = read_municipalities(args.reference)
    area_codes = build_area_dimension(munis)
    cube = Cube(area_codes, simulate(rng, munis))
    t1, t2, t3, groups = table_cells(area_codes)
    hidden = suppression_pattern(cube, t1 + t2 + t3, groups)

    write(os.path.join(HERE, "area_codes.csv"), csv_text([["code", "label", "parent"]] + area_codes), "utf-8")
    site_rows = [["code", "label", "parent"], [SITE_TOTAL[0], SITE_TOTAL[1], ""]]
    site_rows += [[code, label, SITE_TOTAL[0]] for code, label, _, _ in SITES]
    write(os.path.join(HERE, "site_codes.csv"), csv_text(site_rows), "utf-8")

    p = os.path.join(HERE, "pass")
    os.makedirs(p, exist_ok=True)
    write(os.path.join(p, "t1.csv"), long_table(area_codes, cube, hidden, "*"), "utf-8")
    write(os.path.join(p, "t2.csv"), wide_area_site(area_codes, cube, hidden, "x", False), "cp932")
    write(os.path.join(p, "t2_true.csv"), wide_area_site(area_codes, cube, hidden, "x", True), "cp932")
    t3_hidden = any(c in hidden for c in t3)
    write(os.path.join(p, "t3.csv"), wide_site_sex(cube, hidden, "秘匿", False), "utf-8-bom")
    if t3_hidden:
        write(os.path.join(p, "t3_true.csv"), wide_site_sex(cube, hidden, "秘匿", True), "utf-8-bom")
    t3_true = "\n    true_values: t3_true.csv" if t3_hidden else ""
    write(os.path.join(p, "manifest.yaml"),
          MANIFEST.format(attribution=ATTRIBUTION, t1_site=T1_SITE, t1="t1.csv", t2="t2.csv", t2_true="t2_true.csv",
                          t3="t3.csv", t3_true=t3_true), "utf-8")

    # The failing version publishes every small count of 表1; 表2 and 表3 are the passing files.
    f = os.path.join(HERE, "fail")
    os.makedirs(f, exist_ok=True)
    write(os.path.join(f, "t1.csv"), long_table(area_codes, cube, set(), "*"), "utf-8")
    t3_true_fail = "\n    true_values: ../pass/t3_true.csv" if t3_hidden else ""
    write(os.path.join(f, "manifest.yaml"),
          MANIFEST.format(attribution=ATTRIBUTION, t1_site=T1_SITE, t1="t1.csv", t2="../pass/t2.csv", t2_true="../pass/t2_true.csv",
                          t3="../pass/t3.csv", t3_true=t3_true_fail), "utf-8")

    # 表1 without its site column (`fixed: {site: C25}`), and the same cells as a cross-tab 表4.
    x = os.path.join(HERE, "fixed")
    os.makedirs(x, exist_ok=True)
    write(os.path.join(x, "t1.csv"), long_table(area_codes, cube, hidden, "*", site_column=False), "utf-8")
    write(os.path.join(x, "t4.csv"), wide_area_sex(area_codes, cube, hidden, "*", False), "utf-8")
    write(os.path.join(x, "t4_true.csv"), wide_area_sex(area_codes, cube, hidden, "*", True), "utf-8")
    t3_true_fixed = "\n    true_values: ../pass/t3_true.csv" if t3_hidden else ""
    write(os.path.join(x, "manifest.yaml"),
          FIXED_MANIFEST.format(attribution=ATTRIBUTION, t1_site=T1_SITE, t3_true=t3_true_fixed), "utf-8")

    small_t1 = [c for c in t1 if cube.value(*c) in SMALL]
    print("cells hidden: %d (primary %d); 表1 small cells published in fail/: %d"
          % (len(hidden), sum(cube.value(*c) in SMALL for c in t1 + t2 + t3), len(small_t1)))


if __name__ == "__main__":
    main()
