"""Linked tables (sharing dimensions) checked together, written out for the CLI, and earlier publications."""
import pandas as pd
import pytest

import hitoku
from conftest import METADATA, T1, T1_INTERVALS, T1_SUPPRESSED, cli_json, dimensions, rule, t1_frame

SITE = [{"code": "C00-C96", "label": "全部位"}, {"code": "C16", "label": "胃", "parent": "C00-C96"},
        {"code": "C18-C20", "label": "大腸", "parent": "C00-C96"}]


def t2_frame(small=False):
    """t2 (area × site), men: its 全部位 column equals t1's 男 column. Leaves: 神戸市 胃 10 + 大腸 15 = 25;
    姫路市 胃 5 + 大腸 10 = 15; 尼崎市 胃 6 + 大腸 10 = 16; 兵庫県: 胃 21, 大腸 35, 全部位 56.
    姫路市 and 尼崎市 are suppressed (all sites) as in t1, unless `small`: then everything is published."""
    leaves = {("28100", "C16"): 10, ("28100", "C18-C20"): 15, ("28201", "C16"): 5, ("28201", "C18-C20"): 10,
              ("28202", "C16"): 6, ("28202", "C18-C20"): 10}
    rows = []
    for area in ["28000", "28100", "28201", "28202"]:
        for site in ["C00-C96", "C16", "C18-C20"]:
            if area == "28000":
                v = sum(leaves[(a, site)] for a in ["28100", "28201", "28202"]) if site != "C00-C96" else T1[("28000", "1")]
            elif site == "C00-C96":
                v = leaves[(area, "C16")] + leaves[(area, "C18-C20")]
            else:
                v = leaves[(area, site)]
            hidden = area in ("28201", "28202") and not small
            # sex = 1 says the table is about men; without it t2 would claim to count both sexes.
            rows.append({"area": area, "site": site, "sex": "1", "count": v, "suppressed": hidden})
    return pd.DataFrame(rows)


def dims_with_site():
    return {**dimensions(), "site": SITE}


def test_linked_tables_each_checked_and_named():
    t2 = t2_frame(small=True)  # publishes 姫路市 胃 5 and 尼崎市 胃 6: rule ② in t2 only
    report = hitoku.check({"t1": t1_frame(), "t2": t2}, dimensions=dims_with_site(), metadata=METADATA)
    f = report.findings
    rule2 = f[f["rule"] == "2"]
    assert set(zip(rule2["table"], rule2["area"], rule2["site"])) == {("t2", "28201", "C16"), ("t2", "28202", "C16")}
    assert (rule2["sex"] == "1").all()  # t2 is the men's table
    assert not report.passed


def test_linked_tables_written_out_give_the_cli_the_same_verdict(cli, tmp_path):
    sub = hitoku.submission({"t1": t1_frame(), "t2": t2_frame()}, dimensions=dims_with_site(), metadata=METADATA)
    written = sub.write(tmp_path / "manifest.yaml")
    assert str(tmp_path / "manifest.yaml") in written
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left
    ours = hitoku.check(sub).as_dict()
    code, theirs, _, err = cli_json(tmp_path / "manifest.yaml")
    assert theirs is not None, err
    assert code == (0 if ours["verdict"] == "pass" else 1)
    for key in ("verdict", "rules", "findings", "suppressed_cells", "tables", "submission", "policy"):
        assert ours[key] == theirs[key], key
    # Reading the written set back gives the same tables.
    back = hitoku.load_submission(tmp_path / "manifest.yaml")
    for tid, frame in sub.tables.items():
        pd.testing.assert_frame_equal(back.tables[tid], frame)


def test_suppression_undone_by_a_linked_table_is_found():
    """The plainest leak across tables: t2 prints 姫路市 全部位 (men) = 15, the cell t1 suppresses as 姫路市 男."""
    t2 = t2_frame()
    t2.loc[(t2["area"] == "28201") & (t2["site"] == "C00-C96"), "suppressed"] = False
    report = hitoku.check({"t1": t1_frame(), "t2": t2}, dimensions=dims_with_site(), metadata=METADATA)
    as_dict = report.as_dict()
    assert rule(as_dict, "4")["verdict"] == "fail"
    assert not report.passed
    iv = report.intervals
    hime = iv[(iv["table"] == "t1") & (iv["area"] == "28201") & (iv["sex"] == "1")]
    assert len(hime) == 1 and hime["recoverable"].all()
    # Its interval would be its true value (15), so the report withholds it.
    assert hime["lower"].isna().all() and hime["upper"].isna().all()


