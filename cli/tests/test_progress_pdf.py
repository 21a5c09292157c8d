"""Progress on a terminal (a pseudo-terminal from Python's pty module) and never in a pipe; the A4 PDF
printed by `hitoku report REPORT.json -o report.pdf`, its first page rendered and read back."""
import fcntl
import json
import re
import shutil
import struct
import termios
import os
import pty
import subprocess
from pathlib import Path

import pytest

from browser import REPO, page_requests, read_ppm
from conftest import HITOKU, run


ARTIFACTS = Path(os.environ.get("HITOKU_ARTIFACTS", REPO / "build" / "test-artifacts"))


def run_on_terminal(*args, columns=160):
    """Runs hitoku with standard error on a pseudo-terminal `columns` wide; returns (exit code, stdout,
    what the terminal got)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    p = subprocess.Popen([HITOKU, *map(str, args)], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the terminal's other side closed
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    out = p.stdout.read()
    return p.wait(timeout=300), out.decode(), seen.decode("utf-8", "replace")


def test_progress_shows_on_a_terminal_with_stage_names(testdata):
    code, out, terminal = run_on_terminal("check", testdata / "sample" / "pass" / "manifest.yaml")
    assert code == 0
    assert "差分監査（規則④⑤） / differencing audit (rules ④⑤)" in terminal
    assert "提出物の読み込み / reading the submission" in terminal
    assert "\r\x1b[K" in terminal  # redrawn in place, and the line erased at the end
    assert terminal.rstrip("\r\n").endswith("\x1b[K"), "the bar is erased before the report is printed"
    assert out.startswith("判定: 適合")
    # A narrow terminal gets the Japanese words alone, so the line never wraps.
    _, _, narrow = run_on_terminal("check", testdata / "sample" / "pass" / "manifest.yaml", columns=60)
    assert "差分監査（規則④⑤）  [" in narrow and "differencing audit" not in narrow


def test_no_progress_in_a_pipe_or_with_quiet(testdata):
    r = run("check", testdata / "sample" / "pass" / "manifest.yaml")
    assert r.returncode == 0 and r.stderr == ""
    code, _, terminal = run_on_terminal("check", testdata / "sample" / "pass" / "manifest.yaml", "--quiet")
    assert code == 0 and terminal == ""


def test_protect_progress_names_its_rounds(testdata, tmp_path):
    code, _, terminal = run_on_terminal("protect", testdata / "sample" / "fail" / "manifest.yaml", "-o", tmp_path / "out")
    assert code == 0
    assert "二次秘匿の探索 / searching the secondary suppression" in terminal and "ラウンド 1" in terminal


@pytest.fixture(scope="module")
def fail_json(testdata, tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "report.json"
    assert run("check", testdata / "sample" / "fail" / "manifest.yaml", "--format", "json", "-o", path).returncode == 1
    return path


def test_pdf_is_a4_its_first_page_renders_the_verdict(fail_json, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    # The browser is wrapped to log its network activity: the PDF must not load anything.
    netlog = tmp_path / "net.json"
    wrapper = tmp_path / "chromium-logged"
    wrapper.write_text(f'#!/bin/sh\nexec chromium --log-net-log={netlog} --net-log-capture-mode=Everything "$@"\n')
    wrapper.chmod(0o755)
    env = dict(os.environ, HITOKU_CHROMIUM=str(wrapper))
    r = subprocess.run([HITOKU, "report", str(fail_json), "-o", str(out / "report.pdf"), "--written-files"],
                       capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == str(out / "report.pdf")
    assert sorted(p.name for p in out.iterdir()) == ["report.pdf"], "scratch files were left in the output folder"
    assert page_requests(json.loads(netlog.read_text(encoding="utf-8"))) == []
    info = subprocess.run(["pdfinfo", str(out / "report.pdf")], capture_output=True, text=True).stdout
    assert "(A4)" in info
    # Page 1's words with their boxes: the verdict is one word on one line (never wrapped), and the rules
    # not checked stand beside it on that line.
    boxes = subprocess.run(["pdftotext", "-bbox-layout", "-f", "1", "-l", "1", str(out / "report.pdf"), "-"],
                           capture_output=True, text=True).stdout
    words = {}  # the first box of each word (未確認 also appears in the rules table further down)
    for x0, y0, y1, w in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', boxes):
        words.setdefault(w, (float(y0), float(y1), float(x0)))
    verdict = words.get("判定：不適合（このままでは公表不可）")
    assert verdict, "the verdict is not one unbroken line on page 1"
    unchecked = words["未確認"]
    assert verdict[0] < (unchecked[0] + unchecked[1]) / 2 < verdict[1] and unchecked[2] > verdict[2]
    # Page 1 as an image: a PNG for people (kept with the test's files) and a PPM to look at: the verdict's
    # orange frame (#D55E00) is drawn in the top quarter of the page.
    subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-singlefile", "-png", str(out / "report.pdf"),
                    str(tmp_path / "page1")], check=True)
    assert (tmp_path / "page1.png").read_bytes()[:4] == b"\x89PNG"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(tmp_path / "page1.png", ARTIFACTS / "report-pdf-page1.png")
    subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(out / "report.pdf"), str(tmp_path / "page1")],
                   check=True)
    width, height, rows = read_ppm(tmp_path / "page1.ppm")
    assert abs(width / height - 210 / 297) < 0.01
    orange = sum(1 for row in rows[: height // 4] for x in range(0, width * 3, 3)
                 if abs(row[x] - 0xD5) < 30 and abs(row[x + 1] - 0x5E) < 30 and row[x + 2] < 40)
    assert orange > 200, "the verdict box is not on page 1"


def test_pdf_without_chromium_is_a_clear_error(fail_json, tmp_path):
    env = dict(os.environ, HITOKU_CHROMIUM=str(tmp_path / "no-such-browser"))
    r = subprocess.run([HITOKU, "report", str(fail_json), "-o", str(tmp_path / "r.pdf")], capture_output=True, text=True, env=env)
    assert r.returncode == 2 and "Chromium" in r.stderr
    assert not any(tmp_path.glob(".*")), "the scratch folder was removed"
