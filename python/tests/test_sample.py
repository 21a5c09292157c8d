"""The bundled sample through load_submission gives what the CLI gives: the same verdict, rules,
findings and intervals (the JSON differs only in its run time), and the same errors for bad input."""
import json
import os
from pathlib import Path

import pytest

import hitoku
from conftest import TESTDATA, cli_json, run_cli


def without_run_time(report):
    report = dict(report)
    report.pop("generated_at")
    report.pop("seal")  # covers the run time, so it differs with it
    return report


@pytest.mark.parametrize("name", ["pass", "fail", "fixed"])  # fixed/: tables without a site column (fixed:)
def test_sample_same_report_as_cli(cli, name):
    manifest = TESTDATA / "sample" / name / "manifest.yaml"
    code, expected, stdout, err = cli_json(manifest)
    assert expected is not None, err
    report = hitoku.check(hitoku.load_submission(manifest))
    assert report.passed == (code == 0)
    assert report.verdict == expected["verdict"]
    assert without_run_time(report.as_dict()) == without_run_time(expected)
    # to_json() is the CLI's text, run time aside.
    ours = (report.to_json().replace(report.as_dict()["generated_at"], expected["generated_at"])
            .replace(report.as_dict()["seal"]["digest"], expected["seal"]["digest"]))
    assert ours == stdout
    # The DataFrames carry the same findings.
    f = report.findings
    assert list(zip(f["rule"], f["table"], f["cell_label"])) == [
        (x["rule"], x["table"], x["cell_label"]) for x in expected["findings"]]
    assert list(report.rules["verdict"]) == [r["verdict"] for r in expected["rules"]]
    assert len(report.intervals) == len(expected["suppressed_cells"])


def test_check_accepts_a_manifest_path(cli):
    manifest = TESTDATA / "sample" / "fail" / "manifest.yaml"
    a = hitoku.check(manifest).as_dict()
    b = hitoku.check(str(manifest)).as_dict()
    assert without_run_time(a) == without_run_time(b)
    assert a["verdict"] == "fail"


def test_submission_tables_as_frames_give_the_same_findings(cli):
    """Sample → DataFrames (true values and statuses) → check: the same rules and findings as the manifest."""
    sub = hitoku.load_submission(TESTDATA / "sample" / "pass" / "manifest.yaml")
    frames = sub.tables
    assert set(frames) == {"t1", "t2", "t3"}
    t2 = frames["t2"]
    assert set(t2.columns) == {"area", "site", "count", "status"}
    assert (t2["status"] != "published").any()
    tables = {tid: hitoku.Table(f, f.attrs["title"]) for tid, f in frames.items()}
    from_frames = hitoku.check(tables, dimensions=sub.dimensions, metadata=sub.metadata, policy=sub.policy).as_dict()
    from_manifest = hitoku.check(sub).as_dict()
    for key in ("verdict", "rules", "findings", "suppressed_cells", "tables", "submission", "policy"):
        assert from_frames[key] == from_manifest[key], key


EXPECTED_BAD = json.loads((TESTDATA / "bad" / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("kind", sorted(EXPECTED_BAD))
def test_bad_sample_raises_what_the_cli_prints(cli, kind):
    manifest = TESTDATA / "bad" / kind / "manifest.yaml"
    where = EXPECTED_BAD[kind]
    with pytest.raises(hitoku.InputError) as info:
        hitoku.check(hitoku.load_submission(manifest))
    e = info.value
    # Named as the CLI names it: from the current folder (absolute when not below it).
    path, cwd = Path(os.path.abspath(manifest.parent / where["file"])), Path.cwd()
    file = str(path.relative_to(cwd)) if path.is_relative_to(cwd) else str(path)
    assert (e.file, e.line, e.field) == (file, where["line"], where["field"])
    cli_run = run_cli("check", manifest)
    assert cli_run.returncode == 2
    assert str(e).splitlines() == cli_run.stderr.splitlines()
