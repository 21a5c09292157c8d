"""hitoku check on the bundled sample: the passing version passes rule ②, the failing one names
every small published cell, and no input file is touched."""
import csv
import hashlib

from conftest import check_json, run, tree_hashes


def small_cells_of_fail_t1(testdata):
    """The cells of fail/t1.csv with a published count 1..9, read independently of hitoku."""
    codes = {"計": "0", "男": "1", "女": "2"}
    with open(testdata / "sample" / "fail" / "t1.csv", encoding="utf-8", newline="") as f:
        return {(r["市町コード"], codes[r["性別"]]) for r in csv.DictReader(f) if r["罹患数"].isdigit()
                and 1 <= int(r["罹患数"]) <= 9}


def rule(report, number):
    return next(r for r in report["rules"] if r["rule"] == number)


def test_pass_sample_passes_rule_2(testdata):
    before = tree_hashes(testdata / "sample")
    code, report, err = check_json(testdata / "sample" / "pass" / "manifest.yaml")
    assert report is not None, err
    assert rule(report, "2")["verdict"] == "pass"
    assert not [f for f in report["findings"] if f["rule"] == "2"]
    # The bundled sample is meant to pass every rule that applies (③ has no hospital table to check).
    assert {r["rule"]: r["verdict"] for r in report["rules"]} == {
        "1": "pass", "2": "pass", "3": "not_checked", "4": "pass", "5": "pass"}
    assert report["verdict"] == "pass"
    assert code == 0
    assert tree_hashes(testdata / "sample") == before


def test_fail_sample_names_each_small_published_cell(testdata):
    before = tree_hashes(testdata / "sample")
    code, report, err = check_json(testdata / "sample" / "fail" / "manifest.yaml")
    assert code == 1, err
    assert report["verdict"] == "fail"
    assert rule(report, "2")["verdict"] == "fail"
    single = [f for f in report["findings"] if f["rule"] == "2" and not f.get("certificate")]
    named = {(f["cell"]["area"], f["cell"]["sex"]) for f in single}
    assert all(f["table"] == "t1" for f in single)
    expected = small_cells_of_fail_t1(testdata)
    assert len(expected) > 10
    assert named == expected
    # hyogo-2018 checks counts in combination too (rule ②, issue 18): the fully published 表1 gives
    # away the sum of three suppressed 多可町 cells of 表2 (docs/audit.md, "Default and the bundled samples").
    combined = [f for f in report["findings"] if f["rule"] == "2" and f.get("certificate")]
    assert len(combined) == 1
    assert combined[0]["table"] == "t2" and combined[0]["cell_label"].count("多可町") == 3
    assert tree_hashes(testdata / "sample") == before


def test_report_lists_every_input_with_its_hash(testdata):
    manifest = testdata / "sample" / "pass" / "manifest.yaml"
    _, report, _ = check_json(manifest)
    by_path = {i["path"]: i for i in report["inputs"]}
    folder = manifest.parent
    for name, role in [("t1.csv", "table"), ("t2.csv", "table"), ("t2_true.csv", "true_values"),
                       ("t3.csv", "table"), ("../area_codes.csv", "dimension")]:
        assert by_path[name]["role"] == role
        assert by_path[name]["sha256"] == hashlib.sha256((folder / name).read_bytes()).hexdigest()
    roles = {i["role"] for i in report["inputs"]}
    assert {"manifest", "policy"} <= roles


def test_text_report_and_output_file(testdata, tmp_path):
    out = tmp_path / "report.json"
    r = run("check", testdata / "sample" / "fail" / "manifest.yaml", "--format", "json", "-o", out)
    assert r.returncode == 1
    assert out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]  # no temporary file left behind
    text = run("check", testdata / "sample" / "fail" / "manifest.yaml")
    assert text.returncode == 1
    assert "FAIL" in text.stdout
