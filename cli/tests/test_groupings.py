"""One variable, two groupings: age in 10-year bands and in 0-39/40-64/65+, both built from 診断時年齢
of the bundled extract. Patterns made for each table alone leak through the difference of the
groupings; `hitoku protect` on the plan gives tables that an independent exact oracle (built here from
the extract itself, not from hitoku's audit) cannot break."""
import csv
import json
import shutil

from conftest import run
from linear_oracle import determined, other_value

AGE10 = ["00-09", "10-19", "20-29", "30-39", "40-49", "50-59", "60-69", "70-79", "80+"]
AGE3 = ["00-39", "40-64", "65+"]
SEXES = ["1", "2", "unknown"]
# The common refinement of the two groupings: 10-year bands, 60-69 split at 65; then unknown age.
UNITS = [(0, 10), (10, 20), (20, 30), (30, 40), (40, 50), (50, 60), (60, 65), (65, 70), (70, 80), (80, 200), None]


def plan_text(testdata, tables):
    reg, ref = testdata / "registry", testdata.parent / "reference"
    lines = [
        "plan_version: 1",
        "submission: {title: 年齢2通りの例, approval_date: '2024-04-01', approval_number: 例, purpose: 例,",
        "  publication_venue: 例, publication_date: '2025-03-31',",
        "  attribution: 本資料は、がん登録等の推進に関する法律に基づき兵庫県から提供を受けた情報を用いて、利用者が独自に作成・加工したものである。}",
        "policy: hyogo-2018",
        f"extract: {{path: {reg / 'extract.csv'}}}",
        f"allowed_folders: [{reg}, {ref}]",
        f"reference: {ref / 'hyogo_municipalities.csv'}",
        "filters: [{field: 統計対象区分, in: [1]}]",
        "dimensions:",
        "  - {id: age10, label: 年齢10歳階級, field: 診断時年齢, recode: age10}",
        "  - {id: age3, label: 年齢3区分, field: 診断時年齢, recode: {kind: age, breaks: [0, 40, 65], unknown_values: ['999']}}",
        "  - {id: sex, label: 性別, field: 集約性別, recode: sex}",
        "tables:",
    ]
    if "age10" in tables:
        lines.append("  - {id: age10_sex, title: 表1 年齢10歳階級別・性別, dimensions: [age10, sex]}")
    if "age3" in tables:
        lines.append("  - {id: age3_sex, title: 表2 年齢3区分別・性別, dimensions: [age3, sex]}")
    return "\n".join(lines) + "\n"


