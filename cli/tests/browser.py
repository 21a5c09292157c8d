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
