"""An earlier publication's suppressed cells need no true values when this submission's tables hold the
same records: the same cell, or its parts along one dimension (a reviewer rarely knows an earlier
publication's hidden counts). The report is the same as with the true values written out; a cell no
table here gives is still an input error naming the file, line and field."""
import json

from conftest import run

CODES = """      - {code: T, label: 計}
      - {code: A, label: 甲乙圏, parent: T}
      - {code: m1, label: 甲町, parent: A}
      - {code: m2, label: 乙町, parent: A}
      - {code: m3, label: 丙町, parent: T}
      - {code: m4, label: 丁町, parent: T}
"""


def write(folder, earlier_rows, earlier_truth=None, earlier_dims="{mu: mu}", sex=False):
    folder.mkdir()
    (folder / "t1.csv").write_text("mu,n\nT,60\nm1,*\nm2,*\nm3,*\nm4,20\n", encoding="utf-8")
    (folder / "t1_true.csv").write_text("mu,n\nm1,12\nm2,18\nm3,10\n", encoding="utf-8")
    header = "mu,sex,n" if sex else "mu,n"
    (folder / "e1.csv").write_text(header + "\n" + "\n".join(earlier_rows) + "\n", encoding="utf-8")
    truth_key = ""
    if earlier_truth:
        (folder / "e1_true.csv").write_text(header + "\n" + "\n".join(earlier_truth) + "\n", encoding="utf-8")
        truth_key = ", true_values: e1_true.csv"
    sex_dim = "  sex:\n    codes:\n      - {code: 計, label: 計}\n      - {code: M, label: 男, parent: 計}\n      - {code: F, label: 女, parent: 計}\n"
    (folder / "manifest.yaml").write_text(f"""manifest_version: 1
submission: {{title: 既公表の表の真値}}
policy: hyogo-2018
dimensions:
  mu:
    codes:
{CODES}{sex_dim if sex else ""}tables:
  - {{id: t1, title: 表1, file: t1.csv, layout: long, dimensions: {{mu: mu}}, count: n, true_values: t1_true.csv, codes: {{mu: [T, m1, m2, m3, m4]}}}}
earlier_publications:
  - {{id: e1, title: 年報, file: e1.csv, layout: long, dimensions: {earlier_dims}, count: n{truth_key}}}
""", encoding="utf-8")
    return folder / "manifest.yaml"


def findings(manifest):
    r = run("check", manifest, "--format", "json")
    assert r.returncode in (0, 1), r.stderr
    report = json.loads(r.stdout)
    return r.returncode, sorted((f["rule"], f["cell_label"], f["reason"]["en"]) for f in report["findings"])


def test_the_same_cells_here_give_the_hidden_counts_and_the_report_is_unchanged(tmp_path):
    rows = ["T,60", "A,30", "m1,*", "m2,18", "m3,*", "m4,*"]
    code, without = findings(write(tmp_path / "without", rows))
    _, written = findings(write(tmp_path / "with", rows, ["m1,12", "m3,10", "m4,20"]))
    assert code == 1 and without == written
    # 乙町 (suppressed here) was printed in the earlier publication: rule ⑤ names it.
    assert any(rule == "5" and "乙町" in label and "年報: 乙町" in reason for rule, label, reason in without)


def test_a_grouping_takes_the_sum_of_its_parts_here(tmp_path):
    rows = ["T,60", "A,*", "m3,*", "m4,20"]  # A = 甲町 + 乙町 = 30, 丙町 = 10: no table here prints A
    code, without = findings(write(tmp_path / "without", rows))
    _, written = findings(write(tmp_path / "with", rows, ["A,30", "m3,10"]))
    assert code in (0, 1) and without == written


def test_a_count_no_table_here_holds_stays_unknown_and_nothing_gives_it_away(tmp_path):
    rows = ["T,計,60", "T,M,*", "T,F,*"]  # by sex: this submission has no sex at all
    r = run("check", write(tmp_path / "sex", rows, earlier_dims="{mu: mu, sex: sex}", sex=True), "--format", "json")
    assert r.returncode in (0, 1), r.stderr  # no longer an input error (docs/formats.md)
    report = json.loads(r.stdout)
    assert not [f for f in report["findings"] if f.get("table") == "e1"]


def test_an_unknown_count_beside_a_derived_value_is_still_an_input_error(tmp_path):
    manifest = write(tmp_path / "share", ["T,計,60", "T,M,*", "T,F,*"], earlier_dims="{mu: mu, sex: sex}", sex=True)
    (manifest.parent / "e1.csv").write_text("mu,sex,n,pct\nT,計,60,100.0\nT,M,*,\nT,F,*,\n", encoding="utf-8")
    text = manifest.read_text(encoding="utf-8").replace(
        "count: n}", "count: n, derived: [{column: pct, kind: percent, base: {sex: 計}, decimals: 1}]}")
    manifest.write_text(text, encoding="utf-8")
    r = run("check", manifest)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "e1.csv:3 [n]" in r.stderr and "この提出の表に同じセル" in r.stderr


def test_a_written_manifest_keeps_an_unknown_earlier_count_unknown(tmp_path):
    """丁町's men in the annual report: 20 here − 17 women = 3, a count nobody knows from a file. `protect`
    writes its manifest: the earlier count must stay unknown there, never a made-up 0 that would pass
    the same tables (a 0 is outside 1–9)."""
    manifest = write(tmp_path / "in", ["m4,M,*", "m4,F,17"], earlier_dims="{mu: mu, sex: sex}", sex=True)
    before = run("check", manifest)
    assert before.returncode == 1 and "⑤" in before.stdout, before.stdout + before.stderr
    r = run("protect", manifest, "-o", tmp_path / "out")
    assert r.returncode == 0, r.stdout + r.stderr
    truth = (tmp_path / "out" / "e1_true.csv").read_text(encoding="utf-8").splitlines()
    assert "m4,M," in truth and "m4,M,0" not in truth, truth
    # The protected tables with the original t1 put back: the same failure as before.
    for name in ("t1.csv", "t1_true.csv"):
        (tmp_path / "out" / name).write_bytes((tmp_path / "in" / name).read_bytes())
    after = run("check", tmp_path / "out" / "manifest.yaml")
    assert after.returncode == 1 and "⑤" in after.stdout, after.stdout + after.stderr


def test_an_empty_cell_of_a_wide_true_values_file_is_an_unknown_count(tmp_path):
    manifest = write(tmp_path / "wide", ["m4,M,*", "m4,F,17"], earlier_dims="{mu: mu, sex: sex}", sex=True)
    folder = manifest.parent
    (folder / "e1.csv").write_text("mu,M,F\nm4,*,17\n", encoding="utf-8")
    (folder / "e1_true.csv").write_text("mu,M,F\nm4,,17\n", encoding="utf-8")
    text = manifest.read_text(encoding="utf-8").replace(
        "file: e1.csv, layout: long, dimensions: {mu: mu, sex: sex}, count: n}",
        "file: e1.csv, layout: wide, rows: [mu], columns: sex, true_values: e1_true.csv}")
    manifest.write_text(text, encoding="utf-8")
    with_file = run("check", manifest)
    (folder / "e1_true.csv").unlink()
    manifest.write_text(text.replace(", true_values: e1_true.csv}", "}"), encoding="utf-8")
    without = run("check", manifest)
    assert with_file.returncode == without.returncode == 1, with_file.stdout + with_file.stderr
    assert with_file.stdout == without.stdout
