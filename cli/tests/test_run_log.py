"""The append-only run log: one line per run, hashes and verdict, never a cell value."""
import json

from conftest import run


def test_run_log_appends_one_line_per_run_without_cell_values(testdata, tmp_path):
    log = tmp_path / "runs.jsonl"
    manifest = testdata / "sample" / "pass" / "manifest.yaml"
    r1 = run("check", manifest, "--format", "json", "--run-log", log)
    run("check", testdata / "sample" / "fail" / "manifest.yaml", "--run-log", log)
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    first, second = (json.loads(x) for x in lines)
    assert first["command"] == "check" and first["user"]
    report = json.loads(r1.stdout)
    assert first["inputs"] == [{"path": i["path"], "sha256": i["sha256"]} for i in report["inputs"]]
    assert first["verdict"] == report["verdict"] and second["verdict"] == "fail"
    assert set(first) == {"time", "user", "command", "tool", "policy", "verdict", "inputs"}  # nothing about cells
