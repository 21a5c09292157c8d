"""Shared fixtures: where the CLI and the test data are, and small tables built by hand.

area: 28000 兵庫県 (total) = 28100 神戸市 + 28201 姫路市 + 28202 尼崎市;  sex: 0 計 = 1 男 + 2 女.
t1 (area × sex), totals computed by with_totals():
                 計   男   女
  28100 神戸市    40   25   15
  28201 姫路市    25   15*  10*      * suppressed: a rectangle with 尼崎市
  28202 尼崎市    26   16*  10*
  28000 兵庫県    91   56   35
Worked by hand, an attacker who sees the published cells knows, with x = 姫路市 男:
  姫路市 女 = 25 - x, 尼崎市 男 = 56 - 25 - x = 31 - x, 尼崎市 女 = 26 - (31 - x) = x - 5,
and all four are >= 0, so x in [5, 25]: 姫路市 男 [5, 25], 姫路市 女 [0, 20], 尼崎市 男 [6, 26],
尼崎市 女 [0, 20]. No suppressed value can be recovered.
"""
import json
import os
import subprocess
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
HITOKU = os.environ.get("HITOKU_BIN", str(ROOT / "build" / "cli" / "hitoku"))
TESTDATA = Path(os.environ.get("HITOKU_TESTDATA", ROOT / "testdata"))

AREA = [
    {"code": "28000", "label": "兵庫県", "parent": None},
    {"code": "28100", "label": "神戸市", "parent": "28000"},
    {"code": "28201", "label": "姫路市", "parent": "28000"},
    {"code": "28202", "label": "尼崎市", "parent": "28000"},
]
SEX = pd.DataFrame({"code": ["0", "1", "2"], "label": ["計", "男", "女"], "parent": ["", "0", "0"]})
METADATA = {
    "title": "テスト提出",
    "approval": {"date": "2024-04-01", "number": "兵庫県指令健第0000号"},
    "purpose": "研究",
    "publication": {"venue": "学会", "date": "2024-11"},
    "attribution": "本成果は、がん登録等の推進に関する法律に基づき兵庫県から提供を受けた全国がん登録情報を利用し、"
                   "利用者が独自に作成・加工したものである。",
}

AREAS, SEXES = ["28100", "28201", "28202"], ["1", "2"]
# (area, sex) -> count of the leaf cells.
T1_LEAVES = {("28100", "1"): 25, ("28100", "2"): 15, ("28201", "1"): 15, ("28201", "2"): 10,
             ("28202", "1"): 16, ("28202", "2"): 10}
T1_SUPPRESSED = {("28201", "1"), ("28201", "2"), ("28202", "1"), ("28202", "2")}
# The hand-worked attacker intervals above.
T1_INTERVALS = {("28201", "1"): (5, 25), ("28201", "2"): (0, 20), ("28202", "1"): (6, 26), ("28202", "2"): (0, 20)}


def with_totals(leaves):
    """Adds the 計 column, the 兵庫県 row and the grand total by summing leaves."""
    cells = dict(leaves)
    for a in AREAS:
        cells[(a, "0")] = sum(leaves[(a, s)] for s in SEXES)
    for s in SEXES + ["0"]:
        cells[("28000", s)] = sum(cells[(a, s)] for a in AREAS)
    return dict(sorted(cells.items()))


T1 = with_totals(T1_LEAVES)


def dimensions():
    return {"area": AREA, "sex": SEX}


def t1_frame(values=None, suppressed=None):
    """t1 in long form with a `suppressed` flag column (the count holds the true value)."""
    values = values or T1
    suppressed = T1_SUPPRESSED if suppressed is None else suppressed
    rows = [{"area": a, "sex": s, "count": v, "suppressed": (a, s) in suppressed} for (a, s), v in values.items()]
    return pd.DataFrame(rows)


def run_cli(*args):
    return subprocess.run([HITOKU, *map(str, args)], capture_output=True, text=True, timeout=120)


def cli_json(manifest):
    """`hitoku check MANIFEST --format json`: (exit code, report dict or None, stdout, stderr)."""
    r = run_cli("check", manifest, "--format", "json")
    return r.returncode, (json.loads(r.stdout) if r.stdout.strip() else None), r.stdout, r.stderr


def rule(report_dict, number):
    return next(r for r in report_dict["rules"] if r["rule"] == number)


@pytest.fixture(scope="session")
def cli():
    assert Path(HITOKU).exists(), f"hitoku binary not found at {HITOKU} (set HITOKU_BIN)"
    return HITOKU
