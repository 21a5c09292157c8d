"""hitoku protect on the bundled sample (fail/: every count of 表1 published): the protected set
passes `hitoku check`, tables keep their layout and encoding, every small count is listed in
changes.csv, linked cells share one status, forced cells are honoured or their conflict
named, and no input is ever touched."""
import csv
import json
import shutil

from conftest import check_json, run, tree_hashes

MARKERS = {"*", "x", "X", "-", "－", "…", "χ", "秘匿"}
SEX = {"計": "0", "男": "1", "女": "2"}


def sample_copy(testdata, tmp_path):
    """A private copy of the sample tree (relative paths still resolve); returns its fail/ folder."""
    shutil.copytree(testdata / "sample", tmp_path / "sample")
    return tmp_path / "sample" / "fail"


def protect(manifest, outdir, *extra):
    return run("protect", manifest, "-o", outdir, *extra)


def read_long_t1(path):
    with open(path, encoding="utf-8", newline="") as f:
        return {(r["市町コード"], SEX[r["性別"]]): r["罹患数"] for r in csv.DictReader(f)}


def read_wide(path, encoding):
    with open(path, encoding=encoding, newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    return header, {(r[0], header[j]): r[j] for r in rows[1:] for j in range(1, len(header))}


def area_label_to_code(testdata):
    with open(testdata / "sample" / "area_codes.csv", encoding="utf-8", newline="") as f:
        return {r["label"]: r["code"] for r in csv.DictReader(f)}


def test_protect_sample_end_to_end(testdata, tmp_path):
    before = tree_hashes(testdata)
    out = tmp_path / "out"
    r = protect(testdata / "sample" / "fail" / "manifest.yaml", out, "--written-files")
    assert r.returncode == 0, r.stderr
    written = {line for line in r.stdout.splitlines() if line.startswith(str(out))}
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(["manifest.yaml", "t1.csv", "t2.csv", "t2_true.csv", "t3.csv", "changes.csv",
                            "protect-report.json"])
    assert written == {str(out / n) for n in names}
    assert tree_hashes(testdata) == before

    # The written set passes the check, read back from the files hitoku wrote.
    code, report, err = check_json(out / "manifest.yaml")
    assert code == 0, err
    assert report["verdict"] == "pass"
    saved = json.loads((out / "protect-report.json").read_text(encoding="utf-8"))
    assert saved["verdict"] == "pass"
    assert saved["protect"]["suppressed"]["primary"] > 0
    assert saved["protect"]["suppressed"]["secondary"] > 0

    # Layout and encoding as the inputs: t1 long UTF-8 with the same header, t2 CP932, t3 with BOM.
    src_header = (testdata / "sample" / "fail" / "t1.csv").read_text(encoding="utf-8").splitlines()[0]
    assert (out / "t1.csv").read_text(encoding="utf-8").splitlines()[0] == src_header
    (out / "t2.csv").read_bytes().decode("cp932")
    assert (out / "t3.csv").read_bytes().startswith(b"\xef\xbb\xbf")

    # Every count 1..9 of t1.csv published in the input is now suppressed, and listed as rule 2.
    src = read_long_t1(testdata / "sample" / "fail" / "t1.csv")
    small = {k for k, v in src.items() if v.isdigit() and 1 <= int(v) <= 9}
    assert len(small) > 10
    protected = read_long_t1(out / "t1.csv")
    assert all(protected[k] in MARKERS for k in small)
    with open(out / "changes.csv", encoding="utf-8-sig", newline="") as f:
        changes = list(csv.DictReader(f))
    assert list(changes[0].keys()) == ["table", "cell", "label", "status", "rule", "reason_ja", "reason_en"]
    listed = {(c["cell"].split(";")[0].split("=")[1], c["cell"].split(";")[1].split("=")[1])
              for c in changes if c["table"] == "t1" and c["rule"] == "2" and c["status"] == "suppressed_primary"}
    assert listed == small
    # Secondary cells under rule 2 keep a sum of suppressed cells out of 1..9 (rule ② in combination).
    assert all("合計" in c["reason_ja"] for c in changes if c["rule"] == "2" and c["status"] == "suppressed_secondary")
    assert all(c["reason_ja"] and c["reason_en"] for c in changes)
    assert {c["status"] for c in changes} <= {"suppressed_primary", "suppressed_secondary"}
    # Every cell changed in t1 is marked in the output, and only those (t1 had no markers).
    changed_t1 = {tuple(p.split("=")[1] for p in c["cell"].split(";")[:2]) for c in changes if c["table"] == "t1"}
    assert {k for k, v in protected.items() if v in MARKERS} == changed_t1


def test_linked_cells_share_one_status(testdata, tmp_path):
    """t1's area totals (性別=計) are t2's pancreas column: suppressed in both or in neither."""
    out = tmp_path / "out"
    assert protect(testdata / "sample" / "fail" / "manifest.yaml", out).returncode == 0
    t1 = read_long_t1(out / "t1.csv")
    _, t2 = read_wide(out / "t2.csv", "cp932")
    codes = area_label_to_code(testdata)
    compared = 0
    for (label, site), v in t2.items():
        if site != "膵臓":
            continue
        code = codes[label]
        assert (v in MARKERS) == (t1[(code, "0")] in MARKERS), label
        compared += 1
    assert compared == 50


def test_same_input_same_pattern(testdata, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert protect(testdata / "sample" / "fail" / "manifest.yaml", a).returncode == 0
    assert protect(testdata / "sample" / "fail" / "manifest.yaml", b).returncode == 0
    for name in ["t1.csv", "t2.csv", "t3.csv", "changes.csv"]:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_refuses_to_overwrite_inputs(testdata, tmp_path):
    folder = sample_copy(testdata, tmp_path)
    before = tree_hashes(tmp_path)
    r = protect(folder / "manifest.yaml", folder)
    assert r.returncode == 2
    assert "overwrite" in r.stderr
    assert tree_hashes(tmp_path) == before


def test_keep_a_small_cell_is_a_named_conflict_and_nothing_is_written(testdata, tmp_path):
    src = read_long_t1(testdata / "sample" / "fail" / "t1.csv")
    area, sex = sorted(k for k, v in src.items() if v.isdigit() and 1 <= int(v) <= 9)[0]
    out = tmp_path / "out"
    r = protect(testdata / "sample" / "fail" / "manifest.yaml", out, "--keep", f"t1:area={area},site=C25,sex={sex}")
    assert r.returncode == 1
    assert "no protection is possible" in r.stderr
    assert f"keep t1:area={area},site=C25,sex={sex}" in r.stderr
    assert not out.exists()


def test_bad_forced_cell_is_bad_input(testdata, tmp_path):
    r = protect(testdata / "sample" / "fail" / "manifest.yaml", tmp_path / "out", "--keep", "t1:area=99999,site=C25,sex=0")
    assert r.returncode == 2
    assert "99999" in r.stderr
    assert not (tmp_path / "out").exists()


def test_manifest_protect_key_keeps_the_prefecture_total(testdata, tmp_path):
    manifest = sample_copy(testdata, tmp_path) / "manifest.yaml"
    text = manifest.read_text(encoding="utf-8")
    keep = [f"t1:area=28000,site=C25,sex={s}" for s in "012"]
    manifest.write_text(text + "protect:\n  keep: [" + ", ".join(f'"{k}"' for k in keep) + "]\n  cost: value\n",
                        encoding="utf-8")
    out = tmp_path / "out"
    r = protect(manifest, out)
    assert r.returncode == 0, r.stderr
    t1 = read_long_t1(out / "t1.csv")
    assert all(t1[("28000", s)] not in MARKERS for s in "012")
    assert json.loads((out / "protect-report.json").read_text(encoding="utf-8"))["protect"]["cost"] == "value"

    manifest.write_text(text + "protect:\n  frobnicate: 1\n", encoding="utf-8")
    r = protect(manifest, tmp_path / "out2")
    assert r.returncode == 2
    assert "frobnicate" in r.stderr


def test_optimal_method_reports_its_gap(testdata, tmp_path):
    out = tmp_path / "out"
    r = protect(testdata / "sample" / "fail" / "manifest.yaml", out, "--method", "optimal", "--time-limit", "20",
                "--lang", "en")
    assert r.returncode == 0, r.stderr
    summary = json.loads((out / "protect-report.json").read_text(encoding="utf-8"))["protect"]
    assert summary["method"] == "optimal"
    assert 0 <= summary["gap"] <= 1
    code, report, err = check_json(out / "manifest.yaml")
    assert code == 0, err


def test_run_log_gets_one_line(testdata, tmp_path):
    log = tmp_path / "run.log"
    out = tmp_path / "out"
    r = protect(testdata / "sample" / "fail" / "manifest.yaml", out, "--run-log", log, "--written-files")
    assert r.returncode == 0, r.stderr
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert "protect" in json.dumps(entry, ensure_ascii=False)
    assert str(log) in r.stdout.splitlines()
