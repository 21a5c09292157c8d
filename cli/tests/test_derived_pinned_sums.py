"""Rule ②: a sum of suppressed cells that a printed derived value pins through its rounding.

An age-standardised rate over the bands 0-39, 40-64 and 65+ of 甲町, whose first two bands carry a hundred
times the weight per population of the third, is printed with two decimals while every band is
suppressed: 0.34 gives 100·(c1 + c2) + c3 ∈ [704, 724] and, with c3 between 4 and 24, c1 + c2 = 7. Each
band alone stays safe, so rule ④ passes; before, so did the whole check. Every verdict here is checked
against a brute force over every integer completion of the published values."""
import itertools
import random
from fractions import Fraction
from math import floor

from conftest import run
import json

HEAD = """manifest_version: 1
policy: hyogo-2018
submission:
  title: 派生値が固定する秘匿セルの合計
  approval: {date: "2024-04-01", number: 兵庫県指令健第0000号}
  purpose: 試験
  publication: {venue: 例, date: "2025-01"}
  attribution: 本成果は、がん登録等の推進に関する法律に基づき提供を受けた情報を利用者が独自に作成・加工したものである。
dimensions:
  area:
    label: 市町
    codes:
      - {code: "T", label: 計}
      - {code: "A", label: 甲町, parent: "T"}
      - {code: "B", label: 乙町, parent: "T"}
  age:
    label: 年齢
    codes:
      - {code: 計, label: 計}
      - {code: a1, label: 0-39歳, parent: 計}
      - {code: a2, label: 40-64歳, parent: 計}
      - {code: a3, label: 65歳以上, parent: 計}
tables:
  - id: t1
    title: 表1
    file: t1.csv
    layout: long
    dimensions: {area: 市町, age: 年齢}
    count: 罹患数
    true_value_column: 真値
    derived:
      - column: 年齢調整罹患率
        kind: standardised_rate
        age: age
        per: 100000
        decimals: DECIMALS
        rounding: half_up
        population: {file: population.csv, column: 人口}
        standard: {file: standard_population.csv, column: 重み}
"""
AGES = ["a1", "a2", "a3"]
PER = 100000


def rate(counts, pops, weights):
    return sum(Fraction(w * c, p) for c, p, w in zip(counts, pops, weights)) * PER / sum(weights)


def printed(x, decimals):
    """Half-up rounding of the exact rate, as text."""
    scaled = floor(x * 10**decimals + Fraction(1, 2))
    unit = 10**decimals
    return f"{scaled // unit}.{scaled % unit:0{decimals}d}" if decimals else str(scaled)


