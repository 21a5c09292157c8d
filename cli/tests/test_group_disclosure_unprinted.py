"""Rule ①, groups whose sensitive categories follow from the published values although no table prints them
(阪神圏 = 兵庫県 − 播磨圏 by vital status: 55 − 55 alive, so all 26 died), or whose size is known only through an
interval (a rate, another table). Random two- and three-table cases are compared with a brute force over every
nonnegative integer table consistent with what is published, written here."""
import json
import random
from fractions import Fraction

from conftest import run

AREA = [("T", "兵庫県", ""), ("R1", "阪神圏", "T"), ("a1", "甲町", "R1"), ("a2", "乙町", "R1"),
        ("R2", "播磨圏", "T"), ("a3", "丙町", "R2"), ("a4", "丁町", "R2")]
TOWNS = ["a1", "a2", "a3", "a4"]
UNDER = {"T": TOWNS, "R1": ["a1", "a2"], "R2": ["a3", "a4"], **{t: [t] for t in TOWNS}}
VITAL = [("0", "計", ""), ("1", "生存", "0"), ("2", "死亡", "0")]
KINDS = {"0": [0, 1], "1": [0], "2": [1]}
ATTRIBUTION = "本資料は、がん登録等の推進に関する法律に基づき兵庫県から提供を受けた情報を用いて、利用者が独自に作成・加工したものである。"


def inner(area, vital):
    """Inner cells (town index * 2 + vital index) of an area code and a vital code."""
    return sorted(TOWNS.index(t) * 2 + v for t in UNDER[area] for v in KINDS[vital])


# Table shapes: (id, title, area codes or a fixed area, vital codes or None).
SHAPES = {
    "full": ("表 市町×生死", [c for c, _, _ in AREA], None, ["0", "1", "2"]),
    "regions": ("表 医療圏×生死", ["T", "R1", "R2"], None, ["0", "1", "2"]),
    "harima": ("表 播磨圏 生死別", None, "R2", ["0", "1", "2"]),
    "pref": ("表 兵庫県 生死別", None, "T", ["0", "1", "2"]),
    "towns": ("表 市町別", ["T", "a1", "a2", "a3", "a4"], None, None),
    "hanshin_towns": ("表 阪神圏 市町×生死", ["R1", "a1", "a2"], None, ["0", "1", "2"]),
}


def table_cells(shape, truth):
    _, areas, fixed, vitals = SHAPES[shape]
    for area in areas or [fixed]:
        for vital in vitals or ["0"]:
            cells = inner(area, vital)
            yield area, vital, cells, sum(truth[c] for c in cells)


