"""Rule ①, group disclosure, when the table leaves the group's total out: stages 410/420/430 cover every
stage of a town, so their sum is the town's patients even without a 計 column. A town whose printed
patients are all in one stage tells each patient's stage; a stage list that leaves a stage out does
not (the rest could be anywhere)."""
import json

from conftest import run

STAGES = """      - {code: "000", label: 計}
      - {code: "410", label: 限局, parent: "000"}
      - {code: "420", label: 領域, parent: "000"}
      - {code: "430", label: 遠隔, parent: "000"}
"""


def write(folder, rows, stage_codes):
    folder.mkdir()
    (folder / "t1.csv").write_text("area,stage,n\n" + rows, encoding="utf-8")
    (folder / "manifest.yaml").write_text(f"""manifest_version: 1
submission: {{title: 進展度の表}}
policy: hyogo-2018
dimensions:
  area:
    codes:
      - {{code: T, label: 計}}
      - {{code: m1, label: 甲町, parent: T}}
      - {{code: m2, label: 乙町, parent: T}}
  stage:
    codes:
{STAGES}tables:
  - {{id: t1, title: 表1 進展度, file: t1.csv, layout: long, dimensions: {{area: area, stage: stage}}, count: n,
      codes: {{area: [m1, m2], stage: {stage_codes}}}}}
""", encoding="utf-8")
    return folder / "manifest.yaml"


def rule1_errors(manifest):
    r = run("check", manifest, "--format", "json")
    assert r.returncode in (0, 1), r.stderr
    rep = json.loads(r.stdout)
    return r.returncode, [f for f in rep["findings"] if f["rule"] == "1" and f["severity"] == "error"]


def test_a_town_all_in_one_stage_is_disclosed_without_a_total_column(tmp_path):
    rows = "m1,410,0\nm1,420,0\nm1,430,24\nm2,410,15\nm2,420,11\nm2,430,12\n"
    code, errors = rule1_errors(write(tmp_path / "c", rows, '["410", "420", "430"]'))
    assert code == 1
    assert [f["cell"] for f in errors] == [{"area": "m1", "stage": "430"}]
    assert "甲町 × 計" in errors[0]["reason"]["ja"] and "遠隔" in errors[0]["reason"]["ja"]
    text = run("check", tmp_path / "c" / "manifest.yaml").stdout
    assert "全員が" in text


def test_towns_with_two_stages_pass(tmp_path):
    rows = "m1,410,0\nm1,420,12\nm1,430,24\nm2,410,15\nm2,420,11\nm2,430,12\n"
    code, errors = rule1_errors(write(tmp_path / "c", rows, '["410", "420", "430"]'))
    assert code == 0 and errors == []


def test_a_stage_list_that_leaves_a_stage_out_tells_nothing_of_the_whole_town(tmp_path):
    rows = "m1,420,0\nm1,430,24\nm2,420,11\nm2,430,12\n"  # 410 not printed: 甲町 may have local-stage patients
    code, errors = rule1_errors(write(tmp_path / "c", rows, '["420", "430"]'))
    assert errors == []


def test_protect_repairs_it(tmp_path):
    rows = "m1,410,0\nm1,420,0\nm1,430,24\nm2,410,15\nm2,420,11\nm2,430,12\n"
    manifest = write(tmp_path / "c", rows, '["410", "420", "430"]')
    r = run("protect", manifest, "-o", tmp_path / "out")
    assert r.returncode == 0, r.stdout + r.stderr
    code, errors = rule1_errors(tmp_path / "out" / "manifest.yaml")
    assert code == 0 and errors == []


def write_two(folder, stage_rows, totals, stage_codes='["420", "430"]'):
    """表1 prints some stages by town; 表2 prints each town's patients (no stage)."""
    manifest = write(folder, stage_rows, stage_codes)
    (folder / "t2.csv").write_text("area,n\n" + totals, encoding="utf-8")
    text = manifest.read_text(encoding="utf-8")
    text += "  - {id: t2, title: 表2 市町別, file: t2.csv, layout: long, dimensions: {area: area}, count: n, codes: {area: [m1, m2]}}\n"
    manifest.write_text(text, encoding="utf-8")
    return manifest


def test_a_stage_equal_to_the_towns_size_printed_in_another_table_is_disclosed(tmp_path):
    # 表1 leaves 限局 out, but 表2 says 甲町 has 24 patients: all 24 are 遠隔.
    code, errors = rule1_errors(write_two(tmp_path / "c", "m1,420,0\nm1,430,24\nm2,420,11\nm2,430,12\n", "m1,24\nm2,40\n"))
    assert code == 1
    assert [f["cell"] for f in errors] == [{"area": "m1", "stage": "430"}]
    assert "甲町 × 計" in errors[0]["reason"]["ja"]


def test_the_size_in_another_table_also_tells_that_a_group_is_not_empty(tmp_path):
    # Every printed stage of 甲町 is 0 but 遠隔, which is suppressed; 表2 says 甲町 is not empty.
    manifest = write_two(tmp_path / "c", "m1,410,0\nm1,420,0\nm1,430,*\nm2,410,*\nm2,420,11\nm2,430,12\n",
                         "m1,24\nm2,40\n", '["410", "420", "430"]')
    (manifest.parent / "t1_true.csv").write_text(
        "area,stage,n\nm1,410,0\nm1,420,0\nm1,430,24\nm2,410,17\nm2,420,11\nm2,430,12\n", encoding="utf-8")
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "count: n,\n      codes:", "count: n, true_values: t1_true.csv,\n      codes:"), encoding="utf-8")
    code, errors = rule1_errors(manifest)
    assert code == 1 and any(f["cell"] == {"area": "m1", "stage": "430"} for f in errors)


def test_a_stage_below_the_towns_size_passes(tmp_path):
    code, errors = rule1_errors(write_two(tmp_path / "c", "m1,420,0\nm1,430,24\nm2,420,11\nm2,430,12\n", "m1,30\nm2,40\n"))
    assert errors == []


def test_protect_repairs_a_group_whose_size_another_table_prints(tmp_path):
    manifest = write_two(tmp_path / "c", "m1,420,0\nm1,430,24\nm2,420,11\nm2,430,12\n", "m1,24\nm2,40\n")
    r = run("protect", manifest, "-o", tmp_path / "out")
    assert r.returncode == 0, r.stdout + r.stderr
    code, errors = rule1_errors(tmp_path / "out" / "manifest.yaml")
    assert code == 0 and errors == []
