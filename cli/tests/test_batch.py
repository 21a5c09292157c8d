"""hitoku batch: ≥ 20 submissions give the verdicts of 20 single checks; kill -9 at random points then a
rerun gives the same summary (no row lost or doubled); cumulative batches feed rule ⑤; the registry."""
import csv
import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path

from committee_fixtures import publication_a, scaled_submission, submission_b
from conftest import HITOKU, run

N = 20
# Run-specific fields of a row: times, and the SHA-256 of its report (which holds the time of the run).
TIMING = {"seconds", "cpu_seconds", "registry_seconds", "report_sha256"}


def folder_of_submissions(root, n=N):
    for k in range(n):
        scaled_submission(root / f"s{k:02d}", k)
    return root


def rows_without_timing(outdir):
    summary = json.loads((Path(outdir) / "summary.json").read_text(encoding="utf-8"))
    return [{k: v for k, v in row.items() if k not in TIMING} for row in summary["rows"]]


def test_batch_gives_the_verdicts_of_single_checks(tmp_path):
    subs = folder_of_submissions(tmp_path / "subs")
    out = tmp_path / "out"
    r = run("batch", subs, "-o", out, "--jobs", "2", timeout=600)
    assert r.returncode == 1, r.stderr  # some fail
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["totals"]["submissions"] == N and len(summary["rows"]) == N
    verdicts = set()
    for k, row in enumerate(summary["rows"]):
        single = run("check", subs / f"s{k:02d}" / "manifest.yaml", "--format", "json")
        report = json.loads(single.stdout)
        assert row["index"] == k + 1 and row["name"] == f"s{k:02d}/manifest.yaml"
        assert row["verdict"] == report["verdict"]
        assert row["rules"] == {r["rule"]: r["verdict"] for r in report["rules"]}
        assert row["findings"] == len(report["findings"])
        # The batch's report is the single check's, but for the time of the run and the seal.
        batch_report = json.loads((out / row["report_json"]).read_text(encoding="utf-8"))
        for key in ("generated_at", "seal", "written_files"):
            batch_report.pop(key), report.pop(key)
        assert batch_report == report
        verdicts.add(row["verdict"])
    assert verdicts == {"pass", "fail"}
    # CSV and HTML: one row per submission, linking its report.
    with open(out / "summary.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert [int(r["index"]) for r in rows] == list(range(1, N + 1))
    html = (out / "summary.html").read_text(encoding="utf-8")
    assert html.count('href="reports/') == 2 * N and "一括確認の集計" in html
    # A rerun finds every result and changes nothing but the summary's time-free content.
    before = rows_without_timing(out)
    assert run("batch", subs, "-o", out).returncode == 1
    assert rows_without_timing(out) == before


def test_kill_at_random_points_then_rerun_loses_and_doubles_nothing(tmp_path):
    subs = folder_of_submissions(tmp_path / "subs")
    reference = tmp_path / "reference"
    started = time.monotonic()
    assert run("batch", subs, "-o", reference, "--jobs", "2", timeout=600).returncode == 1
    full = time.monotonic() - started
    expected = rows_without_timing(reference)
    rng = random.Random(21)
    interrupted = 0
    for trial in range(10):
        out = tmp_path / f"t{trial}"
        p = subprocess.Popen([HITOKU, "batch", subs, "-o", out, "--jobs", "2"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(0.0, full))
        try:
            os.killpg(p.pid, signal.SIGKILL)  # the batch and its workers, wherever they are
        except ProcessLookupError:
            pass
        p.wait()
        interrupted += len(list((out / "results").glob("*.json"))) < N if (out / "results").exists() else 1
        r = run("batch", subs, "-o", out, "--jobs", "2", timeout=600)
        assert r.returncode == 1, (trial, r.stdout, r.stderr)
        assert rows_without_timing(out) == expected, trial
        assert sorted(p.name for p in (out / "results").iterdir()) == [f"{k:04d}.json" for k in range(1, N + 1)]
        assert not [p for p in out.rglob(".*tmp-*")], "no temporary left behind"
    assert interrupted >= 1, "some kill must land before the batch is done"


def test_cumulative_batch_feeds_rule_5_and_the_registry_is_read(tmp_path):
    subs = tmp_path / "subs"
    publication_a(subs / "1-a")
    submission_b(subs / "2-b")
    plain = tmp_path / "plain"
    assert run("batch", subs, "-o", plain).returncode == 0, "each is safe alone"
    cumulative = tmp_path / "cumulative"
    r = run("batch", subs, "-o", cumulative, "--cumulative")
    assert r.returncode == 1
    rows = rows_without_timing(cumulative)
    assert [row["verdict"] for row in rows] == ["pass", "fail"]
    assert rows[1]["rules"]["5"] == "fail" and rows[1]["registry_publications"] == 1
    # The same from a registry holding A, and from a list file instead of a folder.
    db = tmp_path / "reg.sqlite"
    assert run("registry", "init", db).returncode == 0
    a = subs / "1-a" / "manifest.yaml"
    assert run("check", a, "--format", "json", "-o", tmp_path / "a.json").returncode == 0
    assert run("registry", "add", db, a, tmp_path / "a.json").returncode == 0
    listing = tmp_path / "list.txt"
    listing.write_text("# committee, 2024-06\nsubs/2-b/manifest.yaml\n", encoding="utf-8")
    r = run("batch", listing, "-o", tmp_path / "with-registry", "--registry", db)
    assert r.returncode == 1
    assert rows_without_timing(tmp_path / "with-registry")[0]["verdict"] == "fail"
    # Another batch into the same folder is refused; so is a bad list.
    r = run("batch", subs, "-o", tmp_path / "with-registry")
    assert r.returncode == 2 and "another batch" in r.stderr
    listing.write_text("subs/missing/manifest.yaml\n", encoding="utf-8")
    r = run("batch", listing, "-o", tmp_path / "never")
    assert r.returncode == 2 and "list.txt:1" in r.stderr and not (tmp_path / "never").exists()


def test_a_bad_submission_is_a_row_not_a_stop(tmp_path):
    subs = folder_of_submissions(tmp_path / "subs", 3)
    (subs / "s01" / "b1.csv").write_text("area,sex,count,true\n28000,0,abc,\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run("batch", subs, "-o", out).returncode == 1
    rows = rows_without_timing(out)
    assert [r["verdict"] for r in rows][1] == "error" and "b1.csv" in rows[1]["message"]


def test_cumulative_batch_killed_and_rerun_gives_the_same_summary(tmp_path):
    """The batch's own registry is written before each row: a kill between the two redoes the item, which
    finds itself registered and is checked as before (its own approval is never its attacker knowledge)."""
    subs = tmp_path / "subs"
    for k in range(3):
        publication_a(subs / f"{2 * k}-a", approval=f"第A{k}号")
        submission_b(subs / f"{2 * k + 1}-b", approval=f"第B{k}号")
    reference = tmp_path / "reference"
    started = time.monotonic()
    assert run("batch", subs, "-o", reference, "--cumulative", timeout=600).returncode == 1
    full = time.monotonic() - started
    expected = rows_without_timing(reference)
    assert [r["verdict"] for r in expected] == ["pass", "fail"] * 3
    rng = random.Random(5)
    for trial in range(5):
        out = tmp_path / f"t{trial}"
        p = subprocess.Popen([HITOKU, "batch", subs, "-o", out, "--cumulative"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(0.0, full))
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        p.wait()
        r = run("batch", subs, "-o", out, "--cumulative", timeout=600)
        assert r.returncode == 1, (trial, r.stdout, r.stderr)
        assert rows_without_timing(out) == expected, trial
        assert run("registry", "check", out / "cumulative.sqlite").returncode == 0
        listing = run("registry", "list", out / "cumulative.sqlite").stdout
        assert "3 registered publication(s)" in listing  # the three A's passed; each registered once


def test_a_rerun_rechecks_a_submission_edited_since_its_result(tmp_path):
    """s1 passed; then its table publishes 姫路市 × 男 = 5. A rerun once kept the old PASS in the summary
    (results carried no input hashes); now the edited submission is checked again, the other is not."""
    subs = tmp_path / "subs"
    submission_b(subs / "s1")
    publication_a(subs / "s2")
    out = tmp_path / "out"
    assert run("batch", subs, "-o", out).returncode == 0
    untouched = (out / "results" / "0002.json").read_bytes()
    submission_b(subs / "s1", suppressed={("28201", "0"), ("28202", "0"), ("28202", "1")})
    assert run("check", subs / "s1" / "manifest.yaml").returncode == 1
    r = run("batch", subs, "-o", out)
    assert r.returncode == 1, r.stderr
    rows = json.loads((out / "summary.json").read_text(encoding="utf-8"))["rows"]
    assert [row["verdict"] for row in rows] == ["fail", "pass"]
    assert (out / "results" / "0002.json").read_bytes() == untouched  # not redone


def test_a_cumulative_rerun_refuses_an_edited_submission_it_registered(tmp_path):
    subs = tmp_path / "subs"
    submission_b(subs / "s1")
    out = tmp_path / "out"
    assert run("batch", subs, "-o", out, "--cumulative").returncode == 0
    submission_b(subs / "s1", suppressed={("28201", "0"), ("28202", "0"), ("28202", "1")})
    r = run("batch", subs, "-o", out, "--cumulative")
    assert r.returncode == 2 and "s1/manifest.yaml" in r.stderr and "registered" in r.stderr, r.stderr


def test_a_cumulative_batch_registers_a_second_publication_of_one_approval_and_checks_the_next_against_it(tmp_path):
    """The abstract and then the paper of one approval: the registry keys publications by approval number, so the
    paper was not registered and a third submission leaking through it (姫路市 17 − 12 = 5) passed. The paper is
    now kept under its number with its content's digest."""
    subs = tmp_path / "subs"
    publication_a(subs / "s1")
    submission_b(subs / "s2", approval="兵庫県指令健第0001号",
                 suppressed={("28201", "1"), ("28201", "2"), ("28202", "1"), ("28202", "2")})
    # s3 hides 姫路市's and 兵庫県's sexes and prints 尼崎市 × 男 = 13: safe beside s1, but s2's 兵庫県 × 男 = 32 and
    # 神戸市 × 男 = 14 give 姫路市 × 男 = 32 − 14 − 13 = 5.
    hidden = {(a, x) for a in ("28201", "28000") for x in ("1", "2")}
    submission_b(subs / "s3", approval="兵庫県指令健第0009号", suppressed=hidden)
    control = tmp_path / "control"
    publication_a(control / "s1")
    submission_b(control / "s3", approval="兵庫県指令健第0009号", suppressed=hidden)
    assert run("batch", control, "-o", tmp_path / "control_out", "--cumulative").returncode == 0
    out = tmp_path / "out"
    r = run("batch", subs, "-o", out, "--cumulative")
    assert r.returncode == 1, r.stderr
    rows = json.loads((out / "summary.json").read_text(encoding="utf-8"))["rows"]
    assert [row["verdict"] for row in rows] == ["pass", "pass", "fail"]
    assert "registered_as" not in rows[0] and rows[1]["registered_as"].startswith("兵庫県指令健第0001号（")
    assert rows[1]["registered_as"] in (out / "summary.html").read_text(encoding="utf-8")
