"""Rule ③ beyond the printed cells: a merged area (西脇市・加西市・多可町, three hospitals) minus another
grouping's area (加西市・多可町, two hospitals; each valid alone) gives 西脇市, a municipality with one
hospital, by subtraction. The hospitals are the synthetic list shipped in testdata (surgery flag)."""
import json

from conftest import run

GROUPS = {"G": ["28213", "28220", "28365"], "P1": ["28220", "28365"]}


def write(folder, testdata, g_value, p1_value):
    folder.mkdir()
    (folder / "h1.csv").write_text(f"市町,罹患数\n28000,100\nG,{g_value}\n28215,{100 - g_value}\n", encoding="utf-8")
    (folder / "h3.csv").write_text(f"地区,罹患数\n28000,100\nP1,{p1_value}\n", encoding="utf-8")
    hospitals = testdata / "hospitals" / "hyogo_hospitals_synthetic.csv"
    (folder / "manifest.yaml").write_text(f"""manifest_version: 1
submission: {{title: 規則③の差し引き}}
policy: hyogo-2018
allowed_folders: ["{hospitals.parent}"]
hospitals: {{file: "{hospitals}"}}
dimensions:
  area:
    variable: muni
    codes:
      - {{code: "28000", label: 計}}
      - {{code: G, label: 西脇市・加西市・多可町, parent: "28000"}}
      - {{code: "28213", label: 西脇市, parent: G}}
      - {{code: "28220", label: 加西市, parent: G}}
      - {{code: "28365", label: 多可町, parent: G}}
      - {{code: "28215", label: 三木市, parent: "28000"}}
  district:
    variable: muni
    codes:
      - {{code: "28000", label: 計}}
      - {{code: P1, label: 加西市・多可町, parent: "28000"}}
      - {{code: "28220", parent: P1}}
      - {{code: "28365", parent: P1}}
      - {{code: R, label: その他, parent: "28000"}}
      - {{code: "28213", parent: R}}
      - {{code: "28215", parent: R}}
tables:
  - {{id: h1, title: 表1 病院所在地別, file: h1.csv, layout: long, dimensions: {{area: 市町}}, count: 罹患数,
     codes: {{area: ["28000", G, "28215"]}}, hospital_dimension: area, hospital_attribute: surgery}}
  - {{id: h3, title: 表3 病院所在地区別, file: h3.csv, layout: long, dimensions: {{district: 地区}}, count: 罹患数,
     codes: {{district: ["28000", P1]}}, hospital_dimension: district, hospital_attribute: surgery}}
""", encoding="utf-8")
    return folder / "manifest.yaml"


def rule3(manifest):
    r = run("check", manifest, "--format", "json")
    report = json.loads(r.stdout)
    return r.returncode, [f for f in report["findings"] if f["rule"] == "3"], report


def test_a_single_hospital_area_given_by_two_groupings_fails_rule_3(testdata, tmp_path):
    code, findings, report = rule3(write(tmp_path / "leak", testdata, 66, 44))
    assert code == 1, findings
    errors = [f for f in findings if f["severity"] == "error"]
    assert len(errors) == 1, errors  # one area, named once although both tables could hold it
    f = errors[0]
    assert "西脇市" in f["reason"]["ja"] and "1施設" in f["reason"]["ja"]
    assert "〔表にないセル〕" in f["cell_label"]
    assert {(c["table"], c["coefficient"]) for c in f["certificate"]} == {("h1", 1), ("h3", -1)}
    assert "22" not in f["reason"]["ja"]  # the count itself is never printed
    assert next(r for r in report["rules"] if r["rule"] == "3")["verdict"] == "fail"


def test_the_same_groupings_pass_when_the_difference_holds_no_cases(testdata, tmp_path):
    code, findings, _ = rule3(write(tmp_path / "zero", testdata, 44, 44))
    assert [f for f in findings if f["severity"] == "error"] == []
    assert code == 0
