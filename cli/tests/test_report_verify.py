"""The reviewer's side: HTML report, `hitoku report`, `hitoku verify` catching each kind of tampering."""
import json
import os
import re
import shutil
from pathlib import Path

import pytest

from conftest import run


@pytest.fixture()
def sample_copy(testdata, tmp_path):
    """A private copy of the sample (manifest, tables, code lists) so a test may alter an input."""
    dst = tmp_path / "sample"
    shutil.copytree(testdata / "sample", dst)
    return dst


def write_report(manifest, out, *extra):
    r = run("check", manifest, "--format", "json", "-o", out, *extra)
    assert r.returncode in (0, 1), r.stderr
    return json.loads(Path(out).read_text(encoding="utf-8"))


def test_verify_accepts_an_untouched_report(sample_copy, tmp_path):
    manifest = sample_copy / "fail" / "manifest.yaml"
    report = write_report(manifest, tmp_path / "r.json")
    r = run("verify", tmp_path / "r.json", manifest)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "一致" in r.stdout
    # The fields no re-run reproduces are shown as the report states them.
    assert "実行ごとに異なる項目" in r.stdout
    assert f"generated_at: {report['generated_at']}" in r.stdout
    assert f"written_files: {tmp_path / 'r.json'}" in r.stdout


def tamper(path, edit):
    report = json.loads(Path(path).read_text(encoding="utf-8"))
    edit(report)
    Path(path).write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize(
    "what,edit",
    [
        ("verdict", lambda r: r.update(verdict="pass")),
        ("finding", lambda r: r["findings"].pop(0)),
        ("finding", lambda r: r["findings"][0]["cell"].update(area="28100")),
        ("rule", lambda r: r["rules"][1].update(errors=0)),
        ("tool", lambda r: r["tool"].update(version="9.9.9")),
        ("policy", lambda r: r["policy"].update(sha256="0" * 64)),
        ("submission", lambda r: r["submission"].update(purpose="別の目的")),
        ("table", lambda r: r["tables"][0]["published"].__setitem__(0, 1)),
        ("field", lambda r: r.update(note="reviewer approved")),
        ("seal", lambda r: r.update(generated_at="2020-01-01T00:00:00Z")),
        ("seal", lambda r: r.update(written_files=[])),
        ("seal", lambda r: r.pop("seal")),
        ("policy", lambda r: r["policy"].update(title="別のポリシー")),
    ],
)
def test_verify_names_each_kind_of_tampering(sample_copy, tmp_path, what, edit):
    manifest = sample_copy / "fail" / "manifest.yaml"
    write_report(manifest, tmp_path / "r.json")
    tamper(tmp_path / "r.json", edit)
    r = run("verify", tmp_path / "r.json", manifest)
    assert r.returncode == 1, r.stdout
    assert f"[{what}]" in r.stdout


def test_verify_names_an_input_changed_after_the_report(sample_copy, tmp_path):
    manifest = sample_copy / "fail" / "manifest.yaml"
    write_report(manifest, tmp_path / "r.json")
    # A still-valid edit (one more blank line at the end) changes the code list's hash.
    codes = sample_copy / "site_codes.csv"
    codes.write_bytes(codes.read_bytes() + b"\n")
    r = run("verify", tmp_path / "r.json", manifest)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "[input]" in r.stdout
    assert "site_codes.csv" in r.stdout


def test_verify_names_another_policy(sample_copy, tmp_path, testdata):
    manifest = sample_copy / "fail" / "manifest.yaml"
    write_report(manifest, tmp_path / "r.json")
    policy = Path(testdata).parent / "policies" / "hyogo-2018.yaml"
    stricter = manifest.parent / "stricter.yaml"  # inside the manifest's folder, where named files must be
    stricter.write_text(policy.read_text(encoding="utf-8").replace("max: 9", "max: 12").replace("id: hyogo-2018", "id: stricter"), encoding="utf-8")
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(re.sub(r"(?m)^policy:.*$", f"policy: {stricter}", text), encoding="utf-8")
    r = run("verify", tmp_path / "r.json", manifest)
    assert r.returncode == 1
    assert "[policy]" in r.stdout