def test_safe_rectangle_intervals_are_the_hand_worked_ones():
    report = hitoku.check({"t1": t1_frame()}, dimensions=dimensions(), metadata=METADATA)
    assert rule(report.as_dict(), "4")["verdict"] == "pass"
    iv = report.intervals
    assert list(iv.columns[:5]) == ["table", "area", "sex", "cell", "cell_label"]
    got = {(a, s): (lo, hi) for a, s, lo, hi in zip(iv["area"], iv["sex"], iv["lower"], iv["upper"])}
    assert got == T1_INTERVALS
    assert not iv["recoverable"].any()
    assert set(got) == T1_SUPPRESSED


def test_earlier_publication_is_kept_apart():
    earlier = t1_frame(suppressed=set())  # the same table published before in full
    sub = hitoku.submission({"t1": t1_frame()}, dimensions=dimensions(), metadata=METADATA,
                            earlier_publications={"old": earlier})
    assert set(sub.tables) == {"t1"} and set(sub.earlier_publications) == {"old"}
    report = hitoku.check(sub)
    tables = {t["id"]: t for t in report.as_dict()["tables"]}
    assert tables["old"]["earlier_publication"] and not tables["t1"]["earlier_publication"]
    if rule(report.as_dict(), "5")["verdict"] != "not_checked":
        # Everything t1 suppresses was printed before: rule ⑤ must fail.
        assert not report.passed
        assert rule(report.as_dict(), "5")["verdict"] == "fail"


def test_linked_tables_that_contradict_each_other_are_bad_input_naming_both():
    """t2's 全部位 for men must equal t1's 男 column; add one case to 神戸市 胃 (and the totals above it, so t2
    adds up by itself) and the two tables tell different stories: an InputError, not a rule ④ finding."""
    t2 = t2_frame()
    bump = t2["area"].isin(["28100", "28000"]) & t2["site"].isin(["C00-C96", "C16"])
    t2.loc[bump, "count"] += 1
    with pytest.raises(hitoku.InputError) as info:
        hitoku.submission({"t1": t1_frame(), "t2": t2}, dimensions=dims_with_site(), metadata=METADATA)
    text = str(info.value)
    # 兵庫県 × 男: 57 in t2 (its first row), 56 in t1; both named with their rows.
    assert "t2:1 [count]" in text and "57" in text
    assert "t1:" in text and "56" in text
    assert "食い違います" in text and "one count must have one value" in text


def test_two_groupings_of_one_variable_are_audited_across():
    """Medical areas (A = 神戸市 + 姫路市) and health districts (C = 神戸市): A − C = 姫路市 = 3, a small count
    no table prints. Declared with variable=, the two groupings are linked as in a manifest; a `variable`
    column in the codes is an error, never silently dropped."""
    g1 = pd.DataFrame({"code": ["T", "A", "B", "a1", "a2", "a3"], "label": ["兵庫県", "A圏域", "B圏域", "神戸市", "姫路市", "尼崎市"],
                       "parent": ["", "T", "T", "A", "A", "B"]})
    g2 = pd.DataFrame({"code": ["T", "C", "D", "a1", "a2", "a3"], "label": ["兵庫県", "C保健所", "D保健所", "神戸", "姫路", "尼崎"],
                       "parent": ["", "T", "T", "C", "D", "D"]})
    tables = {"t1": hitoku.Table(pd.DataFrame({"g1": ["T", "A", "B"], "count": [55, 25, 30]}), "表1 医療圏別"),
              "t2": hitoku.Table(pd.DataFrame({"g2": ["T", "C", "D"], "count": [55, 22, 33]}), "表2 保健所別")}
    linked = {"g1": hitoku.Dimension(g1, variable="area"), "g2": hitoku.Dimension(g2, variable="area")}
    report = hitoku.check(tables, dimensions=linked, metadata=METADATA)
    small = report.findings[(report.findings["rule"] == "2") & (report.findings["severity"] == "error")]
    assert not report.passed and len(small) >= 1, report.findings
    sub = hitoku.submission(tables, dimensions=linked, metadata=METADATA)
    assert sub.dimensions["g2"].attrs["variable"] == "area"
    with pytest.raises(ValueError, match="variable="):
        hitoku.Dimension(g1.assign(variable="area"))
