"""The committee's batch: the registry filter narrows --registry only (never the batch's own submissions), a result
row must say what its sealed report says, a batch that did not check its submissions against each other says so,
and a cumulative batch that re-checks a registered submission meets it once."""
import json
from pathlib import Path

from committee_fixtures import publication_a, submission_b
from conftest import run


def a_and_b(tmp_path):
    """A (approved 2024-04-01) and B (2024-06-01): each safe alone, together 姫路市×男 = 17 − 12 = 5."""
    subs = tmp_path / "subs"
    publication_a(subs / "1-a")
    submission_b(subs / "2-b")
    return subs


def rows(outdir):
    return json.loads((Path(outdir) / "summary.json").read_text(encoding="utf-8"))["rows"]


def test_the_registry_filter_never_drops_the_batchs_own_submissions(tmp_path):
    subs = a_and_b(tmp_path)
    db = tmp_path / "empty.sqlite"
    assert run("registry", "init", db).returncode == 0
    out = tmp_path / "out"
    r = run("batch", subs, "-o", out, "--cumulative", "--registry", db, "--since", "2024-05-01")
    assert r.returncode == 1, r.stdout + r.stderr
    assert [row["verdict"] for row in rows(out)] == ["pass", "fail"]
    assert rows(out)[1]["rules"]["5"] == "fail" and rows(out)[1]["registry_publications"] == 1
    # The same with --until before A and with data years A's entry in the batch does not have.
    for n, options in enumerate((["--until", "2024-03-31"], ["--data-years", "2030"])):
        r = run("batch", subs, "-o", tmp_path / f"out{n}", "--cumulative", "--registry", db, *options)
        assert r.returncode == 1 and [row["verdict"] for row in rows(tmp_path / f"out{n}")] == ["pass", "fail"]


def test_a_registry_filter_without_a_registry_is_an_error(tmp_path):
    subs = a_and_b(tmp_path)
    for option, value in (("--since", "2024-05-01"), ("--until", "2024-05-01"), ("--data-years", "2019")):
        r = run("batch", subs, "-o", tmp_path / "out", "--cumulative", option, value)
        assert r.returncode == 2, r.stdout + r.stderr
        assert option in r.stderr and "--registry" in r.stderr, r.stderr
        assert not (tmp_path / "out").exists(), "nothing written"
        r = run("check", subs / "2-b" / "manifest.yaml", option, value)
        assert r.returncode == 2 and option in r.stderr and "--registry" in r.stderr, r.stderr


def test_a_hand_edited_result_row_is_refused_on_rerun(tmp_path):
    subs = a_and_b(tmp_path)
    out = tmp_path / "out"
    assert run("batch", subs, "-o", out, "--cumulative").returncode == 1
    result = out / "results" / "0002.json"
    row = json.loads(result.read_text(encoding="utf-8"))
    assert row["verdict"] == "fail"
    row["verdict"] = "pass"
    row["rules"] = {k: ("pass" if v == "fail" else v) for k, v in row["rules"].items()}
    row["errors"] = 0
    row["findings"] = 0
    result.write_text(json.dumps(row, ensure_ascii=False, indent=2), encoding="utf-8")
    r = run("batch", subs, "-o", out, "--cumulative")
    assert r.returncode == 2, r.stdout + r.stderr
    assert "0002.json" in r.stderr and "verdict" in r.stderr, r.stderr
    assert [row["verdict"] for row in rows(out)] == ["pass", "fail"], "the summary keeps the report's verdict"
    # A report swapped for another (sealed, but not the one the row was written with) is refused too.
    result.write_text(json.dumps({**row, "verdict": "fail"}, ensure_ascii=False, indent=2), encoding="utf-8")
    report = out / "reports" / "0002.json"
    report.write_text((out / "reports" / "0001.json").read_text(encoding="utf-8"), encoding="utf-8")
    r = run("batch", subs, "-o", out, "--cumulative")
    assert r.returncode == 2 and "0002.json" in r.stderr, r.stdout + r.stderr


def test_a_batch_that_did_not_check_its_submissions_against_each_other_says_so(tmp_path):
    subs = a_and_b(tmp_path)
    out = tmp_path / "out"
    r = run("batch", subs, "-o", out)
    assert r.returncode == 0, "each passes alone"
    ja, en = "提出物どうしを照合していません", "not checked against each other"
    assert ja in r.stdout and en in r.stdout and "--cumulative" in r.stdout
    assert r.stdout.index(ja) < r.stdout.index(en), "Japanese first"
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert ja in summary["notice"]["ja"] and en in summary["notice"]["en"]
    html = (out / "summary.html").read_text(encoding="utf-8")
    assert ja in html and en in html and "--cumulative" in html
    cumulative = tmp_path / "cumulative"
    r = run("batch", subs, "-o", cumulative, "--cumulative")
    assert r.returncode == 1 and ja not in r.stdout
    assert "notice" not in json.loads((cumulative / "summary.json").read_text(encoding="utf-8"))
    assert ja not in (cumulative / "summary.html").read_text(encoding="utf-8")


def test_a_cumulative_batch_rechecking_a_registered_submission_meets_it_once(tmp_path):
    """A is registered; the committee re-checks A with C in a cumulative batch against the registry. A was met twice
    (registry and the batch's own), and C became an error: 表「a1」が二度現れます."""
    subs = tmp_path / "subs"
    a = publication_a(subs / "1-a")
    submission_b(subs / "2-c", approval="兵庫県指令健第0003号",
                 suppressed={("28201", "1"), ("28201", "2"), ("28202", "1"), ("28202", "2")})
    db = tmp_path / "reg.sqlite"
    assert run("registry", "init", db).returncode == 0
    assert run("check", a, "--registry", db, "--format", "json", "-o", tmp_path / "a.json").returncode == 0
    assert run("registry", "add", db, a, tmp_path / "a.json").returncode == 0
    out = tmp_path / "out"
    r = run("batch", subs, "-o", out, "--cumulative", "--registry", db)
    assert r.returncode == 0, r.stdout + r.stderr
    assert [(row["verdict"], row["registry_publications"]) for row in rows(out)] == [("pass", 0), ("pass", 1)]