def test_confidential_report_file_is_readable_by_its_owner_only(testdata, tmp_path):
    manifest = testdata / "sample" / "pass" / "manifest.yaml"
    run("check", manifest, "--format", "json", "--confidential", "-o", tmp_path / "own.json")
    run("check", manifest, "--format", "json", "-o", tmp_path / "shared.json")
    assert (tmp_path / "own.json").stat().st_mode & 0o777 == 0o600
    umask = os.umask(0o022)
    os.umask(umask)
    assert (tmp_path / "shared.json").stat().st_mode & 0o777 == 0o644 & ~umask, "without true values: as before"
    # Rendering the confidential copy keeps its true values owner-only too.
    assert run("report", tmp_path / "own.json", "-o", tmp_path / "own.html").returncode == 0
    assert (tmp_path / "own.html").stat().st_mode & 0o777 == 0o600


def test_html_report_is_self_contained_and_hides_true_values(testdata, tmp_path):
    out = tmp_path / "r.html"
    r = run("check", testdata / "sample" / "pass" / "manifest.yaml", "--format", "html", "-o", out)
    assert r.returncode in (0, 1)
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert not re.search(r"(src|href)\s*=", html, re.I), "no external or embedded resource references"
    assert "http://" not in html and "https://" not in html
    assert "判定：" in html
    assert "χ" in html  # suppressed cells drawn
    assert "χ (" not in html  # no true value beside a suppressed cell
    assert "取扱注意" not in html


def test_confidential_report_shows_true_values_and_says_so(testdata, tmp_path):
    out = tmp_path / "r.html"
    run("check", testdata / "sample" / "pass" / "manifest.yaml", "--format", "html", "--confidential", "-o", out)
    html = out.read_text(encoding="utf-8")
    assert "取扱注意" in html
    assert re.search(r"χ \(\d+\)", html)
    # and verify refuses a confidential copy as a submission
    rj = tmp_path / "r.json"
    run("check", testdata / "sample" / "pass" / "manifest.yaml", "--format", "json", "--confidential", "-o", rj)
    r = run("verify", rj, testdata / "sample" / "pass" / "manifest.yaml")
    assert r.returncode == 1
    assert "[confidential]" in r.stdout


def test_report_renders_json_to_html_and_lists_written_files(testdata, tmp_path):
    rj = tmp_path / "r.json"
    write_report(testdata / "sample" / "fail" / "manifest.yaml", rj)
    out = tmp_path / "r.html"
    r = run("report", rj, "-o", out, "--lang", "en", "--written-files")
    assert r.returncode == 0, r.stderr
    assert str(out) in r.stdout.splitlines()
    html = out.read_text(encoding="utf-8")
    assert "Verdict: FAIL" in html
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "r.json"], "nothing else written"


def test_report_rejects_a_malformed_json_with_exit_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"verdict": "pass"', encoding="utf-8")
    r = run("report", bad, "-o", tmp_path / "x.html")
    assert r.returncode == 2
    assert "bad.json" in r.stderr
    assert not (tmp_path / "x.html").exists()


def test_verify_matches_on_another_machine_layout(testdata, sample_copy, tmp_path):
    # The reviewer keeps the files somewhere else: paths in the report are relative, so it still matches.
    write_report(testdata / "sample" / "fail" / "manifest.yaml", tmp_path / "r.json")
    r = run("verify", tmp_path / "r.json", sample_copy / "fail" / "manifest.yaml")
    assert r.returncode == 0, r.stdout + r.stderr


def test_merge_report_lists_merges_and_marks_merged_areas(testdata, tmp_path):
    out = tmp_path / "merged"
    r = run("merge", testdata / "hospitals" / "sample" / "manifest.yaml", "-o", out)
    assert r.returncode in (0, 1), r.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    notes = [f for f in report["findings"] if f["rule"] == "3" and f["severity"] == "info"]
    merged_cells = sum(s == "merged" for t in report["tables"] for s in t["status"])
    assert notes and merged_cells > 0
    html = (out / "report.html").read_text(encoding="utf-8")
    section = html.split('<ul id="merges">')[1].split("</ul>")[0]
    assert section.count("<li>") == len(notes)
    assert html.count('class="merged"') == merged_cells + 1  # + the legend's sample cell
