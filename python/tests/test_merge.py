"""hitoku.merge (rule ③) gives what `hitoku merge` gives, from a manifest and from DataFrames; single-hospital
areas named by check are computed here from the hospital list (as cli/tests/test_merge.py does)."""
import json

import pandas as pd

import hitoku
from conftest import TESTDATA, rule, run_cli

SAMPLE = TESTDATA / "hospitals" / "sample" / "manifest.yaml"
SAME = ("verdict", "rules", "findings", "suppressed_cells", "tables", "submission", "policy")


def single_surgery_areas():
    """Areas of h1 with exactly one surgery hospital and a non-zero count (Kobe's wards count as 28100)."""
    hospitals = pd.read_csv(TESTDATA / "hospitals" / "hyogo_hospitals_synthetic.csv", dtype=str)
    area = hospitals["municipality_code"].where(~hospitals["municipality_code"].str.startswith("281"), "28100")
    surgery = hospitals["surgery"].astype(int).groupby(area).sum()
    h1 = pd.read_csv(TESTDATA / "hospitals" / "sample" / "h1.csv", dtype={"市町コード": str})
    return {c for c, v in zip(h1["市町コード"], h1["罹患数"]) if v and surgery.get(c, 0) == 1}


def test_check_names_single_hospital_areas(cli):
    report = hitoku.check(SAMPLE)
    f = report.findings
    named = set(f[(f["rule"] == "3") & (f["severity"] == "error")]["area"])
    assert named == single_surgery_areas()
    assert rule(report.as_dict(), "3")["verdict"] == "fail"


def test_merge_same_as_cli(cli, tmp_path):
    result = hitoku.merge(SAMPLE)
    assert set(result.changed_tables) == {"h1", "h2"}
    r = run_cli("merge", SAMPLE, "-o", tmp_path)
    assert r.returncode in (0, 1), r.stderr
    theirs = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    ours = result.report.as_dict()
    for key in SAME:
        assert ours[key] == theirs[key], key
    assert rule(ours, "3")["verdict"] == "pass"
    # The merged tables are the ones the CLI wrote.
    written = hitoku.load_submission(tmp_path / "manifest.yaml")
    for tid, frame in result.tables.items():
        pd.testing.assert_frame_equal(written.tables[tid], frame)
    h1 = result.tables["h1"]
    groups = [c.split("+") for c in h1["area"] if "+" in c]
    assert single_surgery_areas() <= {m for g in groups for m in g}


def test_merge_from_frames(cli):
    """The same submission as DataFrames (tables, hospital list, adjacency) merges the same way."""
    sub = hitoku.load_submission(SAMPLE)
    frames = sub.tables
    tables = {"h1": hitoku.Table(frames["h1"], frames["h1"].attrs["title"], hospital_dimension="area",
                                 hospital_attribute="surgery"),
              "h2": hitoku.Table(frames["h2"], frames["h2"].attrs["title"])}
    hospitals = pd.read_csv(TESTDATA / "hospitals" / "hyogo_hospitals_synthetic.csv", dtype=str)
    adjacency = pd.read_csv(TESTDATA.parent / "reference" / "hyogo_adjacency.csv", dtype=str)
    geography = {"area": {"adjacency": adjacency, "reference": "hyogo", "reference_version": "N03-2021-01-01-r1"}}
    args = dict(dimensions=sub.dimensions, metadata=sub.metadata, hospitals=hospitals, geography=geography)
    checked = hitoku.check(tables, **args).as_dict()
    assert checked["findings"] == hitoku.check(sub).as_dict()["findings"]
    ours = hitoku.merge(tables, **args).report.as_dict()
    theirs = hitoku.merge(sub).report.as_dict()
    for key in ("verdict", "rules", "findings", "suppressed_cells", "tables"):
        assert ours[key] == theirs[key], key


def test_bad_hospital_list_names_row_and_column():
    sub = hitoku.load_submission(SAMPLE)
    hospitals = pd.read_csv(TESTDATA / "hospitals" / "hyogo_hospitals_synthetic.csv", dtype=str)
    hospitals.loc[4, "surgery"] = "2"
    try:
        hitoku.check(sub.tables, dimensions=sub.dimensions, metadata=sub.metadata, hospitals=hospitals)
    except hitoku.InputError as e:
        assert (e.file, e.line, e.field) == ("hospitals", 5, "surgery")
    else:
        raise AssertionError("no InputError")
