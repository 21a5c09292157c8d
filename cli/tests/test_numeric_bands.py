"""Age bands of one variable that overlap without a mapping (10-year-like bands beside 0-29/30-64/65+):
hitoku cuts them into their common pieces itself, so the difference of the two groupings is audited
instead of refused. Each random case is compared, cell by cell, with an exact oracle written here
(linear_oracle.py) over the pieces; undeclared bands of one range are audited as one variable too."""
import json
import random

from conftest import run

SEXES = ["男", "女"]
BANDS_A = [("0-19", 0, 20), ("20-39", 20, 40), ("40-59", 40, 60), ("60-79", 60, 80), ("80+", 80, 999)]
BANDS_B = [("0～29歳", 0, 30), ("30～64歳", 30, 65), ("65歳以上", 65, 999)]
PIECES = [(0, 20), (20, 30), (30, 40), (40, 60), (60, 65), (65, 80), (80, 999)]  # worked out by hand


def inner_of(lo, hi, sexes):
    return sorted(p * len(SEXES) + s for p, (a, b) in enumerate(PIECES) if lo <= a and b <= hi for s in sexes)


def cells(bands, truth):
    """(band code, sex, inner cells, true value) for every cell of a band × sex table with totals."""
    out = []
    for code, lo, hi in [("計", 0, 999)] + bands:
        for sex in ["計"] + SEXES:
            sexes = range(len(SEXES)) if sex == "計" else [SEXES.index(sex)]
            inner = inner_of(lo, hi, sexes)
            out.append((code, sex, inner, sum(truth[c] for c in inner)))
    return out


