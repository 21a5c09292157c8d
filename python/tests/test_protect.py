"""hitoku.protect gives what `hitoku protect` gives on the bundled sample, protects a small DataFrame table
in a way verified here by brute force (no engine), names a forced conflict, and is deterministic.

The small table (area x age, totals computed by with_totals()):
                 計   1    2    3
  28100 神戸市    42   12   14   16
  28201 姫路市    35   11    4*  20      * the only count in 1..9: rule ② suppresses it (primary),
  28202 尼崎市    48   15   18   15        and one cell in its row and column is not enough: the
  28000 兵庫県   125   38   36   51        engine must add secondary cells until no value is recoverable.
"""
import csv
import itertools

import pandas as pd
import pytest

import hitoku
from conftest import AREA, METADATA, TESTDATA, run_cli

SAMPLE = TESTDATA / "sample" / "fail" / "manifest.yaml"
AREAS, AGES = ["28100", "28201", "28202"], ["1", "2", "3"]
AGE = [{"code": "0", "label": "計"}] + [{"code": a, "label": "年齢%s" % a, "parent": "0"} for a in AGES]
LEAVES = {("28100", "1"): 12, ("28100", "2"): 14, ("28100", "3"): 16,
          ("28201", "1"): 11, ("28201", "2"): 4, ("28201", "3"): 20,
          ("28202", "1"): 15, ("28202", "2"): 18, ("28202", "3"): 15}


def with_totals(leaves):
    cells = dict(leaves)
    for a in AREAS:
        cells[(a, "0")] = sum(leaves[(a, g)] for g in AGES)
    for g in AGES + ["0"]:
        cells[("28000", g)] = sum(cells[(a, g)] for a in AREAS)
    return cells


def small_frame():
    return pd.DataFrame([{"area": a, "age": g, "count": v} for (a, g), v in with_totals(LEAVES).items()])


def protect_small(**kwargs):
    return hitoku.protect({"t": hitoku.Table(small_frame(), "表")}, dimensions={"area": AREA, "age": AGE},
                          metadata=METADATA, **kwargs)


def feasible_values(published):
    """Brute force, independent of the engine: every integer table (cells >= 0) that agrees with the
    published cells and adds up, as {cell: set of values the cell takes}. Leaves range over 0..their
    smallest published total; row by row, a row's hidden leaves must add up to its published total."""
    cells = with_totals(LEAVES)
    grand = published.get(("28000", "0"), cells[("28000", "0")])
    options = []
    for a in AREAS:
        hidden = [(a, g) for g in AGES if (a, g) not in published]
        known = sum(LEAVES[(a, g)] for g in AGES if (a, g) in published)
        bounds = [min(published.get((a, "0"), grand), published.get(("28000", g), grand)) for _, g in hidden]
        row = [dict(zip(hidden, v)) for v in itertools.product(*(range(b + 1) for b in bounds))
               if (a, "0") not in published or known + sum(v) == published[(a, "0")]]
        options.append(row)
    seen = {k: set() for k in cells if k not in published}
    for parts in itertools.product(*options):
        table = dict(LEAVES)
        for part in parts:
            table.update(part)
        full = with_totals(table)
        if all(full[k] == v for k, v in published.items()):
            for k in seen:
                seen[k].add(full[k])
    return seen


def test_sample_same_pattern_as_cli(cli, tmp_path):
    sub = hitoku.load_submission(SAMPLE)
    before = {tid: frame.copy() for tid, frame in sub.tables.items()}
    result = hitoku.protect(sub)
    assert result.passed and result.report.verdict == "pass"
    assert result.stats["primary"] > 0 and result.stats["secondary"] > 0
    assert result.gap is None  # greedy: no bound reported through .gap
    assert result.stats["polished"]  # a small sample: the greedy pattern was polished, as in the CLI
    for tid, frame in sub.tables.items():  # the input is left alone
        pd.testing.assert_frame_equal(frame, before[tid])

    r = run_cli("protect", SAMPLE, "-o", tmp_path)
    assert r.returncode == 0, r.stderr
    with open(tmp_path / "changes.csv", encoding="utf-8-sig", newline="") as f:
        theirs = list(csv.DictReader(f))
    ours = result.changes[["table", "cell", "label", "status", "rule", "reason_ja", "reason_en"]]
    assert ours.to_dict("records") == theirs
    assert set(result.changes["area"].dropna()) <= set(sub.dimensions["area"]["code"])  # a column per dimension

    # The statuses are the ones the CLI wrote (read back, a marker is "suppressed" whichever the reason).
    written = hitoku.load_submission(tmp_path / "manifest.yaml")
    for tid, frame in result.tables.items():
        back = written.tables[tid]
        pd.testing.assert_frame_equal(back.drop(columns="status"), frame.drop(columns="status"))
        assert (back["status"] != "published").tolist() == (frame["status"] != "published").tolist(), tid
    # Every cell changed is listed with its new status, and nothing else changed.
    listed = {(c["table"], c["cell"]): c["status"] for c in theirs}
    for tid, frame in result.tables.items():
        dims = [d for d in frame.columns if d not in ("count", "status")]
        for row, old in zip(frame.to_dict("records"), before[tid]["status"]):
            key = (tid, ";".join("%s=%s" % (d, row[d]) for d in sorted(dims)))
            assert listed.get(key, old) == row["status"], key

    # The protected set passes the check, also from its DataFrames, and from what it writes.
    assert hitoku.check(result.submission).passed
    assert hitoku.check(result.tables, dimensions=sub.dimensions, metadata=sub.metadata).passed
    result.submission.write(tmp_path / "py" / "manifest.yaml")
    assert run_cli("check", tmp_path / "py" / "manifest.yaml").returncode == 0


