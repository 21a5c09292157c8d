"""Exceptions (consent, approval, committee) are declared in the manifest and shown, never silent."""
import json
import shutil

from conftest import run


def sample_with(testdata, tmp_path, exceptions_yaml):
    dst = tmp_path / "sample"
    shutil.copytree(testdata / "sample", dst)
    manifest = dst / "fail" / "manifest.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + exceptions_yaml, encoding="utf-8")
    return manifest


def test_exception_is_listed_with_its_basis_and_the_rest_still_fails(testdata, tmp_path):
    r = run("check", testdata / "sample" / "fail" / "manifest.yaml", "--format", "json")
    first = next(f for f in json.loads(r.stdout)["findings"] if f["rule"] == "2")
    cell = ", ".join(f'{k}: "{v}"' for k, v in first["cell"].items())
    manifest = sample_with(testdata, tmp_path,
                           "exceptions:\n  - rule: \"2\"\n    table: t1\n"
                           f"    cells: [{{{cell}}}]\n    basis: committee\n    reference: 専門委員会 第3号\n")
    r = run("check", manifest, "--format", "json")
    assert r.returncode == 1, r.stderr  # 57 other small cells still fail
    report = json.loads(r.stdout)
    covered = [f for f in report["findings"] if "exception" in f]
    assert len(covered) == 1 and covered[0]["cell"] == first["cell"]
    assert covered[0]["exception"] == {"basis": "committee", "reference": "専門委員会 第3号"}
    assert report["exceptions"][0]["findings_covered"] == 1
    html = tmp_path / "r.html"
    run("check", manifest, "--format", "html", "-o", html)
    text = html.read_text(encoding="utf-8")
    assert "専門委員会の特別承認" in text and "専門委員会 第3号" in text


def test_an_exception_without_a_valid_basis_is_bad_input(testdata, tmp_path):
    manifest = sample_with(testdata, tmp_path,
                           "exceptions:\n  - rule: \"2\"\n    table: t1\n    basis: verbal\n    reference: x\n")
    r = run("check", manifest)
    assert r.returncode == 2
    assert "manifest.yaml" in r.stderr and "[basis]" in r.stderr
