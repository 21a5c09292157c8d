"""hitoku.check on DataFrames built here: pass, fail, and every kind of bad input as an InputError that
names the table, the row (1-based position) and the column, as the CLI names file, line and field."""
import pandas as pd
import pytest

import hitoku
from conftest import METADATA, T1, T1_LEAVES, T1_SUPPRESSED, dimensions, t1_frame, with_totals


def small_published(frame):
    """Cells of a frame with a published count in 1..9 (rule ②), found without hitoku."""
    published = frame[~frame["suppressed"]] if "suppressed" in frame else frame
    small = published[(published["count"] >= 1) & (published["count"] <= 9)]
    return {(r.area, r.sex) for r in small.itertuples()}


def test_safe_table_passes_rule_2():
    report = hitoku.check({"t1": t1_frame()}, dimensions=dimensions(), metadata=METADATA)
    rules = report.rules.set_index("rule")
    assert rules.loc["2", "verdict"] == "pass"
    assert rules.loc["2", "cells_checked"] == len(T1) - len(T1_SUPPRESSED)
    assert report.findings.empty
    # The verdict passes only when no rule fails and rules ② and ④ were both checked.
    passes = not (rules["verdict"] == "fail").any() and rules.loc["4", "verdict"] != "not_checked"
    assert report.passed == passes
    assert report.verdict == ("pass" if passes else "fail")


def test_small_published_cells_fail_and_are_named():
    leaves = dict(T1_LEAVES)
    leaves[("28202", "2")] = 4  # published 4 (and 28202 計 becomes 20, 兵庫県 女 29)
    leaves[("28201", "1")] = 9
    frame = t1_frame(with_totals(leaves), suppressed=set())
    expected = small_published(frame)
    assert expected == {("28202", "2"), ("28201", "1")}
    report = hitoku.check({"t1": frame}, dimensions=dimensions(), metadata=METADATA)
    assert not report.passed
    assert report.verdict == "fail"
    f = report.findings
    rule2 = f[f["rule"] == "2"]
    assert set(zip(rule2["area"], rule2["sex"])) == expected
    assert (rule2["table"] == "t1").all()
    assert (rule2["severity"] == "error").all()
    assert set(rule2["cell_label"]) == {"t1: 尼崎市 × 女", "t1: 姫路市 × 男"}  # no title: the id
    assert all(r for r in rule2["reason_ja"]) and all(r for r in rule2["reason_en"])
    assert rule2["cell"].tolist()[0].keys() == {"area", "sex"}
    assert report.rules.set_index("rule").loc["2", "errors"] == 2


def test_missing_attribution_is_a_warning():
    meta = dict(METADATA, attribution="")
    report = hitoku.check({"t1": t1_frame()}, dimensions=dimensions(), metadata=meta)
    f = report.findings
    assert list(f["rule"]) == ["12(4)"] and list(f["severity"]) == ["warning"]


def test_status_column_and_markers_are_read_like_a_file():
    """The same table three ways: a suppressed flag, a status column, and "*" with a true_value column."""
    flag = t1_frame()
    status = flag.drop(columns="suppressed").assign(
        status=["suppressed" if s else "published" for s in flag["suppressed"]])
    marker = flag.drop(columns="suppressed").assign(
        true_value=[c if s else None for c, s in zip(flag["count"], flag["suppressed"])],
        count=["*" if s else c for c, s in zip(flag["count"], flag["suppressed"])])
    reports = [hitoku.check({"t1": f}, dimensions=dimensions(), metadata=METADATA).as_dict() for f in (flag, status, marker)]
    for r in reports:
        r.pop("generated_at"), r.pop("seal")
    assert reports[0] == reports[1] == reports[2]
    published = {tuple(c) for c in zip(flag["area"], flag["sex"])} - T1_SUPPRESSED
    table = reports[0]["tables"][0]
    assert table["published"].count(None) == len(T1_SUPPRESSED)
    assert sum(v is not None for v in table["published"]) == len(published)


def test_series_with_a_multiindex_is_accepted():
    frame = t1_frame(suppressed=set())
    series = frame.set_index(["area", "sex"])["count"]
    a = hitoku.check({"t1": series}, dimensions=dimensions(), metadata=METADATA).as_dict()
    b = hitoku.check({"t1": frame}, dimensions=dimensions(), metadata=METADATA).as_dict()
    a.pop("generated_at"), b.pop("generated_at"), a.pop("seal"), b.pop("seal")
    assert a == b


def expect_input_error(tables, **kw):
    kw.setdefault("dimensions", dimensions())
    with pytest.raises(hitoku.InputError) as info:
        hitoku.check(tables, metadata=METADATA, **kw)
    return info.value


def spoiled(row, column, value):
    frame = t1_frame()
    frame[column] = frame[column].astype(object)
    frame.at[row, column] = value
    return frame


