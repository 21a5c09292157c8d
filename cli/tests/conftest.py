"""Shared helpers: where the hitoku binary and the test data are, and how to run it."""
import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest

HITOKU = os.environ.get("HITOKU_BIN", str(Path(__file__).resolve().parents[2] / "build" / "cli" / "hitoku"))
TESTDATA = Path(os.environ.get("HITOKU_TESTDATA", Path(__file__).resolve().parents[2] / "testdata"))


def run(*args, cwd=None, timeout=120):
    """Runs hitoku; `timeout` only guards against a hang (a slow shared machine is not a failure)."""
    return subprocess.run([HITOKU, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=timeout)


def check_json(manifest):
    """Runs `hitoku check --format json`; returns (exit code, report or None, stderr)."""
    r = run("check", manifest, "--format", "json")
    report = json.loads(r.stdout) if r.stdout.strip() else None
    return r.returncode, report, r.stderr


def rule_findings(manifest, rule):
    """Runs `hitoku check --format json` on a manifest that must load; returns (exit code, that rule's findings)."""
    r = run("check", manifest, "--format", "json")
    assert r.returncode in (0, 1), r.stderr
    return r.returncode, [f for f in json.loads(r.stdout)["findings"] if f["rule"] == rule]


def tree_hashes(folder):
    """SHA-256 of every file under a folder, to prove hitoku changed nothing."""
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(Path(folder).rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def testdata():
    assert Path(HITOKU).exists(), f"hitoku binary not found at {HITOKU} (set HITOKU_BIN)"
    return TESTDATA
