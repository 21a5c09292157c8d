"""The quick start in docs/python.md and the README's Python example run as written."""
import os
import re
import subprocess
import sys

from conftest import HITOKU, ROOT


def python_blocks(path, after=None):
    text = path.read_text(encoding="utf-8")
    if after:
        text = text[text.index(after):]
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def run_python(code, cwd):
    # As the README says: python/ and build/python on PYTHONPATH (made absolute, the code runs elsewhere).
    path = os.pathsep.join(os.path.abspath(p) for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=path)
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_quick_start_runs_as_written(tmp_path):
    blocks = python_blocks(ROOT / "docs" / "python.md")
    assert len(blocks) >= 2
    r = run_python("\n".join(blocks), tmp_path)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0] == "fail"
    assert "姫路市 × 女" in r.stdout
    assert (tmp_path / "report.html").exists() and (tmp_path / "report.json").exists()
    # The written submission is one the CLI reads (a verdict, not bad input).
    cli = subprocess.run([HITOKU, "check", tmp_path / "submission" / "manifest.yaml"], capture_output=True, text=True)
    assert cli.returncode in (0, 1), cli.stderr
    # The protect section's tables, as written, pass the CLI's check.
    assert "pass" in lines
    cli = subprocess.run([HITOKU, "check", tmp_path / "protected" / "manifest.yaml"], capture_output=True, text=True)
    assert cli.returncode == 0, cli.stderr


def test_readme_example_runs_as_written(tmp_path):
    (block,) = python_blocks(ROOT / "README.md", after="## Python")
    assert len(block.strip().splitlines()) <= 12
    r = run_python(block, tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "fail"
    assert "28201" in r.stdout
    assert (tmp_path / "report.html").exists()
