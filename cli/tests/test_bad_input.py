"""Every kind of bad input: exit code 2, never a verdict, and a message naming file, line and field
(expected places come from testdata/bad/expected.json, written by the generator that planted the error)."""
import json
import os
from pathlib import Path

import pytest

from conftest import TESTDATA, run, tree_hashes

EXPECTED = json.loads((TESTDATA / "bad" / "expected.json").read_text(encoding="utf-8"))


def from_current_folder(path):
    """How hitoku prints a file in an error: from the current folder, absolute when not below it."""
    path, cwd = Path(os.path.abspath(path)), Path.cwd()
    return str(path.relative_to(cwd)) if path.is_relative_to(cwd) else str(path)


def place(where, manifest):
    """How hitoku writes a position: file[:line][ [field]] (see SourcePos::describe); the expected file
    is named relative to the manifest's folder."""
    name = from_current_folder(manifest.parent / where["file"])
    text = name + (":%d" % where["line"] if where["line"] else "")
    return text + (" [%s]" % where["field"] if where["field"] else "")


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_bad_input_exits_2_and_names_the_place(testdata, kind):
    where = EXPECTED[kind]
    folder = testdata / "bad" / kind
    manifest = folder / "manifest.yaml"
    before = tree_hashes(folder)
    for fmt in ("text", "json"):
        r = run("check", manifest, "--format", fmt)
        assert r.returncode == 2, (kind, r.stdout, r.stderr)
        assert r.stdout == "", "bad input must not produce a report"
        err_lines = r.stderr.splitlines()
        assert any(line.startswith("エラー: " + place(where, manifest) + ": ") for line in err_lines), r.stderr
        assert any(line.startswith("error: " + place(where, manifest) + ": ") for line in err_lines), r.stderr
        for word in where["words"]:
            assert word in r.stderr, (word, r.stderr)
    assert tree_hashes(folder) == before


def test_missing_manifest_exits_2(tmp_path):
    r = run("check", tmp_path / "nothing.yaml")
    assert r.returncode == 2
    assert "nothing.yaml" in r.stderr
