"""A relocatable install: `cmake --install` to a prefix, then the installed binary, run from another folder
with no HITOKU_* variables, finds the installed policies, reference data and synthetic hospital list."""
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

BUILD = os.environ.get("HITOKU_BUILD_DIR", str(Path(__file__).resolve().parents[2] / "build"))


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    staging = tmp_path_factory.mktemp("install")
    r = subprocess.run(["cmake", "--install", BUILD, "--prefix", staging / "first"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    # Moved after installing: nothing may depend on the prefix it was installed to.
    prefix = staging / "moved"
    shutil.move(staging / "first", prefix)
    policy = prefix / "share" / "hitoku" / "policies" / "hyogo-2018.yaml"
    # Made distinguishable from the source tree's copy, so the report shows which one was read.
    policy.write_text(policy.read_text(encoding="utf-8") + "# installed copy\n", encoding="utf-8")
    return prefix


def run_installed(prefix, *args, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith("HITOKU_")}
    return subprocess.run([prefix / "bin" / "hitoku", *map(str, args)], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=120)


def test_installed_binary_checks_the_sample_from_another_folder(installed, testdata, tmp_path):
    shutil.copytree(testdata / "sample", tmp_path / "sample")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    r = run_installed(installed, "check", "../sample/pass/manifest.yaml", "--format", "json", cwd=elsewhere)
    assert r.returncode == 0, r.stdout + r.stderr
    report = json.loads(r.stdout)
    assert report["verdict"] == "pass"
    installed_policy = installed / "share" / "hitoku" / "policies" / "hyogo-2018.yaml"
    assert report["policy"]["sha256"] == hashlib.sha256(installed_policy.read_bytes()).hexdigest()


def test_installed_synth_defaults_point_into_the_prefix(installed, tmp_path):
    r = run_installed(installed, "synth", "--help", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    share = str(installed / "share" / "hitoku")
    assert f"{share}/hospitals/hyogo_hospitals_synthetic.csv" in r.stdout
    assert f"{share}/reference/hyogo_municipalities.csv" in r.stdout
    out = tmp_path / "extract.csv"
    r = run_installed(installed, "synth", "-o", out, "--records", "50", cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 51
