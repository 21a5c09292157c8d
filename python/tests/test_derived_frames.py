"""Derived values declared on DataFrames (issue 19): a rate column read from the frame or computed by the
engine, populations as DataFrames or paths; a rate that gives a suppressed count away fails (brute force
over integer counts written here agrees), fewer decimals pass; bad input names table, row and column."""
import pandas as pd
import pytest

import hitoku
from conftest import METADATA, TESTDATA

AREA = {"area": [{"code": "0", "label": "計"}, {"code": "a1", "label": "甲町", "parent": "0"},
                 {"code": "a2", "label": "乙町", "parent": "0"}, {"code": "a3", "label": "丙町", "parent": "0"}]}
POP = pd.DataFrame({"area": ["0", "a1", "a2", "a3"], "人口": [1000000, 250000, 250000, 500000]})


def frame(rates=None):
    """total 30; a1 = 1 and a2 = 12 suppressed; a3 = 17."""
    f = pd.DataFrame({"area": ["0", "a1", "a2", "a3"], "count": [30, 1, 12, 17],
                      "suppressed": [False, True, True, False]})
    if rates is not None:
        f["粗罹患率"] = rates
    return f


def printed(count, pop, decimals):
    """count * 100000 / pop rounded half-up to `decimals`, in integers (value * 10^decimals)."""
    return (2 * count * 100000 * 10 ** decimals + pop) // (2 * pop)


def text(scaled, decimals):
    s = str(scaled).rjust(decimals + 1, "0")
    return s if decimals == 0 else s[:-decimals] + "." + s[-decimals:]


def rate(decimals, population=POP):
    return {"column": "粗罹患率", "kind": "rate", "per": 100000, "decimals": decimals,
            "population": {"file": population, "column": "人口"}}


def brute_a1(decimals, shown):
    """Values of a1 consistent with a1 + a2 = 13 and a1's printed rate."""
    return [x for x in range(14) if printed(x, 250000, decimals) == shown]


@pytest.mark.parametrize("decimals", [1, 0])
def test_rate_in_the_frame_beside_a_suppressed_count(decimals):
    shown = printed(1, 250000, decimals)
    rates = [text(printed(c, p, decimals), decimals) for c, p in zip([30, 1, 12, 17], POP["人口"])]
    rates[2] = ""  # a2's rate not printed
    table = hitoku.Table(frame(rates), "表1", derived=[rate(decimals)])
    report = hitoku.check({"t1": table}, dimensions=AREA, metadata=METADATA)
    pinned = len(brute_a1(decimals, shown)) == 1
    assert pinned == (decimals == 1)
    f = report.findings
    named = f[(f["rule"] == "4") & f["reason_ja"].str.contains("粗罹患率") & (f["severity"] == "error")]
    assert (len(named) > 0) == pinned
    assert report.passed == (not pinned)


def test_rate_computed_by_the_engine_from_a_population_file(tmp_path):
    """A declared column the frame lacks is computed from the true counts and rounded as declared; beside
    a suppressed count it gets the marker. The population comes from a CSV path; the written table
    carries the column."""
    path = tmp_path / "pop.csv"
    POP.to_csv(path, index=False)
    table = hitoku.Table(frame(), "表1", derived=[rate(1, population=path)])
    report = hitoku.check({"t1": table}, dimensions=AREA, metadata=METADATA)
    assert report.passed
    sub = hitoku.submission({"t1": table}, dimensions=AREA, metadata=METADATA)
    sub.write(tmp_path / "out" / "m.yaml")
    written = pd.read_csv(tmp_path / "out" / "t1.csv", dtype=str, keep_default_na=False)
    rates = dict(zip(written["area"], written["粗罹患率"]))
    assert rates == {"0": text(printed(30, 1000000, 1), 1), "a1": "*", "a2": "*", "a3": text(printed(17, 500000, 1), 1)}
    # Re-audit of what is written, by brute force: a1 + a2 = 13 and each shown rate as printed.
    consistent = [x for x in range(14)
                  if all(shown == "*" or shown == text(printed(v, 250000, 1), 1)
                         for v, shown in ((x, rates["a1"]), (13 - x, rates["a2"])))]
    assert 1 in consistent and len(consistent) > 1
    assert hitoku.check(hitoku.load_submission(tmp_path / "out" / "m.yaml")).passed


