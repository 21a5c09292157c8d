"""Output folders of protect, tables and merge: a folder that cannot be made or written is exit code
2 with a message naming it (never an internal error), and a target that is foreseeably unwritable
(a folder where a file goes) stops the command before anything is written."""
import os

from conftest import run
from test_input_hardening import base_submission
from test_outputs import registry_plan


def refused(r, *words):
    assert r.returncode == 2, (r.stdout[:300], r.stderr)
    assert "内部エラー" not in r.stderr and "internal error" not in r.stderr, r.stderr
    for word in words:
        assert word in r.stderr, (word, r.stderr)


def test_protect_to_an_existing_file_below_a_file_or_an_empty_name_is_refused(testdata, tmp_path):
    manifest = base_submission(testdata, tmp_path / "sub")
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    refused(run("protect", manifest, "-o", tmp_path / "plain"), "plain", "出力フォルダ", "output folder")
    refused(run("protect", manifest, "-o", tmp_path / "plain" / "below"), "below", "output folder")
    refused(run("protect", manifest, "-o", ""), "output folder")
    refused(run("protect", manifest, "-o", "/proc/hitoku-no-such"), "/proc/hitoku-no-such", "output folder")
    assert (tmp_path / "plain").read_text(encoding="utf-8") == "x"


def test_protect_writes_nothing_when_a_folder_stands_where_its_report_goes(testdata, tmp_path):
    manifest = base_submission(testdata, tmp_path / "sub")
    out = tmp_path / "out"
    (out / "protect-report.json").mkdir(parents=True)
    refused(run("protect", manifest, "-o", out), "protect-report.json", "nothing was written")
    assert os.listdir(out) == ["protect-report.json"]
    os.rmdir(out / "protect-report.json")
    r = run("protect", manifest, "-o", out)
    assert r.returncode in (0, 1), r.stderr
    assert (out / "protect-report.json").is_file()


def test_tables_to_an_existing_file_is_refused(testdata, tmp_path):
    plan = registry_plan(testdata, tmp_path)
    (tmp_path / "plain").write_text("x", encoding="utf-8")
    refused(run("tables", plan, "-o", tmp_path / "plain"), "plain", "output folder")
    refused(run("tables", plan, "-o", tmp_path / "plain" / "below"), "below", "output folder")


def test_tables_writes_nothing_when_a_folder_stands_where_a_wide_table_goes(testdata, tmp_path):
    plan = registry_plan(testdata, tmp_path)
    r = run("tables", plan, "-o", tmp_path / "first")
    assert r.returncode == 0, r.stderr
    wide = sorted(p.name for p in (tmp_path / "first").iterdir() if p.name.endswith("_wide.csv"))
    assert wide, "the plan writes wide tables"
    out = tmp_path / "out"
    (out / wide[-1]).mkdir(parents=True)
    refused(run("tables", plan, "-o", out), wide[-1], "nothing was written")
    assert os.listdir(out) == [wide[-1]]


def test_merge_writes_nothing_when_a_folder_stands_where_its_report_goes(testdata, tmp_path):
    out = tmp_path / "out"
    (out / "report.html").mkdir(parents=True)
    r = run("merge", testdata / "hospitals" / "sample" / "manifest.yaml", "-o", out)
    refused(r, "report.html", "nothing was written")
    assert os.listdir(out) == ["report.html"]


def test_protect_writes_nothing_when_its_run_log_cannot_be_opened(testdata, tmp_path):
    manifest = base_submission(testdata, tmp_path / "sub")
    (tmp_path / "log").mkdir()
    refused(run("protect", manifest, "-o", tmp_path / "out", "--run-log", tmp_path / "log"), "run log")
    assert not (tmp_path / "out").exists()
    r = run("protect", manifest, "-o", tmp_path / "out", "--run-log", tmp_path / "log" / "run.jsonl")
    assert r.returncode in (0, 1), r.stderr
    assert len((tmp_path / "log" / "run.jsonl").read_text(encoding="utf-8").splitlines()) == 1
