"""Where input files may come from (--allow-folder) and how errors name them: a path the user can
open from the folder hitoku was run in (issue 16)."""
import re
import shutil
from pathlib import Path

from conftest import run
from test_input_hardening import base_submission, replace_in


def move_table_out(testdata, tmp_path):
    """The base submission with its table moved to a sibling folder, `elsewhere`."""
    manifest = base_submission(testdata, tmp_path / "sub")
    (tmp_path / "elsewhere").mkdir()
    shutil.move(tmp_path / "sub" / "t1.csv", tmp_path / "elsewhere" / "t1.csv")
    replace_in(manifest, "file: t1.csv", "file: ../elsewhere/t1.csv")
    return manifest


def test_a_table_outside_the_manifest_folder_needs_allow_folder(testdata, tmp_path):
    manifest = move_table_out(testdata, tmp_path)
    r = run("check", manifest)
    assert r.returncode == 2, r.stderr
    assert r.stdout == ""
    assert "../elsewhere/t1.csv" in r.stderr and "outside the manifest's folder" in r.stderr, r.stderr
    # Allowed by name on the command line (relative to the current folder), the submission is read.
    r = run("check", manifest, "--allow-folder", "elsewhere", cwd=tmp_path)
    assert r.returncode in (0, 1), r.stderr
    assert "outside" not in r.stderr
    # Another folder allowed does not let this one in; the option repeats.
    (tmp_path / "other").mkdir()
    r = run("check", manifest, "--allow-folder", "other", cwd=tmp_path)
    assert r.returncode == 2 and "outside the manifest's folder" in r.stderr, r.stderr
    r = run("check", "--allow-folder", "other", "--allow-folder", tmp_path / "elsewhere", manifest)
    assert r.returncode in (0, 1), r.stderr


def test_every_command_that_loads_a_manifest_takes_allow_folder(testdata, tmp_path):
    manifest = move_table_out(testdata, tmp_path)
    allow = ("--allow-folder", tmp_path / "elsewhere")
    for command in (["protect", manifest, "-o", tmp_path / "out"], ["merge", manifest, "-o", tmp_path / "merged"]):
        refused = run(*command)
        assert refused.returncode == 2 and "outside the manifest's folder" in refused.stderr, refused.stderr
        allowed = run(*command, *allow)
        assert "outside" not in allowed.stderr, allowed.stderr
    report = tmp_path / "report.json"
    r = run("check", manifest, "--format", "json", "-o", report, *allow)
    assert r.returncode in (0, 1), r.stderr
    assert run("verify", report, manifest).returncode == 2
    r = run("verify", report, manifest, *allow)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "--allow-folder" in run("tables", "--help").stdout


def printed_path(stderr):
    """The file an `error:` line names (before `:line` or ` [field]`)."""
    line = next(l for l in stderr.splitlines() if l.startswith("error: "))
    return re.match(r"error: (.+?)(:\d+)?( \[[^\]]*\])?: ", line).group(1)


def test_a_bad_table_is_named_by_a_path_from_the_current_folder(testdata, tmp_path):
    manifest = base_submission(testdata, tmp_path / "repo" / "subs" / "sub")
    replace_in(manifest.parent / "t1.csv", "\n", "\n\"unclosed\n")
    for cwd in (tmp_path / "repo", tmp_path / "repo" / "subs" / "sub", tmp_path / "repo" / "subs"):
        r = run("check", manifest.relative_to(cwd) if cwd != tmp_path else manifest, cwd=cwd)
        assert r.returncode == 2, r.stderr
        shown = printed_path(r.stderr)
        assert not Path(shown).is_absolute(), shown
        assert shown.endswith("t1.csv"), r.stderr
        assert (cwd / shown).resolve() == (manifest.parent / "t1.csv").resolve(), (cwd, r.stderr)


def test_a_bad_manifest_is_named_by_a_path_from_the_current_folder(testdata, tmp_path):
    manifest = base_submission(testdata, tmp_path / "repo" / "sub")
    replace_in(manifest, "manifest_version: 1", "manifest_version: 7")
    for cwd, typed in ((tmp_path / "repo", "./sub/../sub/manifest.yaml"), (tmp_path / "repo" / "sub", "manifest.yaml")):
        r = run("check", typed, cwd=cwd)
        assert r.returncode == 2, r.stderr
        shown = printed_path(r.stderr)
        assert (cwd / shown).resolve() == manifest.resolve() and ".." not in shown, r.stderr
