"""hitoku merge on the rule ③ sample (testdata/hospitals/sample): every single-hospital area is
published merged with land neighbours, in both linked tables, and the result passes rule ③.
Expectations are computed here from the input CSVs and the reference adjacency, not from hitoku."""
import csv
import json

from conftest import check_json, run, tree_hashes


def rule(report, number):
    return next(r for r in report["rules"] if r["rule"] == number)


def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def single_surgery_areas(testdata):
    """Municipalities of h1 with exactly one surgery hospital and a non-zero count."""
    surgery = {}
    for h in read_csv(testdata / "hospitals" / "hyogo_hospitals_synthetic.csv"):
        code = "28100" if h["municipality_code"].startswith("281") else h["municipality_code"]
        surgery[code] = surgery.get(code, 0) + int(h["surgery"])
    h1 = {r["市町コード"]: int(r["罹患数"]) for r in read_csv(testdata / "hospitals" / "sample" / "h1.csv")}
    return {c for c, v in h1.items() if v and surgery.get(c, 0) == 1}, h1


def adjacency(testdata):
    nb = {}
    for r in read_csv(testdata.parent / "reference" / "hyogo_adjacency.csv"):
        nb.setdefault(r["code_a"], set()).add(r["code_b"])
        nb.setdefault(r["code_b"], set()).add(r["code_a"])
    return nb


def connected(codes, nb):
    seen, stack = {codes[0]}, [codes[0]]
    while stack:
        for w in nb.get(stack.pop(), ()):
            if w in codes and w not in seen:
                seen.add(w)
                stack.append(w)
    return seen == set(codes)


def test_check_names_every_single_hospital_area(testdata):
    single, _ = single_surgery_areas(testdata)
    assert len(single) >= 5
    code, report, err = check_json(testdata / "hospitals" / "sample" / "manifest.yaml")
    assert code == 1, err
    assert rule(report, "3")["verdict"] == "fail"
    named = {f["cell"]["area"] for f in report["findings"] if f["rule"] == "3" and f["severity"] == "error"}
    assert named == single


def test_merge_writes_linked_tables_and_passes_rule_3(testdata, tmp_path):
    sample = testdata / "hospitals" / "sample"
    before = tree_hashes(testdata / "hospitals")
    single, h1_in = single_surgery_areas(testdata)
    out = tmp_path / "out"
    r = run("merge", sample / "manifest.yaml", "-o", out, "--written-files")
    assert r.returncode in (0, 1), r.stderr
    for name in ("manifest.yaml", "h1.csv", "h2.csv", "report.json", "report.html"):
        assert (out / name).exists()
        assert str(out / name) in r.stdout
    assert tree_hashes(testdata / "hospitals") == before  # inputs untouched

    h1 = {row["市町コード"]: int(row["罹患数"]) for row in read_csv(out / "h1.csv")}
    groups = [c.split("+") for c in h1 if "+" in c]
    nb = adjacency(testdata)
    grouped = [m for g in groups for m in g]
    assert len(grouped) == len(set(grouped))
    assert single <= set(grouped)  # every single-hospital area is inside a group
    for g in groups:
        assert connected(g, nb), g
        assert h1["+".join(g)] == sum(h1_in[m] for m in g)  # values summed
        for m in g:
            assert m not in h1  # members no longer printed alone

    # The linked wide table h2 (labels) shows the same groups with labels joined by ・.
    labels = {row["code"]: row["label"] for row in read_csv(testdata / "sample" / "area_codes.csv")}
    h2_rows = [row["市町"] for row in read_csv(out / "h2.csv")]
    for g in groups:
        assert "・".join(labels[m] for m in g) in h2_rows

    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert rule(report, "3")["verdict"] == "pass"
    explained = [f for f in report["findings"] if f["rule"] == "3" and f["severity"] == "info"
                 and "hospital_dimension" not in f["reason"]["en"]]  # h2 uses h1's hospital area (its own note)
    assert len(explained) == len(groups)

    # The written submission reads back and passes rule ③ on its own.
    code, again, err = check_json(out / "manifest.yaml")
    assert again is not None, err
    assert rule(again, "3")["verdict"] == "pass"


