"""Runs Debian's Chromium headless on a report, with no network, and reads what it shows and requests."""
import json
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAFE_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-default-apps", "--metrics-recording-only", "--no-pings",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]


def chromium(html, workdir, *extra):
    """Opens a file in Chromium; returns (stdout, net-log events)."""
    workdir = Path(workdir)
    netlog = workdir / "net.json"
    r = subprocess.run(
        ["chromium", *SAFE_FLAGS, f"--user-data-dir={workdir / 'profile'}", f"--log-net-log={netlog}",
         "--net-log-capture-mode=Everything", *extra, Path(html).resolve().as_uri()],
        capture_output=True, text=True, timeout=90)
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout, json.loads(netlog.read_text(encoding="utf-8"))


def page_requests(netlog):
    """URLs the page itself asked for (Chromium's own background calls carry no origin)."""
    names = {v: k for k, v in netlog["constants"]["logEventTypes"].items()}
    urls = []
    for e in netlog["events"]:
        p = e.get("params", {})
        if names[e["type"]] == "URL_REQUEST_START_JOB" and "url" in p and p.get("initiator") != "not an origin":
            urls.append(p["url"])
    return urls


# Measures the laid-out report in the page itself. The report forbids scripts (its Content-Security-Policy),
# so the test measures a copy without that one meta tag and with this script appended: the layout (CSS,
# fonts, width) is the report's own.
_MEASURE = """<script>
(() => {
  const lines = el => el ? new Set([...el.getClientRects()].map(r => Math.round(r.top))).size : 0;
  const text = document.querySelector('#verdict .verdict-text');
  const range = document.createRange();
  if (text) range.selectNodeContents(text);
  const rows = [...document.querySelectorAll('#rules td:nth-child(2), #intervals td:nth-child(4)')];
  const out = {
    verdict_lines: text ? new Set([...range.getClientRects()].map(r => Math.round(r.top))).size : 0,
    verdict_text: text ? text.innerText : null,
    unchecked: (document.querySelector('#unchecked') || {}).innerText || "",
    state_cells_max_lines: Math.max(0, ...rows.map(td => {
      const r = document.createRange(); r.selectNodeContents(td);
      return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; })),
    page_width: document.documentElement.scrollWidth,
    window_width: window.innerWidth,
    text: document.body.innerText,
  };
  const pre = document.createElement('pre'); pre.id = 'hitoku-measure';
  pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
})();
</script>"""


def measure_layout(html, workdir, width, height=1400, screenshot=None):
    """The report laid out at `width` CSS px: lines of the verdict, of each rule's verdict cell, the
    visible text. With `screenshot`, also saves a PNG of the report itself at that size."""
    import re as _re
    workdir = Path(workdir)
    source = Path(html).read_text(encoding="utf-8")
    probe = workdir / "measure.html"
    probe.write_text(_re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", source, count=1)
                     .replace("</body>", _MEASURE + "</body>"), encoding="utf-8")
    dom, _ = chromium(probe, workdir / "m", "--dump-dom", f"--window-size={width},{height}")
    found = _re.search(r'<pre id="hitoku-measure">(.*?)</pre>', dom, _re.S)
    assert found, "the measuring script did not run"
    import html as _html
    result = json.loads(_html.unescape(found.group(1)))
    if screenshot:
        chromium(html, workdir / "s", f"--screenshot={screenshot}", f"--window-size={width},{height}")
    return result


def png_size(path):
    """(width, height) of a PNG, from its header."""
    import struct
    data = Path(path).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def read_ppm(path):
    """(width, height, rows of RGB bytes) of a binary PPM (pdftoppm's default output)."""
    data = Path(path).read_bytes()
    fields, pos = [], 0
    while len(fields) < 4:  # P6 width height maxval, separated by whitespace
        while data[pos:pos + 1].isspace():
            pos += 1
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    assert fields[0] == b"P6" and fields[3] == b"255", "not an 8-bit binary PPM"
    width, height = int(fields[1]), int(fields[2])
    pixels = data[pos + 1:]
    return width, height, [pixels[y * width * 3:(y + 1) * width * 3] for y in range(height)]