def test_bad_derived_input_names_table_row_and_column():
    with pytest.raises(hitoku.InputError) as err:  # a printed rate that does not match the true count
        hitoku.check({"t1": hitoku.Table(frame(["3.0", "0.8", "", "3.4"]), derived=[rate(1)])}, dimensions=AREA,
                     metadata=METADATA)
    assert (err.value.file, err.value.line, err.value.field) == ("t1", 2, "粗罹患率")
    with pytest.raises(hitoku.InputError) as err:  # no population for a2
        hitoku.check({"t1": hitoku.Table(frame(), derived=[rate(1, population=POP[POP["area"] != "a2"])])},
                     dimensions=AREA, metadata=METADATA)
    assert err.value.file == "t1" and err.value.field == "population"
    assert "a2" in str(err.value)
    with pytest.raises(hitoku.InputError) as err:  # a population of 0
        zero = POP.assign(人口=[1000000, 0, 250000, 500000])
        hitoku.check({"t1": hitoku.Table(frame(), derived=[rate(1, population=zero)])}, dimensions=AREA,
                     metadata=METADATA)
    assert (err.value.file, err.value.line) == ("t1.粗罹患率.population", 2)
    with pytest.raises(hitoku.InputError) as err:  # an unknown key
        hitoku.check({"t1": hitoku.Table(frame(), derived=[{**rate(1), "decimal": 2}])}, dimensions=AREA,
                     metadata=METADATA)
    assert (err.value.file, err.value.field) == ("t1", "decimal")
    with pytest.raises(hitoku.InputError) as err:  # decimals out of range
        hitoku.check({"t1": hitoku.Table(frame(), derived=[rate(7)])}, dimensions=AREA, metadata=METADATA)
    assert (err.value.file, err.value.field) == ("t1", "decimals")


def test_submission_tables_carry_the_derived_values_as_printed():
    """Submission.tables: every derived column as printed (the file's text, None where blank, the marker
    where suppressed), long and wide (a block file of the counts' layout); protect's withheld values show
    the marker beside every suppressed count."""
    import csv
    long_sub = hitoku.load_submission(TESTDATA / "derived" / "manifest.yaml")
    t1 = long_sub.tables["t1"]
    with open(TESTDATA / "derived" / "t1.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(t1)
    by_cell = {(r["市町コード"], r["年齢"]): r for r in rows}
    for _, row in t1.iterrows():
        source = by_cell[(row["area"], row["age"])]
        for column in ("粗罹患率", "構成比", "年齢調整罹患率"):
            assert row[column] == (source[column] or None), (column, row["area"], row["age"])
    assert t1.attrs["derived"]["粗罹患率"] == {"kind": "rate", "decimals": 1, "withheld": 0}
    assert t1.attrs["derived"]["年齢調整罹患率"]["kind"] == "standardised_rate"

    wide = hitoku.load_submission(TESTDATA / "derived_wide" / "manifest.yaml").tables["t1"]
    with open(TESTDATA / "derived_wide" / "t1_rate.csv", encoding="utf-8") as f:
        block = list(csv.reader(f))
    for _, row in wide.iterrows():
        line = next(r for r in block[1:] if r[0] == row["area"])
        assert row["粗罹患率"] == line[block[0].index(row["age"])]

    protected = hitoku.protect(long_sub)
    t1 = protected.tables["t1"]
    hidden = t1[t1["status"] != "published"]
    assert len(hidden) > 0
    assert all(v == "*" for v in hidden["粗罹患率"])
    assert t1.attrs["derived"]["粗罹患率"]["withheld"] == len(hidden)