def test_merge_is_deterministic(testdata, tmp_path):
    sample = testdata / "hospitals" / "sample" / "manifest.yaml"
    assert run("merge", sample, "-o", tmp_path / "a").returncode in (0, 1)
    assert run("merge", sample, "-o", tmp_path / "b").returncode in (0, 1)
    for name in ("h1.csv", "h2.csv", "manifest.yaml"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_merge_without_output_folder_is_bad_input(testdata):
    r = run("merge", testdata / "hospitals" / "sample" / "manifest.yaml")
    assert r.returncode == 2


def test_a_merge_keeps_the_variable_so_another_grouping_cannot_undo_it(testdata, tmp_path):
    """Hospital areas by municipality and by district, declared one variable: merging 西脇市 (one hospital)
    with 多可町 (one) still leaves 西脇市 = 西地区 55 − 加西市 30 = 25. The merged manifest once lost the
    municipality dimension's `variable:`, so the two groupings came apart and the output passed."""
    files = {
        "manifest.yaml": """manifest_version: 1
policy: hyogo-2018
submission: {title: 二つのグループ分け}
allowed_folders: [REFERENCE]
dimensions:
  area: {variable: hosp_town, label: 診断病院所在市町, codes_file: area.csv}
  hdist: {variable: hosp_town, label: 診断病院所在地区, codes_file: hdist.csv}
geography: {dimension: area, adjacency_file: REFERENCE/hyogo_adjacency.csv, reference: hyogo, reference_version: N03-2021-01-01-r1}
hospitals: {file: hosp.csv}
tables:
  - {id: h1, title: 市町別, file: h1.csv, layout: long, dimensions: {area: area}, count: n, hospital_dimension: area, hospital_attribute: surgery}
  - {id: h2, title: 地区別, file: h2.csv, layout: long, dimensions: {hdist: hdist}, count: n, hospital_dimension: hdist, hospital_attribute: surgery}
""".replace("REFERENCE", str(testdata.parent / "reference")),
        "area.csv": "code,label,parent\nMA04,北播磨,\n28213,西脇市,MA04\n28220,加西市,MA04\n28228,加東市,MA04\n28365,多可町,MA04\n",
        "hdist.csv": "code,label,parent\nMA04,北播磨,\nD1,西地区,MA04\nD2,東地区,MA04\n28213,西脇市,D1\n28220,加西市,D1\n"
                     "28228,加東市,D2\n28365,多可町,D2\n",
        "h1.csv": "area,n\nMA04,100\n28213,25\n28220,30\n28228,30\n28365,15\n",
        "h2.csv": "hdist,n\nMA04,100\nD1,55\nD2,45\n",
        "hosp.csv": "hospital_code,name,municipality_code,surgery\nA0001,甲病院,28213,1\nA0002,乙病院,28220,1\n"
                    "A0003,丙病院,28220,1\nA0004,丁病院,28228,1\nA0005,戊病院,28228,1\nA0006,己病院,28365,1\n",
    }
    src = tmp_path / "in"
    src.mkdir()
    for name, text in files.items():
        (src / name).write_text(text, encoding="utf-8")
    code, report, err = check_json(src / "manifest.yaml")
    assert code == 1 and rule(report, "3")["verdict"] == "fail", err
    r = run("merge", src / "manifest.yaml", "-o", tmp_path / "out")
    assert r.returncode in (0, 1), r.stderr
    written = (tmp_path / "out" / "manifest.yaml").read_text(encoding="utf-8")
    assert written.count("hosp_town") == 2
    code, report, err = check_json(tmp_path / "out" / "manifest.yaml")
    assert code == 1 and rule(report, "3")["verdict"] == "fail", err
    assert r.returncode == 1  # merge's own re-check says so too: no false PASS


def test_a_table_by_the_hospital_area_that_declares_nothing_is_checked_too(testdata):
    """表2 of the sample is by the same 診断病院所在市町 dimension as 表1 (which declares it the hospitals' area) but
    declares no hospital_dimension: rule ③ once passed over it; now its single-hospital areas are named too."""
    code, report, err = check_json(testdata / "hospitals" / "sample" / "manifest.yaml")
    assert code == 1, err
    h2 = {f["cell"]["area"] for f in report["findings"] if f["rule"] == "3" and f["severity"] == "error" and f["table"] == "h2"}
    all_hospitals = {}
    for h in read_csv(testdata / "hospitals" / "hyogo_hospitals_synthetic.csv"):
        code_ = "28100" if h["municipality_code"].startswith("281") else h["municipality_code"]
        all_hospitals[code_] = all_hospitals.get(code_, 0) + 1
    assert h2 and all(all_hospitals.get(a, 0) == 1 for a in h2)
    assert any(f["severity"] == "info" and f["table"] == "h2" and "hospital_dimension" in f["reason"]["en"]
               for f in report["findings"] if f["rule"] == "3")
