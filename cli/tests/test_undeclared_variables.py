"""Two dimensions with the same municipalities that declare no `variable:` are modelled as different
variables, so m1 = T - m2 - ... across their tables is not checked: hitoku says so (a warning naming
both), and stops saying so once the writer declares what they are. A patient's area beside a hospital's
area (identical lists, different things) is left alone."""
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


def write(folder, second_codes, variables=("", ""), earlier=False, hospital=False):
    folder.mkdir()
    (folder / "t1.csv").write_text("mu,n\nT,60\nm1,*\nm2,*\nm3,30\n", encoding="utf-8")
    (folder / "t1_true.csv").write_text("mu,n\nm1,12\nm2,18\n", encoding="utf-8")
    (folder / "t2.csv").write_text("mu2,n\nT,60\nm1,12\n", encoding="utf-8")
    va, vb = (f"    variable: {v}\n" if v else "" for v in variables)
    kind = "earlier_publications" if earlier else "tables"
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
  - {{id: t2, title: 表2, file: t2.csv, layout: long, dimensions: {{mu2: mu2}}, count: n, codes: {{mu2: [T, m1]}}{hospital_key}}}
""".replace("\n\n", "\n"), encoding="utf-8")
    return folder / "manifest.yaml"


def warnings_naming_both(manifest):
    r = run("check", manifest, "--format", "json")
    report = json.loads(r.stdout)
    assert report is not None, r.stderr
    return [f for f in report["findings"] if f["severity"] == "warning" and "「mu」と「mu2」" in f["reason"]["ja"]], report


def test_same_municipalities_without_a_variable_are_named_in_a_warning(tmp_path):
    found, report = warnings_naming_both(write(tmp_path / "plain", CODES))
    assert [f["rule"] for f in found] == ["4"]
    assert "variable:" in found[0]["reason"]["ja"] and "variable:" in found[0]["reason"]["en"]
    assert next(r for r in report["rules"] if r["rule"] == "4")["verdict"] == "warn"


def test_an_earlier_publication_with_its_own_copy_of_the_list_is_a_rule_5_warning(tmp_path):
    found, _ = warnings_naming_both(write(tmp_path / "earlier", CODES, earlier=True))
    assert [f["rule"] for f in found] == ["5"]


def test_a_grouping_listing_the_same_municipalities_is_named_too(tmp_path):
    found, _ = warnings_naming_both(write(tmp_path / "grouped", GROUPED))
    assert len(found) == 1


def test_declaring_one_variable_checks_across_and_declaring_two_silences(tmp_path):
    same, report = warnings_naming_both(write(tmp_path / "same", CODES, variables=("muni", "muni")))
    assert same == []
    # declared as one variable, m1 = 12 is published in t2, so t1's m2 = 60 - 30 - 12 follows: rule ④ fails
    assert next(r for r in report["rules"] if r["rule"] == "4")["verdict"] == "fail"
    apart, _ = warnings_naming_both(write(tmp_path / "apart", CODES, variables=("patient", "other")))
    assert apart == []


def test_a_hospital_area_beside_the_patient_area_is_not_named(tmp_path):
    found, _ = warnings_naming_both(write(tmp_path / "hospital", CODES, hospital=True))
    assert found == []
