"""Re-reports: hitoku diff OLD NEW and hitoku check --previous OLD name what changed, in Japanese and English."""
import json
from pathlib import Path

from committee_fixtures import B_SUPPRESSED, B_VALUES, submission_b
from conftest import run


def report_of(manifest, out):
    assert run("check", manifest, "--format", "json", "-o", out).returncode in (0, 1)
    return out


def revised(tmp_path):
    """B before and after peer review: 神戸市 gains a case (and the totals above it), and 神戸市×女 is
    now suppressed too."""
    old = report_of(submission_b(tmp_path / "old"), tmp_path / "old.json")
    values = dict(B_VALUES)
    for key in [("28100", "2"), ("28100", "0"), ("28000", "2"), ("28000", "0")]:
        values[key] += 1
    new_manifest = submission_b(tmp_path / "new", values=values, suppressed=B_SUPPRESSED | {("28100", "2")})
    return old, new_manifest, report_of(new_manifest, tmp_path / "new.json")


def test_diff_names_changed_cells_suppressions_and_verdicts(tmp_path):
    old, _, new = revised(tmp_path)
    r = run("diff", old, new, "--format", "json")
    assert r.returncode == 1, r.stderr
    diff = json.loads(r.stdout)
    kinds = {(c["kind"], c["table"], tuple(sorted(c["cell"].items()))) for c in diff["changes"]}
    assert ("suppression_added", "b1", (("area", "28100"), ("sex", "2"))) in kinds
    assert ("value", "b1", (("area", "28000"), ("sex", "0"))) in kinds
    value = next(c for c in diff["changes"] if c["kind"] == "value" and c["cell"] == {"area": "28000", "sex": "0"})
    assert (value["before"], value["after"]) == ("74", "75")
    # Never a true value: 神戸市×女 became suppressed; its old published value is shown, the new one is not.
    added = next(c for c in diff["changes"] if c["kind"] == "suppression_added")
    assert added["before"] == "16" and "17" not in json.dumps(added)
    text = run("diff", old, new).stdout
    assert text.startswith("再報告の差分") and "秘匿の追加" in text and "神戸市 × 女" in text
    english = run("diff", old, new, "--lang", "en").stdout
    assert english.startswith("Changes since the earlier report") and "suppression_added" in english
    html = run("diff", old, new, "--format", "html", "-o", tmp_path / "d.html")
    assert html.returncode == 1 and 'id="changes"' in (tmp_path / "d.html").read_text(encoding="utf-8")


def test_same_report_twice_is_unchanged_and_bad_reports_are_refused(tmp_path):
    old = report_of(submission_b(tmp_path / "b"), tmp_path / "b.json")
    r = run("diff", old, old)
    assert r.returncode == 0 and "変更はありません" in r.stdout
    bad = tmp_path / "bad.json"
    bad.write_text("{\"not\": \"a report\"}", encoding="utf-8")
    out = tmp_path / "never.txt"
    r = run("diff", old, bad, "-o", out)
    assert r.returncode == 2 and "bad.json" in r.stderr and not out.exists()


def test_check_previous_shows_the_changes_after_the_report(tmp_path):
    old, new_manifest, _ = revised(tmp_path)
    r = run("check", new_manifest, "--previous", old)
    assert r.returncode in (0, 1)
    assert "再報告の差分" in r.stdout and "秘匿の追加" in r.stdout
    out = tmp_path / "changes.json"
    r = run("check", new_manifest, "--previous", old, "--format", "json", "-o", tmp_path / "r.json", "--diff-output", out)
    assert r.returncode in (0, 1) and json.loads(out.read_text(encoding="utf-8"))["changes"]
    r = run("check", new_manifest, "--previous", tmp_path / "missing.json", "-o", tmp_path / "r2.json")
    assert r.returncode == 2 and not (tmp_path / "r2.json").exists()