def test_frames_primary_and_secondary_verified_by_brute_force():
    result = protect_small()
    frame = result.tables["t"]
    assert list(frame.columns) == ["area", "age", "count", "status"]
    status = {(a, g): s for a, g, s in zip(frame["area"], frame["age"], frame["status"])}
    count = {(a, g): v for a, g, v in zip(frame["area"], frame["age"], frame["count"])}
    assert count == with_totals(LEAVES)  # true values kept
    small = {k for k, v in count.items() if 1 <= v <= 9}
    assert small == {("28201", "2")}
    assert {k for k, s in status.items() if s == "suppressed_primary"} == small
    secondary = {k for k, s in status.items() if s == "suppressed_secondary"}
    assert secondary  # a lone suppressed cell is recovered from its row total
    assert set(status.values()) <= {"published", "suppressed_primary", "suppressed_secondary"}

    # Nobody can recover a suppressed value from the published cells (brute force over integer tables).
    published = {k: v for k, v in count.items() if status[k] == "published"}
    for cell, values in feasible_values(published).items():
        assert count[cell] in values and len(values) >= 2, cell

    changes = result.changes
    assert set(zip(changes["area"], changes["age"])) == {k for k, s in status.items() if s != "published"}
    assert "count" not in changes.columns and not any("value" in c for c in changes.columns)
    assert result.passed
    assert hitoku.check({"t": frame}, dimensions={"area": AREA, "age": AGE}, metadata=METADATA).passed


def test_forced_conflict_names_the_cell():
    with pytest.raises(hitoku.ProtectionError) as info:
        protect_small(keep=["t:area=28201,age=2"])
    e = info.value
    assert e.conflicts and e.message_ja and e.message_en
    assert "表: 姫路市 × 年齢2" in e.cells
    assert "表: 姫路市 × 年齢2" in str(e)
    assert "keep t:area=28201,age=2" in e.message_en


def test_forced_cells_are_honoured():
    # Keeping the grand total published and suppressing a cell the engine would not pick.
    result = protect_small(keep=["t:area=28000,age=0"], suppress=["t:area=28100,age=1"])
    status = {(a, g): s for a, g, s in zip(*(result.tables["t"][c] for c in ("area", "age", "status")))}
    assert status[("28000", "0")] == "published"
    assert status[("28100", "1")] == "suppressed_by_user"
    assert result.passed


def test_bad_forced_cell_is_input_error():
    with pytest.raises(hitoku.InputError) as info:
        protect_small(keep=["t:area=99999,age=0"])
    assert "99999" in str(info.value)


def test_same_input_same_pattern():
    a, b = protect_small(), protect_small()
    pd.testing.assert_frame_equal(a.tables["t"], b.tables["t"])
    pd.testing.assert_frame_equal(a.changes, b.changes)
    sub = hitoku.load_submission(SAMPLE)
    x, y = hitoku.protect(sub), hitoku.protect(sub)
    for tid in x.tables:
        pd.testing.assert_frame_equal(x.tables[tid], y.tables[tid])
    pd.testing.assert_frame_equal(x.changes, y.changes)


def test_optimal_reports_its_gap():
    greedy = protect_small()
    result = protect_small(method="optimal", time_limit=20)
    assert result.passed
    assert 0 <= result.gap <= 1
    assert result.lower_bound <= result.stats["cost"] + 1e-9
    # Least cost: never more cells than the greedy pattern under the default cost (count).
    n = lambda r: int((r.tables["t"]["status"] != "published").sum())  # noqa: E731
    assert n(result) <= n(greedy)


def test_progress_and_arguments():
    calls = []
    protect_small(progress=lambda stage, done, total: calls.append(stage))
    assert calls

    class Stop(Exception):
        pass

    def stop(stage, done, total):
        raise Stop(stage)

    with pytest.raises(Stop):
        protect_small(progress=stop)
    with pytest.raises(ValueError):
        protect_small(method="fast")
    with pytest.raises(ValueError):
        protect_small(cost="weights")
    with pytest.raises(TypeError):
        protect_small(keep="t:area=28000,age=0")


def test_polish_groups_as_in_the_cli():
    sub = hitoku.load_submission(SAMPLE)
    polished = hitoku.protect(sub)
    alone = hitoku.protect(sub, polish_groups=0)
    assert polished.stats["polished"] and not alone.stats["polished"]
    assert polished.stats["cost"] <= alone.stats["cost"]
    assert alone.report.verdict == "pass"
    with pytest.raises(ValueError):
        hitoku.protect(sub, polish_groups=-1)
