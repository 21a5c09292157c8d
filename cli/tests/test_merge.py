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
    explained = [f for f in report["findings"] if f["rule"] == "3" and f["severity"] == "info"]
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
