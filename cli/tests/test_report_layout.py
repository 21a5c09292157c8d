"""The HTML report as a reviewer sees it, laid out by headless Chromium at A4 width and at 1280 px:
Japanese words only (no enum name of the JSON format), the verdict on one line, every rule not checked
named in the headline. Screenshots go to the test artifacts."""
import os
import re
from pathlib import Path

import pytest

from browser import REPO, measure_layout, png_size
from conftest import run

ARTIFACTS = Path(os.environ.get("HITOKU_ARTIFACTS", REPO / "build" / "test-artifacts"))
A4_CSS_PX = 794  # 210 mm at 96 px per inch, the width Chromium prints A4 at
# Values of the JSON format a renderer could leak into a cell (statuses, input roles, rule states).
ENUM_NAMES = re.compile(r"\b(suppressed_by_user|suppressed_primary|suppressed_secondary|suppressed|published|merged|"
                        r"true_values|earlier_publication|dimension|population|adjacency|hospitals|reference|"
                        r"extract|manifest|not_checked|pass|fail|warn|error|warning|info)\b")


def visible_words(text):
    """The report's visible text without the parts that are the user's own (file names, hashes)."""
    return re.sub(r"[\w./-]+\.(csv|yaml|xlsx|html|json|pdf)|\b[0-9a-f]{64}\b", "", text)


@pytest.fixture(scope="module")
def reports(testdata, tmp_path_factory):
    out = tmp_path_factory.mktemp("layout")
    made = {}
    for name in ("pass", "fail"):
        for lang in ("ja", "en"):
            path = out / f"{name}-{lang}.html"
            r = run("check", testdata / "sample" / name / "manifest.yaml", "--format", "html", "--lang", lang, "-o", path)
            assert r.returncode == (0 if name == "pass" else 1), r.stderr
            made[name, lang] = path
    return made


@pytest.mark.parametrize("width", [A4_CSS_PX, 1280])
@pytest.mark.parametrize("name", ["pass", "fail"])
def test_japanese_report_layout(reports, tmp_path, name, width):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / f"report-{name}-{width}px.png"
    shot.unlink(missing_ok=True)
    m = measure_layout(reports[name, "ja"], tmp_path, width, screenshot=shot)
    assert png_size(shot) == (width, 1400)
    expected = "判定：適合（公表可）" if name == "pass" else "判定：不適合（このままでは公表不可）"
    assert m["verdict_text"] == expected
    assert m["verdict_lines"] == 1, "the verdict wraps"
    assert m["state_cells_max_lines"] == 1, "a verdict in the rules or intervals table wraps"
    # The sample declares no hospital geography: the headline itself says ③ was not checked.
    assert m["unchecked"] == "③ 未確認"
    leaked = sorted(set(ENUM_NAMES.findall(visible_words(m["text"]))))
    assert leaked == [], f"English enum names in the Japanese report: {leaked}"
    # Words a reviewer needs, in Japanese: cell statuses and input roles.
    assert "提出者の秘匿" in m["text"] and "コード一覧" in m["text"] and "マニフェスト" in m["text"]


def test_enum_detector_sees_an_enum_name():
    # Negative control: the old rendering's status and role columns.
    assert ENUM_NAMES.findall(visible_words("三田市 × 男\tsuppressed_by_user\t[6, 20]\tt1.csv\ttrue_values"))


def test_english_report_uses_words_too(reports, tmp_path):
    m = measure_layout(reports["pass", "en"], tmp_path, 1280)
    assert m["verdict_text"] == "Verdict: PASS" and m["verdict_lines"] == 1
    assert m["unchecked"] == "③ not checked"
    assert "suppressed by the submitter" in m["text"] and "code list" in m["text"]
    assert not re.search(r"\b(suppressed_by_user|true_values|not_checked)\b", m["text"])