def write_case(folder, truth, declared):
    folder.mkdir()
    tables = {"t_a": cells(BANDS_A, truth), "t_b": cells(BANDS_B, truth)}
    for name, rows in tables.items():
        lines = ["年齢,性別,件数,真値"]
        for code, sex, _, value in rows:
            shown = "*" if 1 <= value <= 9 else str(value)
            lines.append(f"{code},{sex},{shown},{value if shown == '*' else ''}")
        (folder / f"{name}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    variable = "    variable: age\n" if declared else ""

    def codes(bands):
        return ", ".join(["{code: 計}"] + [f"{{code: '{c}', parent: 計}}" for c, _, _ in bands])

    (folder / "manifest.yaml").write_text(
        "manifest_version: 1\n"
        "submission: {title: 年齢階級2通り}\n"
        "policy: hyogo-2018\n"
        "dimensions:\n"
        f"  age_a:\n{variable}    codes: [{codes(BANDS_A)}]\n"
        f"  age_b:\n{variable}    codes: [{codes(BANDS_B)}]\n"
        "  sex: {codes: [{code: 計}, {code: 男, parent: 計}, {code: 女, parent: 計}]}\n"
        "tables:\n"
        "  - {id: t_a, file: t_a.csv, layout: long, dimensions: {age_a: 年齢, sex: 性別}, count: 件数, true_value_column: 真値}\n"
        "  - {id: t_b, file: t_b.csv, layout: long, dimensions: {age_b: 年齢, sex: 性別}, count: 件数, true_value_column: 真値}\n",
        encoding="utf-8")
    return tables


def integer_ranges(rows, n, cells, budget=2_000_000):
    """Every nonnegative integer completion of the published rows (inner cells, value), by a search in
    inner-cell order that closes each row at its last cell: {cell: set of values it takes}, or None when
    the search exceeds `budget` nodes."""
    last = {}
    for k, (inner, _) in enumerate(rows):
        last.setdefault(max(inner), []).append(k)
    cap = [min([v for inner, v in rows if c in inner], default=10**6) for c in range(n)]
    point, seen, nodes = [0] * n, {c: set() for c in cells}, [0]

    def partial_ok(upto):
        for inner, v in rows:
            done = sum(point[c] for c in inner if c <= upto)
            if done > v or done + sum(cap[c] for c in inner if c > upto) < v:
                return False
        return True

    def search(i):
        nodes[0] += 1
        if nodes[0] > budget:
            raise TimeoutError
        if i == n:
            for c, inner in cells.items():
                seen[c].add(sum(point[x] for x in inner))
            return
        for v in range(cap[i] + 1):
            point[i] = v
            if all(sum(point[c] for c in rows[k][0]) == rows[k][1] for k in last.get(i, [])) and partial_ok(i):
                search(i + 1)
        point[i] = 0

    try:
        search(0)
    except TimeoutError:
        return None
    return seen


def oracle(tables, truth):
    """Per suppressed cell (table, band, sex): True when every integer completion gives it one value;
    None when the case is too large to enumerate."""
    rows = [(inner, v) for rows in tables.values() for _, _, inner, v in rows if not 1 <= v <= 9]
    cells = {(name, code, sex): inner for name, table_rows in tables.items() for code, sex, inner, v in table_rows
             if 1 <= v <= 9}
    ranges = integer_ranges(rows, len(truth), cells)
    if ranges is None:
        return None
    return {key: len(values) == 1 for key, values in ranges.items()}


def hitoku_verdicts(manifest):
    r = run("check", manifest, "--format", "json")
    assert r.returncode in (0, 1), r.stderr
    report = json.loads(r.stdout)
    cells = {}
    for c in report["suppressed_cells"]:
        band = c["cell"].get("age_a", c["cell"].get("age_b"))
        cells[(c["table"], band, c["cell"]["sex"])] = c["recoverable"]
    return r.returncode, report, cells


def test_overlapping_declared_bands_are_audited_against_an_exact_oracle(tmp_path):
    rng = random.Random(20261208)
    recovered_seen = compared = 0
    for case in range(12):
        truth = [rng.choice([0, 1, 2, 3, 5, 8, 12, 20, 40]) for _ in range(len(PIECES) * len(SEXES))]
        tables = write_case(tmp_path / f"c{case}", truth, declared=True)
        expected = oracle(tables, truth)
        if not expected:
            continue
        compared += 1
        code, report, got = hitoku_verdicts(tmp_path / f"c{case}" / "manifest.yaml")
        assert got == expected, f"case {case}: truth {truth}"
        recovered_seen += sum(expected.values())
        if any(expected.values()):
            assert code == 1 and report["verdict"] == "fail"
    assert compared >= 6, f"only {compared} cases were small enough to enumerate"
    assert recovered_seen > 0, "no case had a cell recovered across the groupings"


def test_undeclared_bands_of_one_range_are_checked_as_one_variable(tmp_path):
    """Without `variable:` the two band dimensions are audited as declared (two variables) and once more as one:
    every cell the one-variable oracle recovers is reported, either by the plain audit or by an error that names
    both dimensions; a cell only the one-variable reading gives away makes the check fail."""
    rng = random.Random(3)
    twin_errors = 0
    for case in range(12):
        truth = [rng.choice([0, 0, 3, 4, 6, 8, 15, 30]) for _ in range(len(PIECES) * len(SEXES))]
        tables = write_case(tmp_path / f"u{case}", truth, declared=False)
        expected = oracle(tables, truth)
        if not expected:
            continue
        r = run("check", tmp_path / f"u{case}" / "manifest.yaml", "--format", "json")
        assert r.returncode in (0, 1), r.stderr
        report = json.loads(r.stdout)

        def key(table, cell):
            return (table, cell.get("age_a", cell.get("age_b")), cell["sex"])

        plain = {key(c["table"], c["cell"]) for c in report["suppressed_cells"] if c["recoverable"]}
        twins = [f for f in report["findings"] if f["rule"] == "4" and f["severity"] == "error"
                 and "age_a" in f["reason"]["en"] and "age_b" in f["reason"]["en"] and "numeric bands" in f["reason"]["en"]]
        named = {key(c["table"], c["cell"]) for f in twins for c in f["cells"]}
        recovered = {k for k, v in expected.items() if v}
        assert recovered <= plain | named, (case, truth, recovered - plain - named)
        if twins:
            twin_errors += 1
            assert r.returncode == 1 and report["verdict"] == "fail"
    assert twin_errors > 0, "no case had a cell that only the one-variable reading gives away"


def test_a_piece_of_two_groupings_is_a_group_of_rule_one(tmp_path):
    """0～9/10～19 and 0～14/15～19 by stage: the piece 10-14 = (0～14) − (0～9) has 32 − 20 = 12 patients and
    10 − 10 = 0 限局, so all 12 are 遠隔 although no table and no code shows 10-14."""
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "t1.csv").write_text("age,stage,n\nt,0,60\nt,1,25\nt,2,35\na,0,20\na,1,10\na,2,10\nb,0,40\nb,1,15\nb,2,25\n",
                                   encoding="utf-8")
    (folder / "t2.csv").write_text("age,stage,n\nt,0,60\nt,1,25\nt,2,35\nc,0,32\nc,1,10\nc,2,22\nd,0,28\nd,1,15\nd,2,13\n",
                                   encoding="utf-8")
    (folder / "manifest.yaml").write_text(
        "manifest_version: 1\nsubmission: {title: 例}\npolicy: hyogo-2018\ndimensions:\n"
        "  age_a: {variable: age, codes: [{code: t, label: 計}, {code: a, label: 0～9歳, parent: t}, {code: b, label: 10～19歳, parent: t}]}\n"
        "  age_b: {variable: age, codes: [{code: t, label: 計}, {code: c, label: 0～14歳, parent: t}, {code: d, label: 15～19歳, parent: t}]}\n"
        "  stage: {variable: stage, codes: [{code: '0', label: 計}, {code: '1', label: 限局, parent: '0'}, {code: '2', label: 遠隔, parent: '0'}]}\n"
        "tables:\n"
        "  - {id: t1, file: t1.csv, layout: long, dimensions: {age_a: age, stage: stage}, count: n}\n"
        "  - {id: t2, file: t2.csv, layout: long, dimensions: {age_b: age, stage: stage}, count: n}\n",
        encoding="utf-8")
    r = run("check", folder / "manifest.yaml", "--format", "json")
    assert r.returncode == 1, r.stderr
    rule1 = [f for f in json.loads(r.stdout)["findings"] if f["rule"] == "1" and f["severity"] == "error"]
    assert any("10-14" in f["reason"]["ja"] and "遠隔" in f["reason"]["ja"] for f in rule1), rule1
