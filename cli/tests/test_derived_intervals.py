"""The intervals printed for suppressed cells tied together by a percentage always hold the true count.

A share 100·x/base over a suppressed base is solved with integer ends (Cbc), while the exact points
that prove safety may be rational: 14.2 % (rounded down) has the rational point x = 1/7, base = 1, but
no integer base below 7. The report once printed [1, 7] for a base of 14 (the rational points' range),
and printed the range of its exact points instead of the attacker's interval where those did not reach
the ends. Each interval is checked here against a brute force over the integer counts, or against the
true counts of random three-way tables."""
import json
import random
from decimal import Decimal, ROUND_HALF_UP

from conftest import run

NO_UPPER = 2**63 - 1  # the report's upper end of an interval without one (docs/report-schema.md)

HEAD = """manifest_version: 1
policy: hyogo-2018
submission:
  title: 構成比の区間
  approval: {date: "2024-04-01", number: 兵庫県指令健第0000号}
  purpose: 試験
  publication: {venue: 例, date: "2025-01"}
  attribution: 本成果は、がん登録等の推進に関する法律に基づき提供を受けた情報を利用者が独自に作成・加工したものである。
"""


def dimension(name, total, leaves):
    codes = f'      - {{code: "{total}", label: {total}}}\n'
    codes += "".join(f'      - {{code: "{c}", label: {c}, parent: "{total}"}}\n' for c in leaves)
    return f"  {name}:\n    label: {name}\n    codes:\n{codes}"


def table(dims, decimals, base, rounding="half_up"):
    columns = ", ".join(f"{d}: {d}" for d in dims)
    return f"""tables:
  - id: t1
    title: 表1
    file: t1.csv
    layout: long
    dimensions: {{{columns}}}
    count: 件数
    true_value_column: 真値
    derived:
      - column: 構成比
        kind: percent
        base: {base}
        decimals: {decimals}
        rounding: {rounding}
"""


def intervals(folder, *extra):
    r = run("check", folder / "manifest.yaml", "--format", "json", *extra)
    assert r.returncode in (0, 1), r.stderr
    return {tuple(sorted(c["cell"].items())): c for c in json.loads(r.stdout)["suppressed_cells"]}


def test_a_share_of_a_suppressed_total_gives_integer_intervals_equal_to_a_brute_force(tmp_path):
    # 女 2 of 14 printed as 14.2 % (rounded down); 計 and 男 suppressed too.
    (tmp_path / "manifest.yaml").write_text(
        HEAD + "dimensions:\n" + dimension("sex", "0", ["1", "2"]) + table(["sex"], 1, '{sex: "0"}', "down"),
        encoding="utf-8")
    (tmp_path / "t1.csv").write_text("sex,件数,構成比,真値\n0,*,,14\n1,*,,12\n2,*,14.2,2\n", encoding="utf-8")
    cells = intervals(tmp_path)
    # Every integer completion up to a total of 400: 1420 <= 10000·f/total < 1430.
    points = [(t, t - f, f) for t in range(1, 401) for f in range(t + 1) if 1420 * t <= 10000 * f < 1430 * t]
    assert (14, 12, 2) in points
    for k, code in enumerate(["0", "1", "2"]):
        c = cells[(("sex", code),)]
        assert not c["recoverable"] and not c["unproven"], c
        assert c["interval"]["lower"] == min(p[k] for p in points), c
        assert c["interval"]["upper"] == NO_UPPER, c  # the completions go on: (f, total) + (1, 7) keeps 14.28…
    assert max(p[0] for p in points) >= 390 and max(p[2] for p in points) >= 55


