"""The HTML report opened in a real browser (headless Chromium, no network): what a reader sees."""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from browser import REPO, chromium, page_requests
from conftest import run

ARTIFACTS = Path(os.environ.get("HITOKU_ARTIFACTS", REPO / "build" / "test-artifacts"))


@pytest.fixture(scope="module")
def fail_report(testdata, tmp_path_factory):
    out = tmp_path_factory.mktemp("html") / "report.html"
    r = run("check", testdata / "sample" / "fail" / "manifest.yaml", "--format", "html", "-o", out)
    assert r.returncode == 1
    return out


def test_browser_shows_verdict_marked_cells_and_legend(fail_report, tmp_path):
    dom, netlog = chromium(fail_report, tmp_path, "--dump-dom")
    verdict = re.search(r'<div class="verdict fail" id="verdict"><span class="verdict-text">(.*?)</span>', dom)
    assert verdict and verdict.group(1) == "判定：不適合（このままでは公表不可）"
    # Every rule ② finding is drawn as a marked cell (the legend holds one more sample cell).
    assert dom.count('class="violation"') == 58 + 1
    assert "一次秘匿（規則②：1〜9件）" in dom and "違反のあるセル" in dom
    assert page_requests(netlog) == [], "the report must not request anything"


def test_request_detector_sees_a_page_that_loads_something(tmp_path):
    # Negative control: a page with one external image must be caught by the same check.
    leaky = tmp_path / "leaky.html"
    leaky.write_text('<html><body><img src="http://tracker.invalid/p.png"></body></html>', encoding="utf-8")
    _, netlog = chromium(leaky, tmp_path, "--dump-dom")
    assert any("tracker.invalid" in u for u in page_requests(netlog))


def test_screenshot_of_the_sample_report_is_saved(testdata, tmp_path):
    out = tmp_path / "report.html"
    run("check", testdata / "sample" / "pass" / "manifest.yaml", "--format", "html", "-o", out)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "sample-report.png"
    shot.unlink(missing_ok=True)
    chromium(out, tmp_path, f"--screenshot={shot}", "--window-size=1100,1500")
    assert shot.exists() and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20000  # a rendered page, not a blank one


def test_pdf_for_archiving_is_a4_with_japanese_text(fail_report, tmp_path):
    pdf = tmp_path / "report.pdf"
    r = subprocess.run(["bash", str(REPO / "scripts" / "report-pdf.sh"), str(fail_report), str(pdf)],
                       capture_output=True, text=True, timeout=180)
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.pdf"], "the browser profile was removed"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "(A4)" in info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "判定：不適合" in text  # Japanese glyphs with a Unicode map: a reader and a search both see them
    assert "違反のあるセル" in text
