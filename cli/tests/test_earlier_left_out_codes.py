"""A code an earlier publication left out of its table is a count it did not show (rule ⑤ with ②): 年報
printed stages 限局, 領域 and 遠隔 by municipality but not 不明 nor the total. A planned table that prints 甲町's
total gives 甲町 × 不明 = 50 − 20 − 15 − 12 = 3 away: a FAIL (a PASS before: the scan of counts no table shows
looked at the planned tables' codes only, and the planned table has no stage)."""
import json

from conftest import run

EARLIER = "mu,st,n\nT,s1,35\nT,s2,30\nT,s3,25\nm1,s1,20\nm1,s2,15\nm1,s3,12\nm2,s1,15\nm2,s2,15\nm2,s3,13\n"


def write(folder, planned_rows, planned_codes):
    folder.mkdir()
    (folder / "e1.csv").write_text(EARLIER, encoding="utf-8")
    (folder / "t1.csv").write_text("mu,n\n" + planned_rows, encoding="utf-8")
    (folder / "manifest.yaml").write_text(f"""manifest_version: 1
submission: {{title: 既公表の表が載せていない件数}}
policy: hyogo-2018
dimensions:
  mu:
    codes:
      - {{code: T, label: 計}}
      - {{code: m1, label: 甲町, parent: T}}
      - {{code: m2, label: 乙町, parent: T}}
  st:
    codes:
      - {{code: T, label: 計}}
      - {{code: s1, label: 限局, parent: T}}
      - {{code: s2, label: 領域, parent: T}}
      - {{code: s3, label: 遠隔, parent: T}}
      - {{code: s4, label: 不明, parent: T}}
tables:
  - {{id: t1, title: 表1 市町別, file: t1.csv, layout: long, dimensions: {{mu: mu}}, count: n, codes: {{mu: {planned_codes}}}}}
earlier_publications:
  - {{id: e1, title: 年報, file: e1.csv, layout: long, dimensions: {{mu: mu, st: st}}, count: n,
      codes: {{mu: [T, m1, m2], st: [s1, s2, s3]}}}}
""", encoding="utf-8")
    return folder / "manifest.yaml"


def report(manifest):
    r = run("check", manifest, "--format", "json")
    assert r.returncode in (0, 1), r.stderr
    return r.returncode, json.loads(r.stdout)


def test_a_planned_total_that_gives_a_count_the_earlier_table_left_out_fails(tmp_path):
    code, rep = report(write(tmp_path / "c", "m1,50\n", "[m1]"))
    assert code == 1
    [f] = [f for f in rep["findings"] if f["rule"] == "2"]
    assert f["severity"] == "error" and "甲町 × 不明" in f["cell_label"] and f["table"] == "e1"
    assert {(t["table"], t["coefficient"]) for t in f["certificate"]} == {("t1", 1), ("e1", -1)}


def test_protect_hides_the_planned_total(tmp_path):
    manifest = write(tmp_path / "c", "m1,50\n", "[m1]")
    r = run("protect", manifest, "-o", tmp_path / "out")
    assert r.returncode == 0, r.stdout + r.stderr
    assert (tmp_path / "out" / "t1.csv").read_text(encoding="utf-8").splitlines()[1:] == ["m1,*"]
    assert report(tmp_path / "out" / "manifest.yaml")[0] == 0


def test_a_total_whose_left_out_part_is_not_small_passes(tmp_path):
    # 計 × 不明 = 105 − 90 = 15: given, but not a small count; 甲町 and 乙町 × 不明 stay hidden.
    code, rep = report(write(tmp_path / "c", "T,105\n", "[T]"))
    assert code == 0 and not [f for f in rep["findings"] if f["rule"] == "2"]
