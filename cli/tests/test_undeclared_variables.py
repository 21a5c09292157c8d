"""Two dimensions with the same municipalities that declare no `variable:` are modelled as different
variables, so m2 = T - m1 - m3 across their tables is not part of the plain audit. hitoku audits once
more as if they were one: when that gives a cell away (表2 prints 甲町 = 12, so 表1's 乙町 = 60 - 30 -
12), it is an error naming the cells, not a pass with a warning; when it gives nothing away, a warning
asks which they are. Declaring the variables ends both. A patient's area beside a hospital's area
(identical lists, different things) is left alone."""
import json

from conftest import run

CODES = """      - {code: T, label: 計}
      - {code: m1, label: 甲町, parent: T}
      - {code: m2, label: 乙町, parent: T}
      - {code: m3, label: 丙町, parent: T}
"""
GROUPED = """      - {code: T, label: 計}
      - {code: A, label: 甲乙圏, parent: T}
      - {code: m1, label: 甲町, parent: A}
      - {code: m2, label: 乙町, parent: A}
      - {code: m3, label: 丙町, parent: T}
"""
LEAKY = ("T,60", "m1,12")  # 表2's rows: 甲町 = 12 printed


def write(folder, second_codes, variables=("", ""), earlier=False, hospital=False, second_rows=LEAKY):
    folder.mkdir()
    (folder / "t1.csv").write_text("mu,n\nT,60\nm1,*\nm2,*\nm3,30\n", encoding="utf-8")
    (folder / "t1_true.csv").write_text("mu,n\nm1,12\nm2,18\n", encoding="utf-8")
    (folder / "t2.csv").write_text("mu2,n\n" + "\n".join(second_rows) + "\n", encoding="utf-8")
    listed = ", ".join(row.split(",")[0] for row in second_rows)
    va, vb = (f"    variable: {v}\n" if v else "" for v in variables)
    hospital_key = ", hospital_dimension: mu2" if hospital else ""
    (folder / "manifest.yaml").write_text(f"""manifest_version: 1
submission: {{title: 同じ市町の二つの次元}}
policy: hyogo-2018
dimensions:
  mu:
{va}    codes:
{CODES}  mu2:
{vb}    codes:
{second_codes}tables:
  - {{id: t1, title: 表1, file: t1.csv, layout: long, dimensions: {{mu: mu}}, count: n, true_values: t1_true.csv}}
{"earlier_publications:" if earlier else ""}
  - {{id: t2, title: 表2, file: t2.csv, layout: long, dimensions: {{mu2: mu2}}, count: n, codes: {{mu2: [{listed}]}}{hospital_key}}}
""".replace("\n\n", "\n"), encoding="utf-8")
    return folder / "manifest.yaml"


def naming_both(manifest, severity):
    """(findings of `severity` naming both dimensions, the report, the exit code)."""
    r = run("check", manifest, "--format", "json")
    report = json.loads(r.stdout)
    assert report is not None, r.stderr
    found = [f for f in report["findings"] if f["severity"] == severity and "「mu」と「mu2」" in f["reason"]["ja"]]
    return found, report, r.returncode


def verdict(report, rule):
    return next(r for r in report["rules"] if r["rule"] == rule)["verdict"]


def test_same_municipalities_that_give_a_cell_away_when_taken_as_one_fail(tmp_path):
    found, report, code = naming_both(write(tmp_path / "plain", CODES), "error")
    assert code == 1 and [f["rule"] for f in found] == ["4"]
    assert sorted(c["cell"]["mu"] for c in found[0]["cells"]) == ["m1", "m2"]
    assert "乙町" in found[0]["reason"]["ja"] and "variable:" in found[0]["reason"]["en"]
    assert verdict(report, "4") == "fail"
    # the audit as declared gives nothing away: the failure is the hypothesis's alone
    assert not any(a["recoverable"] for a in report["suppressed_cells"])


def test_same_municipalities_that_give_nothing_away_pass_with_a_warning(tmp_path):
    found, report, code = naming_both(write(tmp_path / "quiet", CODES, second_rows=("T,60", "m3,30")), "warning")
    assert code == 0 and [f["rule"] for f in found] == ["4"]
    assert "variable:" in found[0]["reason"]["ja"] and "variable:" in found[0]["reason"]["en"]
    assert verdict(report, "4") == "warn"


def test_an_earlier_publication_with_its_own_copy_of_the_list_is_rule_5(tmp_path):
    found, report, code = naming_both(write(tmp_path / "earlier", CODES, earlier=True), "error")
    assert code == 1 and [f["rule"] for f in found] == ["5"] and verdict(report, "5") == "fail"
    quiet, _, code = naming_both(write(tmp_path / "quiet", CODES, earlier=True, second_rows=("T,60",)), "warning")
    assert code == 0 and [f["rule"] for f in quiet] == ["5"]


def test_a_grouping_listing_the_same_municipalities_is_judged_too(tmp_path):
    # 甲乙圏 = 30 beside 表1's total 60 and 丙町 30 says nothing new ...
    found, _, code = naming_both(write(tmp_path / "grouped", GROUPED, second_rows=("T,60", "A,30")), "warning")
    assert code == 0 and len(found) == 1
    # ... 甲町 = 12 printed in the grouping's table gives 乙町 away
    found, _, code = naming_both(write(tmp_path / "leaky", GROUPED), "error")
    assert code == 1 and len(found) == 1


def test_declaring_one_variable_checks_across_and_declaring_two_silences(tmp_path):
    same, report, _ = naming_both(write(tmp_path / "same", CODES, variables=("muni", "muni")), "warning")
    assert same == [] and naming_both(tmp_path / "same" / "manifest.yaml", "error")[0] == []
    # declared as one variable, m1 = 12 is published in t2, so t1's m2 = 60 - 30 - 12 follows: rule ④ fails
    assert verdict(report, "4") == "fail" and any(a["recoverable"] for a in report["suppressed_cells"])
    apart, report, code = naming_both(write(tmp_path / "apart", CODES, variables=("patient", "other")), "warning")
    assert apart == [] and code == 0 and naming_both(tmp_path / "apart" / "manifest.yaml", "error")[0] == []


def test_a_hospital_area_beside_the_patient_area_is_not_named(tmp_path):
    for severity in ("warning", "error"):
        found, _, _ = naming_both(write(tmp_path / severity, CODES, hospital=True), severity)
        assert found == []
