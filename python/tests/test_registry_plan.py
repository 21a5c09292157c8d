"""A table plan over a registry extract, through load_submission: the CLI's verdict and findings, and a bad
extract row as an InputError listing the bad rows."""
import shutil

import hitoku
from conftest import TESTDATA, cli_json

SAME = ("verdict", "rules", "findings", "suppressed_cells", "tables", "submission", "policy")


def test_plan_same_report_as_cli(cli):
    plan = TESTDATA / "registry" / "plan.yaml"
    code, theirs, _, err = cli_json(plan)
    assert theirs is not None, err
    sub = hitoku.load_submission(plan)
    ours = hitoku.check(sub).as_dict()
    for key in SAME:
        assert ours[key] == theirs[key], key
    assert code == (0 if ours["verdict"] == "pass" else 1)
    # Tables counted from records come back as DataFrames, one row per cell.
    assert set(sub.tables) == {t["id"] for t in theirs["tables"] if not t["earlier_publication"]}
    for t in theirs["tables"]:
        cells = 1
        for d in t["dimensions"]:
            cells *= len(d["codes"])
        assert len(sub.tables[t["id"]]) == cells


def test_bad_extract_row_is_named(tmp_path):
    folder = tmp_path / "registry"
    shutil.copytree(TESTDATA / "registry", folder)
    extract = folder / "extract.csv"
    lines = extract.read_bytes().decode("utf-8").split("\r\n")
    fields = lines[5].split(",")
    fields[3] = "5"  # 集約性別 5 on line 6 (as cli/tests/test_registry_plan.py)
    lines[5] = ",".join(fields)
    extract.write_bytes("\r\n".join(lines).encode("utf-8"))
    plan = folder / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("../../reference/", str(TESTDATA.parent / "reference") + "/")
                        .replace("../hospitals/", str(TESTDATA / "hospitals") + "/"), encoding="utf-8")
    try:
        hitoku.load_submission(plan)
    except hitoku.InputError as e:
        assert (e.line, e.field) == (6, "集約性別")
        assert e.bad_row_count == 1
        assert [(r["line"], r["field"], r["value"]) for r in e.bad_rows] == [(6, "集約性別", "5")]
    else:
        raise AssertionError("no InputError")
