"""Rule ③ per cell: in a table by diagnosing hospital's area built from the extract, every 三木市 man was
diagnosed at one hospital (Z0179) and every woman at another (Z0180), 10 each: 三木市 × 男 = 10 is that
hospital's own count although the town has four. The check of the plan fails those cells; `hitoku protect`
used to leave them published (and its written manifest, which cannot know per-cell hospitals, then passed).
Now protect suppresses them as primary cells (rule ③), and the check of what it wrote passes."""
import csv
import json

from conftest import run

# (municipality, sex, diagnosing hospital, hospital's municipality, records)
DESIGN = [("28215", "1", "Z0179", "28215", 10), ("28215", "2", "Z0180", "28215", 10),
          ("28201", "1", "Z0100", "28201", 12), ("28201", "1", "Z0101", "28201", 12),
          ("28201", "2", "Z0100", "28201", 11), ("28201", "2", "Z0102", "28201", 11)]


def write_extract(testdata, path):
    with open(testdata / "registry" / "extract.csv", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        template, fields = next(reader), reader.fieldnames
    rows, number = [], 0
    for town, sex, hospital, hospital_town, n in DESIGN:
        for _ in range(n):
            number += 1
            r = dict(template)
            r.update({"行番号": str(number), "提供情報患者番号": str(number), "多重がん番号": "0", "集約性別": sex,
                      "集約診断時患者住所市区町村コード": town, "集約診断時患者住所コード": town + "000000",
                      "統計対象区分": "1", "集約診断病院コード": hospital, "集約診断病院住所コード": hospital_town + "000000"})
            rows.append(r)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)


def test_cells_fed_by_one_hospital_are_suppressed_by_protect(testdata, tmp_path):
    write_extract(testdata, tmp_path / "ext.csv")
    ref = testdata.parent / "reference"
    hospitals = testdata / "hospitals" / "hyogo_hospitals_synthetic.csv"
    (tmp_path / "plan.yaml").write_text(
        "plan_version: 1\n"
        "submission: {title: 例, approval_date: '2024-04-01', approval_number: 例, purpose: 例, publication_venue: 例,\n"
        "  publication_date: '2025-03-31', attribution: 本資料は、がん登録等の推進に関する法律に基づき兵庫県から提供を受けた情報を用いて、利用者が独自に作成・加工したものである。}\n"
        "policy: hyogo-2018\n"
        f"extract: {{path: {tmp_path / 'ext.csv'}}}\n"
        f"allowed_folders: [{tmp_path}, {ref}, {hospitals.parent}]\n"
        f"reference: {ref / 'hyogo_municipalities.csv'}\n"
        f"hospitals: {hospitals}\n"
        "unknown: category\n"
        "dimensions:\n"
        f"  - {{id: harea, label: 診断病院所在地, field: 集約診断病院住所コード, recode: municipality, adjacency: {ref / 'hyogo_adjacency.csv'}}}\n"
        "  - {id: sex, label: 性別, field: 集約性別, recode: sex}\n"
        "tables:\n"
        "  - {id: h, title: 表1 診断病院所在地×性, dimensions: [harea, sex], hospital_dimension: harea}\n",
        encoding="utf-8")
    r = run("check", tmp_path / "plan.yaml")
    assert r.returncode == 1 and "三木市" in r.stdout, r.stdout + r.stderr
    r = run("protect", tmp_path / "plan.yaml", "-o", tmp_path / "out")
    assert r.returncode == 0, r.stdout + r.stderr
    with open(tmp_path / "out" / "h.csv", encoding="utf-8-sig") as f:
        cells = {(row[0], row[1]): row[2] for row in csv.reader(f)}
    assert cells[("28215", "1")] == "*" and cells[("28215", "2")] == "*", cells
    with open(tmp_path / "out" / "changes.csv", encoding="utf-8-sig") as f:
        reasons = {(row["cell"], row["rule"]) for row in csv.DictReader(f)}
    assert ("harea=28215;sex=1", "3") in reasons, reasons
    assert run("check", tmp_path / "out" / "manifest.yaml").returncode == 0


def test_the_manifests_written_from_the_plan_keep_the_cells_withheld(testdata, tmp_path):
    """`hitoku tables` writes the counts as they are: its manifest names 三木市 × 男/女 under `withheld`, so checking
    it fails like checking the plan (it passed: the tables alone cannot show per-cell hospitals). A withheld cell
    that no longer exists, or a bad entry, is refused."""
    test_cells_fed_by_one_hospital_are_suppressed_by_protect(testdata, tmp_path)
    r = run("tables", tmp_path / "plan.yaml", "-o", tmp_path / "tables")
    assert r.returncode == 0, r.stderr
    manifest = (tmp_path / "tables" / "manifest.yaml").read_text(encoding="utf-8")
    assert "withheld:" in manifest and '"28215"' in manifest
    r = run("check", tmp_path / "tables" / "manifest.yaml", "--format", "json")
    assert r.returncode == 1, r.stderr
    rule3 = [f for f in json.loads(r.stdout)["findings"] if f["rule"] == "3" and f["severity"] == "error"]
    assert {f["cell"].get("harea") for f in rule3} >= {"28215"}, rule3
    # protect's manifest carries them too, suppressed: it passes, and a copy that publishes one again fails.
    protected = (tmp_path / "out" / "manifest.yaml").read_text(encoding="utf-8")
    assert "withheld:" in protected
    lines = (tmp_path / "out" / "h.csv").read_text(encoding="utf-8-sig").splitlines()
    lines = [("28215,1,10" if line.startswith("28215,1,") else line) for line in lines]
    (tmp_path / "out" / "h.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert run("check", tmp_path / "out" / "manifest.yaml").returncode == 1
    # A withheld cell naming a code the table does not have: exit 2 naming the line.
    bad = tmp_path / "tables" / "bad.yaml"
    bad.write_text(manifest.replace('harea: "28215", sex: "1"', 'harea: "99999", sex: "1"'), encoding="utf-8")
    r = run("check", bad)
    assert r.returncode == 2 and "bad.yaml:" in r.stderr and "[cell]" in r.stderr and "'h'" in r.stderr, r.stderr