def inner_truth(testdata):
    """Counts per (age unit, sex) straight from the extract: the true inner cells."""
    counts = [0] * (len(UNITS) * len(SEXES))
    with open(testdata / "registry" / "extract.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["統計対象区分"] != "1":
                continue
            age = row["診断時年齢"]
            unit = len(UNITS) - 1
            if age and age != "999":
                unit = next(i for i, u in enumerate(UNITS) if u and u[0] <= int(age) < u[1])
            sex = {"1": 0, "2": 1}.get(row["集約性別"], 2)
            counts[unit * len(SEXES) + sex] += 1
    return counts


def units_of(code, grouping):
    """Inner age units under a code of age10 or age3."""
    if code == "total":
        return list(range(len(UNITS)))
    if code == "unknown":
        return [len(UNITS) - 1]
    lo = int(code.split("-")[0].rstrip("+"))
    hi = {"80+": 200, "65+": 200}.get(code, int(code.split("-")[1]) + 1 if "-" in code else 200)
    return [i for i, u in enumerate(UNITS) if u and lo <= u[0] and u[1] <= hi]


def cells_of(folder, table, grouping):
    """(inner cells, printed value) of every cell of a written table."""
    out = []
    with open(folder / f"{table}.csv", encoding="utf-8") as f:
        for age, sex, value in list(csv.reader(f))[1:]:
            sexes = range(len(SEXES)) if sex == "total" else [SEXES.index(sex)]
            inner = sorted(u * len(SEXES) + s for u in units_of(age, grouping) for s in sexes)
            out.append((f"{table}:{age}×{sex}", inner, value))
    return out


def published_and_suppressed(folder, tables):
    published, suppressed = [], []
    for table, grouping in tables:
        for name, inner, value in cells_of(folder, table, grouping):
            (suppressed if value == "*" else published).append((name, inner, value))
    return published, suppressed


def protect(testdata, tmp_path, name, tables):
    plan = tmp_path / f"{name}.yaml"
    plan.write_text(plan_text(testdata, tables), encoding="utf-8")
    out = tmp_path / name
    r = run("protect", plan, "-o", out)
    assert r.returncode == 0, r.stdout + r.stderr
    return out


def test_patterns_made_per_table_fail_together_and_protect_fixes_them(testdata, tmp_path):
    truth = inner_truth(testdata)
    n = len(truth)
    both = protect(testdata, tmp_path, "both", ["age10", "age3"])
    # The written manifest declares the two dimensions groupings of one variable.
    manifest = (both / "manifest.yaml").read_text(encoding="utf-8")
    assert manifest.count("variable: 診断時年齢") == 2

    # Each table protected alone, then put side by side: the difference of the groupings leaks.
    naive = tmp_path / "naive"
    shutil.copytree(both, naive)
    for table, grouping in (("age10_sex", "age10"), ("age3_sex", "age3")):
        alone = protect(testdata, tmp_path, grouping, [grouping])
        shutil.copy(alone / f"{table}.csv", naive / f"{table}.csv")
    r = run("check", naive / "manifest.yaml", "--format", "json")
    assert r.returncode == 1, r.stdout + r.stderr
    report = json.loads(r.stdout)
    rule4 = [x for x in report["rules"] if x["rule"] == "4"][0]
    assert rule4["verdict"] == "fail" and rule4["errors"] > 0
    tables = [("age10_sex", "age10"), ("age3_sex", "age3")]
    published, suppressed = published_and_suppressed(naive, tables)
    rows = [inner for _, inner, _ in published]
    leaked = [name for name, inner, _ in suppressed if determined(rows, inner, n)]
    assert leaked, "the oracle finds no cell recovered by subtraction in the naive pattern"

    # protect's pattern over both: no suppressed cell has a single value over the integer completions.
    r = run("check", both / "manifest.yaml", "--format", "json")
    assert r.returncode == 0, r.stdout + r.stderr
    published, suppressed = published_and_suppressed(both, tables)
    for name, inner, value in published:  # the printed values are the extract's
        assert int(value) == sum(truth[c] for c in inner), name
    rows = [inner for _, inner, _ in published]
    assert suppressed
    for name, inner, _ in suppressed:
        assert not determined(rows, inner, n), name
        assert other_value(rows, truth, inner, n) is not None, name


def two_age_groupings(folder, other_bands):
    """Table t by 0-9/10-19 and table u by `other_bands` (two codes), both groupings of age; the manifest path."""
    folder.mkdir()
    (folder / "t.csv").write_text("年齢,件数\ntotal,30\n0-9,10\n10-19,20\n", encoding="utf-8")
    (folder / "u.csv").write_text(f"年齢,件数\ntotal,30\n{other_bands[0]},12\n{other_bands[1]},18\n", encoding="utf-8")
    (folder / "manifest.yaml").write_text(
        "manifest_version: 1\n"
        "submission: {title: 例}\n"
        "policy: hyogo-2018\n"
        "dimensions:\n"
        "  age10:\n"
        "    variable: age\n"
        "    codes: [{code: total}, {code: 0-9, parent: total}, {code: 10-19, parent: total}]\n"
        "  age_other:\n"
        "    variable: age\n"
        f"    codes: [{{code: total}}, {{code: {other_bands[0]}, parent: total}}, {{code: {other_bands[1]}, parent: total}}]\n"
        "tables:\n"
        "  - {id: t, file: t.csv, layout: long, dimensions: {age10: 年齢}, count: 件数}\n"
        "  - {id: u, file: u.csv, layout: long, dimensions: {age_other: 年齢}, count: 件数}\n",
        encoding="utf-8")
    return folder / "manifest.yaml"


def test_bands_that_overlap_without_a_mapping_are_cut_into_their_pieces(testdata, tmp_path):
    """Two groupings of age whose bands overlap without a common finer code list: hitoku cuts them at every
    bound (0-9, 10-14, 15-19), so 10-19 − 15-19 = 2 people aged 10-14 is a small count in combination."""
    r = run("check", two_age_groupings(tmp_path / "m", ["0-14", "15-19"]), "--format", "json")
    assert r.returncode == 1, r.stderr
    rule2 = [f for f in json.loads(r.stdout)["findings"] if f["rule"] == "2" and f["severity"] == "error"]
    assert any("10-14" in f["cell_label"] and "15-19" in f["reason"]["en"] for f in rule2), rule2


def test_bands_that_cover_different_ranges_are_refused(tmp_path):
    """0-9/10-19 beside 0-14/15-24 cover different ages: no common pieces, exit 2 naming the variable's line."""
    r = run("check", two_age_groupings(tmp_path / "m", ["0-14", "15-24"]))
    assert r.returncode == 2 and r.stdout == ""
    assert "manifest.yaml:6" in r.stderr and "[variable]" in r.stderr
    assert "0-14" in r.stderr or "15-24" in r.stderr, r.stderr


def family_plan(testdata, tmp_path, areas):
    """Medical area from its own field (集約診断時患者住所医療圏コード) beside the municipality recode."""
    cats = ", ".join(f'{{code: "{i}", values: ["{i}"]}}' for i in range(1, areas + 1))
    text = plan_text(testdata, [])
    text = text[: text.index("dimensions:")] + (
        "dimensions:\n"
        f"  - {{id: marea, label: 医療圏, field: 集約診断時患者住所医療圏コード, recode: {{kind: map, categories: [{cats}]}}}}\n"
        "  - {id: area, label: 市町, field: 集約診断時患者住所市区町村コード, recode: municipality}\n"
        "  - {id: sex, label: 性別, field: 集約性別, recode: sex}\n"
        "tables:\n"
        "  - {id: marea_sex, title: 医療圏別・性別, dimensions: [marea, sex]}\n"
        "  - {id: area_sex, title: 市町別・性別, dimensions: [area, sex]}\n")
    plan = tmp_path / f"family{areas}.yaml"
    plan.write_text(text, encoding="utf-8")
    return plan


def test_dimensions_from_related_fields_are_groupings_of_one_variable(testdata, tmp_path):
    """Two fields of one residence (medical-area code, municipality code) give linked groupings, with
    the combinations the records show as units; a category no record reaches cannot be placed: exit 2."""
    out = tmp_path / "out"
    r = run("protect", family_plan(testdata, tmp_path, 8), "-o", out)
    assert r.returncode == 0, r.stdout + r.stderr
    manifest = (out / "manifest.yaml").read_text(encoding="utf-8")
    assert manifest.count("variable: 集約診断時患者住所都道府県コード") == 2
    assert '"marea=1&area=28100"' in manifest  # 神戸市 lies in medical area 1, in both groupings
    assert run("check", out / "manifest.yaml").returncode == 0
    r = run("check", family_plan(testdata, tmp_path, 9))
    assert r.returncode == 2
    assert "'9' of dimension 'marea'" in r.stderr


def test_a_table_filter_on_a_related_field_is_refused(testdata, tmp_path):
    """A filter on the medical-area code narrows the municipality dimension: not independent, exit 2."""
    text = family_plan(testdata, tmp_path, 8).read_text(encoding="utf-8")
    text = text.replace(
        "  - {id: area_sex, title: 市町別・性別, dimensions: [area, sex]}",
        "  - {id: area_sex, title: 市町別・性別, dimensions: [area, sex]}\n"
        "  - {id: sex_m1, title: 医療圏1, dimensions: [sex], filters: [{field: 集約診断時患者住所医療圏コード, in: ['1']}]}")
    plan = tmp_path / "filtered.yaml"
    plan.write_text(text, encoding="utf-8")
    r = run("check", plan)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "narrows dimension" in r.stderr
