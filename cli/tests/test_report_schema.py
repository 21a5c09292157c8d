"""Every kind of report hitoku writes validates against the documented schema (docs/report-schema.json)."""
import json
import shutil
from pathlib import Path

import pytest

from conftest import run
from schema_check import errors

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "docs" / "report-schema.json").read_text(encoding="utf-8"))


def test_the_validator_rejects_a_broken_report(testdata):
    report = json.loads(run("check", testdata / "sample" / "pass" / "manifest.yaml", "--format", "json").stdout)
    assert errors(report, SCHEMA) == []
    report["verdict"] = "maybe"
    del report["policy"]["sha256"]
    report["findings"].append({"rule": "9"})
    found = errors(report, SCHEMA)
    assert any("verdict" in e for e in found) and any("sha256" in e for e in found)
    assert any("findings[" in e for e in found)


@pytest.mark.parametrize("args", [
    ["check", "sample/pass/manifest.yaml"],
    ["check", "sample/fail/manifest.yaml"],
    ["check", "sample/pass/manifest.yaml", "--confidential"],
    ["check", "sample/pass/manifest.yaml", "--no-audit"],
    ["check", "hospitals/sample/manifest.yaml"],
    ["check", "registry/plan.yaml"],
])
def test_check_reports_validate(testdata, args):
    argv = [args[0], testdata / args[1], *args[2:], "--format", "json"]
    r = run(*argv)
    assert r.returncode in (0, 1), r.stderr
    assert errors(json.loads(r.stdout), SCHEMA) == []


def test_merge_report_validates(testdata, tmp_path):
    out = tmp_path / "m"
    run("merge", testdata / "hospitals" / "sample" / "manifest.yaml", "-o", out)
    assert errors(json.loads((out / "report.json").read_text(encoding="utf-8")), SCHEMA) == []


def test_report_with_exceptions_validates(testdata, tmp_path):
    dst = tmp_path / "sample"
    shutil.copytree(testdata / "sample", dst)
    manifest = dst / "fail" / "manifest.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") +
                        "exceptions:\n  - rule: \"2\"\n    table: t1\n    basis: consent\n    reference: 同意書\n",
                        encoding="utf-8")
    r = run("check", manifest, "--format", "json")
    report = json.loads(r.stdout)
    assert report["exceptions"] and errors(report, SCHEMA) == []