# Row positions of t1_frame(): 1 = 28000 計, 2 = 28000 男, ..., 4 = 28100 計, 5 = 28100 男, 6 = 28100 女, ...
@pytest.mark.parametrize("kind, make, line, field, words", [
    ("negative count", lambda: spoiled(5, "count", -15), 6, "count", ["-15"]),
    ("non-integer count", lambda: spoiled(5, "count", 15.5), 6, "count", ["15.5"]),
    ("empty count", lambda: spoiled(5, "count", None), 6, "count", []),
    ("unknown code", lambda: spoiled(3, "area", "28199"), 4, "area", ["28199"]),
    ("duplicate cell", lambda: spoiled(5, "sex", "1"), 6, "count", ["28100", "5"]),
    ("missing cell", lambda: t1_frame().drop(index=5), 0, "area=28100, sex=2", ["神戸市 × 女"]),
    ("total mismatch", lambda: spoiled(0, "count", 92), 1, "count", ["91", "92"]),
    ("marker without true value", lambda: spoiled(5, "count", "*").drop(columns="suppressed"), 6, "count", ["神戸市 × 女"]),
    ("unknown status", lambda: spoiled(5, "suppressed", "yes"), 6, "suppressed", ["yes"]),
    ("missing count column", lambda: t1_frame().rename(columns={"count": "n"}), 0, "count", ["n"]),
])
def test_bad_input_names_table_row_and_column(kind, make, line, field, words):
    e = expect_input_error({"t1": make()})
    assert isinstance(e, ValueError)
    assert (e.file, e.line, e.field) == ("t1", line, field), (kind, str(e))
    place = "t1" + (":%d" % line if line else "") + " [%s]" % field
    first, second = str(e).splitlines()
    assert first == "エラー: %s: %s" % (place, e.message_ja)
    assert second == "error: %s: %s" % (place, e.message_en)
    for w in words:
        assert w in str(e), (w, str(e))


def test_bad_dimension_and_metadata_and_policy():
    e = expect_input_error({"t1": t1_frame()}, dimensions={"area": [{"code": "28000"}, {"code": "28100", "parent": "9"}],
                                                           "sex": dimensions()["sex"]})
    assert (e.file, e.line, e.field) == ("dimension:area", 2, "parent")
    e = expect_input_error({"t1": t1_frame()}, dimensions={"area": [{"code": "28000"}, {"code": "28000"}],
                                                           "sex": dimensions()["sex"]})
    assert (e.file, e.line, e.field) == ("dimension:area", 2, "code")
    with pytest.raises(hitoku.InputError) as info:
        hitoku.check({"t1": t1_frame()}, dimensions=dimensions(), metadata={"titel": "x"})
    assert (info.value.file, info.value.field) == ("metadata", "titel")
    e = expect_input_error({"t1": t1_frame()}, policy="no-such-policy")
    assert "no-such-policy" in str(e)


def test_table_with_renamed_columns_and_labels():
    """Columns named otherwise are mapped with hitoku.Table; labels stand for codes as in a file."""
    labels = {"28000": "兵庫県", "28100": "神戸市", "28201": "姫路市", "28202": "尼崎市"}
    frame = t1_frame().rename(columns={"area": "市町", "sex": "性別", "count": "罹患数"})
    frame["市町"] = frame["市町"].map(labels)
    table = hitoku.Table(frame, "表1", count="罹患数", dimensions={"area": "市町", "sex": "性別"})
    report = hitoku.check({"t1": table}, dimensions=dimensions(), metadata=METADATA)
    plain = hitoku.check({"t1": t1_frame()}, dimensions=dimensions(), metadata=METADATA)
    assert report.rules.equals(plain.rules)
    with pytest.raises(hitoku.InputError) as info:
        bad = frame.copy()
        bad.at[2, "罹患数"] = -1
        hitoku.check({"t1": hitoku.Table(bad, count="罹患数", dimensions={"area": "市町", "sex": "性別"})},
                     dimensions=dimensions(), metadata=METADATA)
    assert (info.value.file, info.value.line, info.value.field) == ("t1", 3, "罹患数")


def test_no_column_is_silently_ignored():
    """An undeclared column is an input error naming it; ignore_columns keeps the reason in the report and
    not_modelled fails rule ④ until the reviewer has checked it (issue 19)."""
    frame = t1_frame().assign(note="")
    with pytest.raises(hitoku.InputError) as err:
        hitoku.check({"t1": frame}, dimensions=dimensions(), metadata=METADATA)
    assert err.value.field == "note"
    ignored = hitoku.check({"t1": hitoku.Table(frame, "表1", ignore_columns={"note": "注記だけ"})},
                           dimensions=dimensions(), metadata=METADATA)
    assert ignored.verdict == hitoku.check({"t1": t1_frame()}, dimensions=dimensions(), metadata=METADATA).verdict
    assert any("注記だけ" in r for r in ignored.findings["reason_ja"])
    modelled = hitoku.check({"t1": hitoku.Table(frame, "表1", not_modelled={"note": "生存率"})},
                            dimensions=dimensions(), metadata=METADATA)
    assert modelled.verdict == "fail"
