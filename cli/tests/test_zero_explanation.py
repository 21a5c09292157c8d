"""A suppressed cell pinned to 0 is explained by what pins it: a total printed as 0, or a total whose
other parts already reach its printed value (the explanation used to say "published as 0" for both)."""
import json

from conftest import run


def pinned_reasons(tmp_path, total, a1):
    (tmp_path / "t.csv").write_text(f"area,n\nT,{total}\na1,{a1}\na2,*\na3,*\n", encoding="utf-8")
    (tmp_path / "t_true.csv").write_text("area,n\na2,0\na3,0\n", encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text("""manifest_version: 1
submission: {title: zero}
policy: hyogo-2018
dimensions:
  area: {codes: [{code: T}, {code: a1, parent: T}, {code: a2, parent: T}, {code: a3, parent: T}]}
tables:
  - {id: t, title: 表, file: t.csv, layout: long, dimensions: {area: area}, count: n, true_values: t_true.csv}
""", encoding="utf-8")
    r = run("check", tmp_path / "manifest.yaml", "--format", "json")
    assert r.returncode == 1, r.stderr
    return [f["reason"] for f in json.loads(r.stdout)["findings"] if f["rule"] == "4" and f["severity"] == "error"]


def test_a_total_reached_by_its_other_parts_is_not_called_published_as_zero(tmp_path):
    reasons = pinned_reasons(tmp_path, 13, 13)
    assert len(reasons) == 2
    for reason in reasons:
        assert "他の内訳だけで公表値に達する" in reason["ja"] and "0と公表された" not in reason["ja"]
        assert "already add up to its printed value" in reason["en"]


def test_a_total_published_as_zero_says_so(tmp_path):
    reasons = pinned_reasons(tmp_path, 0, 0)
    assert reasons and all("0と公表されたセルに含まれる" in r["ja"] for r in reasons)


def test_a_cell_pinned_at_zero_prints_no_computation_of_zero_times_a_total(tmp_path):
    # The cells that pin it are named in the reason; "算出方法: 0×T" read as if T's value were used.
    pinned_reasons(tmp_path, 13, 13)
    text = run("check", tmp_path / "manifest.yaml")
    assert text.returncode == 1 and "残りの秘匿セルは0と分かります" in text.stdout
    assert "0×" not in text.stdout and "算出方法" not in text.stdout
    html = tmp_path / "report.html"
    r = run("check", tmp_path / "manifest.yaml", "--format", "html", "--output", html)
    assert r.returncode == 1, r.stderr
    page = html.read_text(encoding="utf-8")
    assert "0×" not in page and "算出方法" not in page
