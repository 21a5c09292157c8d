"""Every kind of bad input: exit code 2, never a verdict, and a message naming file, line and field
(expected places come from testdata/bad/expected.json, written by the generator that planted the error)."""
import json

import pytest

from conftest import TESTDATA, run, tree_hashes

EXPECTED = json.loads((TESTDATA / "bad" / "expected.json").read_text(encoding="utf-8"))


def place(where, manifest):
    """How hitoku writes a position: file[:line][ [field]] (see SourcePos::describe)."""
    name = str(manifest) if where["file"] == "manifest.yaml" else where["file"]
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
