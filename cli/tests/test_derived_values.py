"""Derived values beside counts (issue 19), on testdata/derived: rates, shares and age-standardised rates
printed beside suppressed counts give them away (the check fails naming the value and its computation);
`hitoku protect` withholds them and its tables pass; an undeclared column is an input error."""
import json
import shutil

from conftest import check_json, run
from schema_check import errors
from test_report_schema import SCHEMA


def test_rates_beside_suppressed_counts_fail_naming_the_value(testdata):
    code, report, err = check_json(testdata / "derived" / "manifest.yaml")
    assert code == 1, err
    assert report["verdict"] == "fail"
    assert errors(report, SCHEMA) == []
    leaks = [f for f in report["findings"] if f["rule"] == "4" and f["severity"] == "error"]
    kami = [f for f in leaks if "香美町 × 0-64歳" in f["cell_label"]]
    assert len(kami) == 1
    assert "11.1 × 9,000 / 100,000 = 0.999" in kami[0]["reason"]["en"]
    assert "粗罹患率" in kami[0]["reason"]["ja"] and "年齢調整罹患率" in kami[0]["reason"]["ja"]
    assert any("備考" in f["reason"]["ja"] and f["severity"] == "info" for f in report["findings"])
    # The report shows the columns beside the counts: derived values as printed, the ignored note with its reason.
    columns = {c["header"]: c for c in report["tables"][0]["columns"]}
    assert columns["粗罹患率"]["kind"] == "rate" and columns["粗罹患率"]["decimals"] == 1
    assert columns["備考"]["kind"] == "ignored" and columns["備考"]["reason"] == "部位の注記（文字のみ）"
    t1 = (testdata / "derived" / "t1.csv").read_text(encoding="utf-8").splitlines()
    header = t1[0].split(",")
    printed = [row.split(",")[header.index("粗罹患率")] or None for row in t1[1:]]
    assert sorted(v for v in columns["粗罹患率"]["values"] if v) == sorted(v for v in printed if v and v != "*")


def test_protect_withholds_the_derived_values_and_the_result_passes(testdata, tmp_path):
    out = tmp_path / "out"
    r = run("protect", testdata / "derived" / "manifest.yaml", "--output", out)
    assert r.returncode == 0, r.stdout + r.stderr
    rows = [line.split(",") for line in (out / "t1.csv").read_text(encoding="utf-8").splitlines()]
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("罹患数")] == "*":
            assert row[header.index("粗罹患率")] == "*", row
    code, report, err = check_json(out / "manifest.yaml")
    assert code == 0 and report["verdict"] == "pass", err
    protect_report = json.loads((out / "protect-report.json").read_text(encoding="utf-8"))
    assert any("withheld with their suppressed counts" in f["reason"]["en"] for f in protect_report["findings"])
    # Withheld values print nothing in the report: none beside a suppressed count.
    table = protect_report["tables"][0]
    rates = next(c for c in table["columns"] if c["header"] == "粗罹患率")
    for status, value in zip(table["status"], rates["values"]):
        assert status == "published" or value is None


def test_an_undeclared_column_is_an_input_error(testdata, tmp_path):
    folder = tmp_path / "d"
    shutil.copytree(testdata / "derived", folder)
    manifest = (folder / "manifest.yaml").read_text(encoding="utf-8")
    (folder / "manifest.yaml").write_text(manifest.replace("    ignore_columns: {備考: 部位の注記（文字のみ）}\n", ""),
                                          encoding="utf-8")
    r = run("check", folder / "manifest.yaml")
    assert r.returncode == 2
    assert "t1.csv:1 [備考]" in r.stderr
