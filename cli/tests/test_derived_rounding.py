"""A derived value whose rounding the manifest does not name: the reader may know the author's rule.

A share printed 0.5 (1 decimal) of a published 1,500 beside a suppressed 8: rounded half up it allows 7 and 8,
truncated it allows only 8. With no `rounding:` hitoku took half up and passed; a table truncated by its author
gave the count away. Now every rule that prints the value from the true count (half_up, half_even, down) bounds
it: the interval is their intersection. Checked against a brute force over every count."""
import json
import random
from fractions import Fraction
from math import floor

from conftest import run
from manifest_dims import SEX_TABLE

MANIFEST = SEX_TABLE + """    derived:
      - column: 構成比
        kind: percent
        base: {sex: "0"}
        decimals: DECIMALS
ROUNDING"""


def rounded(x, decimals, rule):
    """The printed digits (scaled by 10^decimals) of a nonnegative rational under a rounding rule."""
    scaled = x * 10**decimals
    low = floor(scaled)
    rest = scaled - low
    if rule == "down":
        return low
    if rule == "half_up":
        return low + (rest >= Fraction(1, 2))
    return low + (rest > Fraction(1, 2) or (rest == Fraction(1, 2) and low % 2 == 1))  # half_even


def text(digits, decimals):
    unit = 10**decimals
    return f"{digits // unit}.{digits % unit:0{decimals}d}" if decimals else str(digits)


def write(folder, total, men, decimals, rounding):
    folder.mkdir(exist_ok=True)
    share = Fraction(100 * men, total)
    rules = [rounding] if rounding else ["half_up", "half_even", "down"]
    printed = {r: rounded(share, decimals, r) for r in rules}
    digits = printed[rules[0]]
    block = f"        rounding: {rounding}\n" if rounding else ""
    (folder / "manifest.yaml").write_text(MANIFEST.replace("DECIMALS", str(decimals)).replace("ROUNDING", block),
                                          encoding="utf-8")
    (folder / "t1.csv").write_text(
        f"sex,件数,構成比,真値\n0,{total},,\n1,*,{text(digits, decimals)},{men}\n2,*,,{total - men}\n", encoding="utf-8")
    # The rules a reader may assume: those printing the same digits from the true share.
    known = [r for r in rules if printed[r] == digits]
    return [m for m in range(total + 1) if all(rounded(Fraction(100 * m, total), decimals, r) == digits for r in known)]


def interval(folder):
    r = run("check", folder / "manifest.yaml", "--format", "json")
    assert r.returncode in (0, 1), r.stderr
    cells = {c["cell"]["sex"]: c for c in json.loads(r.stdout)["suppressed_cells"]}
    men = cells["1"]
    if men["recoverable"]:
        return "pinned"
    return men["interval"]["lower"], men["interval"]["upper"]


def test_a_truncated_share_without_a_declared_rounding_gives_the_count_away(tmp_path):
    assert write(tmp_path / "unstated", 1500, 8, 1, None) == [8]
    assert interval(tmp_path / "unstated") == "pinned"
    assert write(tmp_path / "half_up", 1500, 8, 1, "half_up") == [7, 8]
    assert interval(tmp_path / "half_up") == (7, 8)


def test_random_shares_without_a_declared_rounding_match_a_brute_force(tmp_path):
    rnd = random.Random(1207)
    narrower = 0
    for trial in range(40):
        total, decimals = rnd.randint(20, 3000), rnd.choice([0, 1, 2])
        men = rnd.randint(1, min(total - 1, 60))
        candidates = write(tmp_path / f"t{trial}", total, men, decimals, None)
        half_up = write(tmp_path / f"h{trial}", total, men, decimals, "half_up")
        assert men in candidates and set(candidates) <= set(half_up)
        narrower += len(candidates) < len(half_up)
        expected = "pinned" if len(candidates) == 1 else (min(candidates), max(candidates))
        assert interval(tmp_path / f"t{trial}") == expected, (trial, total, men, decimals)
        assert interval(tmp_path / f"h{trial}") == ("pinned" if len(half_up) == 1 else (min(half_up), max(half_up)))
    assert narrower >= 5
