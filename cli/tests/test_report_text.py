"""The text report reads without repetition: a table's title once per section, a leak's equation once,
the interval notation explained once, and the rules not checked named on the verdict line."""
import re

from conftest import run


def sections(text):
    """The findings and the interval list of a text report."""
    findings = text.split("指摘事項", 1)[1].split("秘匿セルの推定区間", 1)[0]
    intervals = text.split("秘匿セルの推定区間", 1)[1]
    return findings, intervals


def test_fail_report_names_each_title_once_per_section(testdata):
    r = run("check", testdata / "sample" / "fail" / "manifest.yaml")
    assert r.returncode == 1
    text = r.stdout
    assert text.splitlines()[0] == "判定: 不適合 (FAIL)　③ 未確認"
    findings, intervals = sections(text)
    for title in ("表1 市町・二次保健医療圏別、性別 膵臓がん罹患数", "表2 市町・二次保健医療圏別、部位別 がん罹患数（男女計）"):
        assert findings.count(title) == 1, title
        assert intervals.count(title) <= 1, title
    # A rule ④ finding: its cell without the title, its leak with the other table's id, and no
    # 算出方法 line repeating the equation of the reason.
    leak = re.search(r"④ 違反  稲美町 × 膵臓\n +(.*)\n", findings)
    assert leak and leak.group(1) == "秘匿セルの値が公表セルの加減算で求められます: [t1] 稲美町 × 膵臓 × 男 + [t1] 稲美町 × 膵臓 × 女"
    assert "算出方法" not in findings
    assert intervals.count("[下限, 上限]") == 1  # the legend, once


def test_pass_report_headline_and_english(testdata):
    ja = run("check", testdata / "sample" / "pass" / "manifest.yaml").stdout
    assert ja.splitlines()[0] == "判定: 適合 (PASS)　③ 未確認"
    en = run("check", testdata / "sample" / "pass" / "manifest.yaml", "--lang", "en").stdout
    assert en.splitlines()[0] == "Verdict: PASS (③ not checked)"
    assert en.count("[lower, upper]") == 1