def write_case(folder, shapes, truth):
    folder.mkdir()
    area_codes = ", ".join(f"{{code: {c}, label: {l}" + (f", parent: {p}}}" if p else "}") for c, l, p in AREA)
    vital_codes = ", ".join(f"{{code: '{c}', label: {l}" + (f", parent: '{p}'}}" if p else "}") for c, l, p in VITAL)
    lines = ["manifest_version: 1", "submission: {title: 規則①, attribution: " + ATTRIBUTION + "}", "policy: hyogo-2018",
             "dimensions:", f"  area: {{label: 市町, codes: [{area_codes}]}}",
             f"  vital: {{label: 生死, variable: vital_status, codes: [{vital_codes}]}}", "tables:"]
    published = []
    for shape in shapes:
        title, areas, fixed, vitals = SHAPES[shape]
        columns = (["area"] if areas else []) + (["vital"] if vitals else [])
        rows = [",".join(columns + ["n", "true"])]
        for area, vital, cells, value in table_cells(shape, truth):
            shown = "*" if 1 <= value <= 9 else str(value)
            if shown != "*":
                published.append((cells, value))
            key = ",".join(([area] if areas else []) + ([vital] if vitals else []))
            rows.append(f"{key},{shown},{value if shown == '*' else ''}")
        (folder / f"{shape}.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
        dims = "{area: area, vital: vital}" if vitals and areas else ("{vital: vital}" if vitals else "{area: area}")
        extra = f", fixed: {{area: {fixed}}}" if fixed else ""
        codes = f", codes: {{area: {areas}}}" if areas else ""
        lines.append(f"  - {{id: {shape}, title: {title}, file: {shape}.csv, layout: long, dimensions: {dims}, count: n,"
                     f" true_value_column: true{extra}{codes}}}")
    (folder / "manifest.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return published


def lp_max(objective, published, n=8):
    """max objective·x over x >= 0 with every published cell's sum fixed, in exact rationals (two-phase
    simplex with Bland's rule: small, and independent of hitoku's solvers); None when infeasible."""
    rows = [([Fraction(1 if c in cells else 0) for c in range(n)], Fraction(v)) for cells, v in published]
    m = len(rows)
    # Tableau over x (n), artificials (m); the last column is the right-hand side.
    tab = [a + [Fraction(1 if j == i else 0) for j in range(m)] + [b] for i, (a, b) in enumerate(rows)]
    basis = [n + i for i in range(m)]

    def pivot(r, col):
        p = tab[r][col]
        tab[r] = [x / p for x in tab[r]]
        for i in range(m):
            if i != r and tab[i][col]:
                f = tab[i][col]
                tab[i] = [x - f * y for x, y in zip(tab[i], tab[r])]
        basis[r] = col

    def run(cost, allowed):
        while True:
            reduced = [cost[j] - sum(cost[basis[i]] * tab[i][j] for i in range(m)) for j in range(n + m)]
            col = next((j for j in allowed if reduced[j] > 0), None)
            if col is None:
                return sum(cost[basis[i]] * tab[i][-1] for i in range(m))
            ratios = [(tab[i][-1] / tab[i][col], basis[i], i) for i in range(m) if tab[i][col] > 0]
            if not ratios:
                return None  # unbounded
            pivot(min(ratios)[2], col)

    phase1 = [Fraction(0)] * n + [Fraction(-1)] * m
    if run(phase1, range(n + m)) < 0:
        return None
    for i in range(m):  # drive artificials out of the basis where a real column can replace them
        if basis[i] >= n:
            col = next((j for j in range(n) if tab[i][j] != 0), None)
            if col is not None:
                pivot(i, col)
    return run([Fraction(x) for x in objective] + [Fraction(0)] * m, range(n))


def disclosed(published):
    """Groups (area code, kept category) whose patients the published values show all in one vital category:
    every other category's LP maximum is 0 and the kept category's LP minimum is above 0 (then every integer
    table agrees: these margins of a two-way table with nested areas have integral vertices)."""
    out = []
    for area, _, _ in AREA:
        for kept, other in (("1", "2"), ("2", "1")):
            zero = [1 if c in inner(area, other) else 0 for c in range(8)]
            keep = [-1 if c in inner(area, kept) else 0 for c in range(8)]
            if lp_max(zero, published) == 0 and lp_max(keep, published) < 0:
                out.append((area, kept))
    return out


def rule1_errors(manifest):
    r = run("check", manifest, "--format", "json")
    assert r.returncode in (0, 1), r.stderr
    return [f for f in json.loads(r.stdout)["findings"] if f["rule"] == "1" and f["severity"] == "error"]


def test_a_region_by_subtraction_whose_patients_all_died(tmp_path):
    truth = [12, 6, 0, 8, 30, 20, 25, 54]  # 阪神圏: alive 12 + 0, dead 6 + 8 — not all dead
    truth_dead = [0, 14, 0, 12, 30, 20, 25, 54]  # 阪神圏: 0 alive, 26 dead
    for values, expect in ((truth, False), (truth_dead, True)):
        folder = tmp_path / f"c{int(expect)}"
        published = write_case(folder, ["pref", "harima"], values)
        assert bool(disclosed(published)) == expect
        errors = rule1_errors(folder / "manifest.yaml")
        assert bool(errors) == expect, errors
        if expect:
            reason = errors[0]["reason"]["en"]
            assert "阪神圏" in reason and "死亡" in reason, reason
            assert {t["table"] for t in errors[0]["certificate"]} == {"pref", "harima"}


def test_random_tables_match_the_brute_force(tmp_path):
    rng = random.Random(20261208)
    shapes = list(SHAPES)
    seen = {True: 0, False: 0}
    for case in range(40):
        truth = [rng.choice([0, 0, 0, 2, 5, 11, 14, 20]) for _ in range(8)]
        chosen = rng.sample(shapes, rng.choice([2, 3]))
        folder = tmp_path / f"c{case}"
        published = write_case(folder, chosen, truth)
        expect = disclosed(published)
        errors = rule1_errors(folder / "manifest.yaml")
        assert bool(errors) == bool(expect), (case, chosen, truth, expect, [e["reason"]["en"] for e in errors])
        seen[bool(expect)] += 1
    assert seen[True] >= 5 and seen[False] >= 5, seen


def test_a_group_known_non_empty_through_another_table(tmp_path):
    """甲町 prints 計 *, 限局 0, 領域 0, 遠隔 * by stage; a table by sex prints 甲町 × 女 12. So 甲町 has at least 12
    patients, all 遠隔 — although no table prints 甲町's size. With 領域 suppressed as well, nothing is known."""
    def case(folder, zero_shown):
        folder.mkdir()
        (folder / "t1.csv").write_text(
            "area,stage,n,true\nT,0,70,\nT,410,25,\nT,420,15,\nT,430,30,\n"
            f"A,0,*,16\nA,410,0,\nA,420,{'0,' if zero_shown else '*,0'}\nA,430,*,16\n"
            "B,0,*,24\nB,410,*,12\nB,420,*,5\nB,430,*,7\nC,0,*,30\nC,410,*,13\nC,420,*,10\nC,430,*,7\n", encoding="utf-8")
        (folder / "t2.csv").write_text(
            "area,sex,n,true\nT,0,70,\nT,1,35,\nT,2,35,\nA,0,*,16\nA,1,*,4\nA,2,12,\n"
            "B,0,*,24\nB,1,*,14\nB,2,*,10\nC,0,*,30\nC,1,*,17\nC,2,*,13\n", encoding="utf-8")
        (folder / "manifest.yaml").write_text(
            "manifest_version: 1\nsubmission: {title: 規則①, attribution: " + ATTRIBUTION + "}\npolicy: hyogo-2018\n"
            "dimensions:\n"
            "  area: {label: 市町, codes: [{code: T, label: 計}, {code: A, label: 甲町, parent: T}, {code: B, label: 乙町, parent: T},"
            " {code: C, label: 丙町, parent: T}]}\n"
            "  stage: {label: 進展度, variable: stage, codes: [{code: '0', label: 計}, {code: '410', label: 限局, parent: '0'},"
            " {code: '420', label: 領域, parent: '0'}, {code: '430', label: 遠隔, parent: '0'}]}\n"
            "  sex: {label: 性別, codes: [{code: '0', label: 計}, {code: '1', label: 男, parent: '0'}, {code: '2', label: 女, parent: '0'}]}\n"
            "tables:\n"
            "  - {id: t1, file: t1.csv, layout: long, dimensions: {area: area, stage: stage}, count: n, true_value_column: true}\n"
            "  - {id: t2, file: t2.csv, layout: long, dimensions: {area: area, sex: sex}, count: n, true_value_column: true}\n",
            encoding="utf-8")
        return folder / "manifest.yaml"

    errors = rule1_errors(case(tmp_path / "shown", True))
    assert len(errors) == 1 and "甲町" in errors[0]["reason"]["ja"] and "遠隔" in errors[0]["reason"]["ja"], errors
    assert rule1_errors(case(tmp_path / "hidden", False)) == []


def test_a_stage_dimension_named_otherwise_is_still_checked(tmp_path):
    """The policy names `stage`; a dimension `extent` labelled 進展度 without `variable:` is taken as stage by its name
    (an info finding says so): 甲町 16 = 0 + 0 + 16 is every patient 遠隔. Declaring another variable ends it."""
    def case(folder, variable):
        folder.mkdir()
        (folder / "t1.csv").write_text("area,extent,n\nT,0,40\nT,410,12\nT,420,12\nT,430,16\nA,0,16\nA,410,0\nA,420,0\n"
                                       "A,430,16\nB,0,24\nB,410,12\nB,420,12\nB,430,0\n", encoding="utf-8")
        (folder / "manifest.yaml").write_text(
            "manifest_version: 1\nsubmission: {title: 規則①, attribution: " + ATTRIBUTION + "}\npolicy: hyogo-2018\n"
            "dimensions:\n"
            "  area: {label: 市町, codes: [{code: T, label: 計}, {code: A, label: 甲町, parent: T}, {code: B, label: 乙町, parent: T}]}\n"
            f"  extent: {{label: 進展度,{variable} codes: [{{code: '0', label: 計}}, {{code: '410', label: 限局, parent: '0'}},"
            " {code: '420', label: 領域, parent: '0'}, {code: '430', label: 遠隔, parent: '0'}]}\n"
            "tables:\n  - {id: t1, file: t1.csv, layout: long, dimensions: {area: area, extent: extent}, count: n}\n",
            encoding="utf-8")
        r = run("check", folder / "manifest.yaml", "--format", "json")
        assert r.returncode in (0, 1), r.stderr
        return [f for f in json.loads(r.stdout)["findings"] if f["rule"] == "1"]

    found = case(tmp_path / "named", "")
    assert any(f["severity"] == "error" and "甲町" in f["cell_label"] for f in found), found
    assert any(f["severity"] == "info" and "extent" in f["reason"]["en"] and "stage" in f["reason"]["en"] for f in found), found
    assert case(tmp_path / "declared", " variable: tumour_extent_note,") == []


def three_towns(folder, t3_rows):
    """兵庫県 × stage 50/20/30 and 甲町 × stage 40/20/20; a third table of town totals (`t3_rows`, may be empty)."""
    folder.mkdir()
    (folder / "t1.csv").write_text("area,stage,n\nT,0,50\nT,1,20\nT,2,30\n", encoding="utf-8")
    (folder / "t2.csv").write_text("area,stage,n\na1,0,40\na1,1,20\na1,2,20\n", encoding="utf-8")
    tables = ("  - {id: t1, file: t1.csv, layout: long, dimensions: {area: area, stage: stage}, count: n}\n"
              "  - {id: t2, file: t2.csv, layout: long, dimensions: {area: area, stage: stage}, count: n}\n")
    if t3_rows:
        (folder / "t3.csv").write_text("area,n\n" + t3_rows, encoding="utf-8")
        tables += "  - {id: t3, file: t3.csv, layout: long, dimensions: {area: area}, count: n}\n"
    (folder / "manifest.yaml").write_text(
        "manifest_version: 1\nsubmission: {title: 規則①, attribution: " + ATTRIBUTION + "}\npolicy: hyogo-2018\n"
        "dimensions:\n"
        "  area: {label: 市町, codes: [{code: T, label: 兵庫県}, {code: a1, label: 甲町, parent: T}, {code: a2, label: 乙町, parent: T},"
        " {code: a3, label: 丙町, parent: T}]}\n"
        "  stage: {label: 進展度, variable: stage, codes: [{code: '0', label: 計}, {code: '1', label: 限局, parent: '0'},"
        " {code: '2', label: 遠隔, parent: '0'}]}\n"
        "tables:\n" + tables, encoding="utf-8")
    return folder / "manifest.yaml"


def test_the_rest_of_a_prefecture_and_a_town_inside_it(tmp_path):
    """兵庫県 − 甲町 (no code names it) has 10 patients, 20 − 20 = 0 of them 限局: all 10 are 遠隔. With the town totals
    printed (乙町 10, 丙町 0), 乙町 itself is all 遠隔 too: the 0 of the rest covers it."""
    rest = rule1_errors(three_towns(tmp_path / "rest", ""))
    assert any("兵庫県 − 甲町" in f["reason"]["ja"] and "遠隔" in f["reason"]["ja"] for f in rest), rest
    town = rule1_errors(three_towns(tmp_path / "town", "T,50\na1,40\na2,10\na3,0\n"))
    assert town, "乙町 (10 patients, 限局 0 through the rest of the prefecture) is all 遠隔"