def write_case(folder, a, b, pops, weights, decimals, print_b):
    """Counts a (甲町) and b (乙町) by band; every area cell suppressed, the bands' totals published."""
    totals = [x + y for x, y in zip(a, b)]
    rows = ["市町,年齢,罹患数,年齢調整罹患率,真値", f"T,計,{sum(totals)},,"]
    rows += [f"T,{g},{v},," for g, v in zip(AGES, totals)]
    for area, counts in (("A", a), ("B", b)):
        shown = area == "A" or print_b
        asr = printed(rate(counts, pops[area], weights), decimals) if shown else ""
        rows.append(f"{area},計,*,{asr},{sum(counts)}")
        rows += [f"{area},{g},*,,{v}" for g, v in zip(AGES, counts)]
    (folder / "manifest.yaml").write_text(HEAD.replace("DECIMALS", str(decimals)), encoding="utf-8")
    (folder / "t1.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    pop_rows = ["市町,年齢,人口"] + [f"{area},{g},{p}" for area in ("A", "B") for g, p in zip(AGES, pops[area])]
    (folder / "population.csv").write_text("\n".join(pop_rows) + "\n", encoding="utf-8")
    (folder / "standard_population.csv").write_text(
        "年齢,重み\n" + "".join(f"{g},{w}\n" for g, w in zip(AGES, weights)), encoding="utf-8")
    return totals


def completions(a, b, pops, weights, decimals, print_b):
    """Every integer table the published values allow: 甲町's bands c (乙町's are the totals minus c)."""
    totals = [x + y for x, y in zip(a, b)]
    shown = {"A": printed(rate(a, pops["A"], weights), decimals), "B": printed(rate(b, pops["B"], weights), decimals)}
    out = []
    for c in itertools.product(*(range(t + 1) for t in totals)):
        d = [t - x for t, x in zip(totals, c)]
        if printed(rate(c, pops["A"], weights), decimals) != shown["A"]:
            continue
        if print_b and printed(rate(d, pops["B"], weights), decimals) != shown["B"]:
            continue
        out.append(list(c) + d)
    return out


CELLS = [("A", g) for g in AGES] + [("B", g) for g in AGES]


def pinned_small_sums(points):
    """Sets of two or more suppressed band cells (at most one area's three) whose sum every completion
    gives the same value in 1..9; and whether any single cell is pinned."""
    sums = []
    for area in range(2):
        idx = [3 * area + k for k in range(3)]
        for r in (2, 3):
            for group in itertools.combinations(idx, r):
                values = {sum(p[i] for i in group) for p in points}
                if len(values) == 1 and 1 <= next(iter(values)) <= 9:
                    sums.append(frozenset(CELLS[i] for i in group))
    single = any(len({p[i] for p in points}) == 1 for i in range(6))
    return sums, single


def derived_sum_findings(folder):
    r = run("check", folder / "manifest.yaml", "--format", "json")
    assert r.returncode in (0, 1), r.stderr
    report = json.loads(r.stdout)
    found = [f for f in report["findings"] if f["rule"] == "2" and "派生値" in f["reason"]["ja"] and len(f["cells"]) > 1]
    return r.returncode, [frozenset((c["cell"]["area"], c["cell"]["age"]) for c in f["cells"]) for f in found]


POPS = {"A": [1000000, 1000000, 10000000], "B": [500000, 500000, 2000000]}
WEIGHTS = [1000, 1000, 100]


def test_a_standardised_rate_pinning_two_bands_sum_fails_rule_2(tmp_path):
    a, b = [3, 4, 12], [17, 16, 18]
    write_case(tmp_path, a, b, POPS, WEIGHTS, 2, False)
    points = completions(a, b, POPS, WEIGHTS, 2, False)
    assert {p[0] + p[1] for p in points} == {7}
    assert all(len({p[i] for p in points}) > 1 for i in range(6))  # no band alone: rule ④ passes
    code, found = derived_sum_findings(tmp_path)
    assert code == 1
    assert found == [frozenset({("A", "a1"), ("A", "a2")})]


def test_with_one_decimal_the_sum_is_free_and_the_check_passes(tmp_path):
    a, b = [3, 4, 12], [17, 16, 18]
    write_case(tmp_path, a, b, POPS, WEIGHTS, 1, False)
    points = completions(a, b, POPS, WEIGHTS, 1, False)
    assert len({p[0] + p[1] for p in points}) > 1
    assert pinned_small_sums(points) == ([], False)
    code, found = derived_sum_findings(tmp_path)
    assert (code, found) == (0, [])


def test_random_standardised_rates_never_pass_a_pinned_small_sum(tmp_path):
    rnd = random.Random(20261207)
    flagged = clean = 0
    for trial in range(40):
        folder = tmp_path / f"t{trial}"
        folder.mkdir()
        a = [rnd.randint(0, 9), rnd.randint(0, 9), rnd.randint(0, 20)]
        b = [rnd.randint(10, 20), rnd.randint(10, 20), rnd.randint(10, 20)]
        p3 = rnd.choice([10, 20, 50, 100])
        # Bands weighed alike, or almost (real populations: 100 : 101 : 1 pins c1 + c2 as well).
        pops = {"A": [1000000, rnd.choice([1000000, 990099, 1010000]), 1000000 * p3],
                "B": [rnd.choice([400000, 800000])] * 2 + [3000000]}
        weights = [1000, 1000, rnd.choice([100, 300, 1000])]
        decimals, print_b = rnd.choice([1, 2, 3]), rnd.random() < 0.5
        write_case(folder, a, b, pops, weights, decimals, print_b)
        points = completions(a, b, pops, weights, decimals, print_b)
        assert a + b in points
        sums, single = pinned_small_sums(points)
        code, found = derived_sum_findings(folder)
        # Every reported sum is pinned and small (the brute force agrees), and a pinned small sum
        # never passes.
        for group in found:
            assert group in sums, (trial, group, sums)
        if sums or single:
            assert code == 1, (trial, sums, single)
        if sums and not single:
            flagged += 1
            assert found, (trial, sums)
        if not sums:
            clean += 1
    assert flagged >= 5 and clean >= 5, (flagged, clean)


def test_a_share_of_a_suppressed_base_is_no_sum_to_bound(tmp_path):
    """女 2 of 14 printed as 14.2 % with 計 and 男 suppressed: the share ties 女 to 計, which holds it, so 女 + 計
    counts 女 twice and is no count (it once gave a rule ② warning 'not checked')."""
    from test_derived_intervals import HEAD as SHARE_HEAD, dimension, table
    (tmp_path / "manifest.yaml").write_text(
        SHARE_HEAD + "dimensions:\n" + dimension("sex", "0", ["1", "2"]) + table(["sex"], 1, '{sex: "0"}', "down"),
        encoding="utf-8")
    (tmp_path / "t1.csv").write_text("sex,件数,構成比,真値\n0,*,,14\n1,*,,12\n2,*,14.2,2\n", encoding="utf-8")
    r = run("check", tmp_path / "manifest.yaml", "--format", "json")
    assert r.returncode in (0, 1), r.stderr
    assert not [f for f in json.loads(r.stdout)["findings"] if f["rule"] == "2" and "派生値" in f["reason"]["ja"]]