def random_three_way(folder, seed):
    rnd = random.Random(seed)
    towns, ages, sexes = ["A", "B", "C", "D"][:rnd.choice([2, 3, 4])], ["y", "m", "o"][:rnd.choice([2, 3])], ["M", "F"]
    totals = {"area": "T", "age": "AT", "sex": "ST"}
    base_dim = rnd.choice(list(totals))
    decimals = rnd.choice([0, 1, 1])
    inner = {(t, a, s): rnd.randint(0, 15) for t in towns for a in ages for s in sexes}

    def value(cell):
        return sum(v for k, v in inner.items() if all(c in (part, tot) for c, part, tot in zip(cell, k, totals.values())))

    cells = [(t, a, s) for t in ["T", *towns] for a in ["AT", *ages] for s in ["ST", *sexes]]
    suppressed = {c for c in cells if 1 <= value(c) <= 9 or rnd.random() < 0.75}
    rows = []
    for c in cells:
        base = list(c)
        base[list(totals).index(base_dim)] = totals[base_dim]
        share = ""
        if rnd.random() < 0.1 and value(base) > 0:
            q = Decimal(1) if decimals == 0 else Decimal("0.1")
            share = str((Decimal(100 * value(c)) / Decimal(value(base))).quantize(q, rounding=ROUND_HALF_UP))
        hidden = c in suppressed
        rows.append(f"{','.join(c)},{'*' if hidden else value(c)},{share},{value(c) if hidden else ''}")
    folder.mkdir()
    dims = "dimensions:\n" + dimension("area", "T", towns) + dimension("age", "AT", ages) + dimension("sex", "ST", sexes)
    base = f'{{{base_dim}: "{totals[base_dim]}"}}'
    (folder / "manifest.yaml").write_text(HEAD + dims + table(["area", "age", "sex"], decimals, base), encoding="utf-8")
    (folder / "t1.csv").write_text("area,age,sex,件数,構成比,真値\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return value


def test_every_printed_interval_holds_the_true_count_in_random_tables_with_shares(tmp_path):
    shown = 0
    for seed in range(20, 46):
        value = random_three_way(tmp_path / str(seed), seed)
        for key, c in intervals(tmp_path / str(seed)).items():
            if c["interval"] is None:
                continue
            shown += 1
            truth = value(tuple(dict(key)[d] for d in ("area", "age", "sex")))
            iv = c["interval"]
            assert iv["lower"] <= truth <= iv["upper"], (seed, key, truth, c)
            if c["inner_interval"]:  # proven values lie inside the attacker's interval
                inner = c["inner_interval"]
                assert iv["lower"] <= inner["lower"] and inner["upper"] <= iv["upper"], (seed, key, c)
    assert shown > 100  # the tables leave many cells with intervals to check


def test_an_inner_interval_is_shown_in_a_confidential_report_only(testdata, tmp_path):
    """The inner interval is the hull of points that include the true counts, so it always holds the true
    value: an outer [0, 32] beside an inner [0, 1] would tell nearly the count. A report to share leaves it out.
    testdata/cyclic_inner: area × site, area × age, site × age (40 × 10 × 10), a pattern `protect` made."""
    confidential = intervals(testdata / "cyclic_inner", "--confidential")
    shared = intervals(testdata / "cyclic_inner")
    assert confidential.keys() == shared.keys()
    inner_shown = 0
    for key, c in confidential.items():
        assert shared[key]["inner_interval"] is None, (key, shared[key])
        assert shared[key]["interval"] == c["interval"] and shared[key]["outer_bound"] == c["outer_bound"]
        inner_shown += c["inner_interval"] is not None
    assert inner_shown > 100  # the cyclic set leaves outer bounds with their inner intervals


def test_a_primary_reach_finding_prints_no_inner_end(testdata, tmp_path):
    """With primary_upper_reach, a hidden 1–9 whose reach is not proven fails; in a cyclic set its inner
    upper end comes from points that include the true count (an inner [0, 1] over a true 1): the finding
    prints the outer bound, never the inner end."""
    import shutil
    folder = tmp_path / "reach"
    shutil.copytree(testdata / "cyclic_inner", folder)
    policy = (testdata.parent / "policies" / "hyogo-2018.yaml").read_text(encoding="utf-8")
    policy = policy.replace("id: hyogo-2018", "id: reach", 1).replace("primary_upper_reach: false", "primary_upper_reach: true")
    assert "primary_upper_reach: true" in policy
    (folder / "reach.yaml").write_text(policy, encoding="utf-8")
    manifest = folder / "manifest.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("policy: hyogo-2018", "policy: reach.yaml"), encoding="utf-8")
    r = run("check", manifest, "--format", "json")
    report = json.loads(r.stdout)
    cells = {(c["table"], tuple(sorted(c["cell"].items()))): c for c in report["suppressed_cells"]}
    reach = [f for f in report["findings"] if "primary_upper_reach" in f["reason"]["en"]]
    assert r.returncode == 1 and reach, report["rules"]
    for f in reach:
        cell = cells[(f["table"], tuple(sorted(f["cell"].items())))]
        assert f["interval"] == cell["interval"], (f, cell)
        if cell["outer_bound"]:
            assert "cannot be shown to reach" in f["reason"]["en"], f["reason"]["en"]
