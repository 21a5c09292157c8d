"""`hitoku protect` under differencing.primary_upper_reach on small random three-way tables (area ×
age × sex, many small counts, nothing forced): it always finds a pattern, and the pattern passes the check.
It once gave up ("no cell can be suppressed … forced to stay published") on such a table: one round's
repairs had already suppressed every cell a later failure could use, and that failure, stale by then,
was taken for a conflict."""
import random
from pathlib import Path

from conftest import run

ROOT = Path(__file__).resolve().parents[2]


def dimension(name, total, leaves):
    codes = f'      - {{code: "{total}", label: {total}}}\n'
    codes += "".join(f'      - {{code: "{c}", label: {c}, parent: "{total}"}}\n' for c in leaves)
    return f"  {name}:\n    label: {name}\n    codes:\n{codes}"


def write(folder, seed):
    rnd = random.Random(seed)
    towns = [f"m{i}" for i in range(rnd.randint(2, 6))]
    ages = [f"a{i}" for i in range(rnd.randint(2, 5))]
    sexes = ["M", "F"]
    top = rnd.choice([3, 8, 15, 30])
    inner = {(t, a, s): 0 if rnd.random() < 0.15 else rnd.randint(0, top) for t in towns for a in ages for s in sexes}

    def value(cell):
        return sum(v for k, v in inner.items() if all(c in (part, tot) for c, part, tot in zip(cell, k, ("T", "AT", "ST"))))

    rows = [f"{t},{a},{s},{value((t, a, s))}" for t in ["T", *towns] for a in ["AT", *ages] for s in ["ST", *sexes]]
    folder.mkdir()
    policy = (ROOT / "policies" / "hyogo-2018.yaml").read_text(encoding="utf-8")
    policy = policy.replace("id: hyogo-2018", "id: reach").replace("primary_upper_reach: false", "primary_upper_reach: true")
    assert "primary_upper_reach: true" in policy
    (folder / "policy.yaml").write_text(policy, encoding="utf-8")
    (folder / "t1.csv").write_text("area,age,sex,n\n" + "\n".join(rows) + "\n", encoding="utf-8")
    (folder / "manifest.yaml").write_text(
        "manifest_version: 1\npolicy: ./policy.yaml\nsubmission: {title: 上限の到達}\ndimensions:\n"
        + dimension("area", "T", towns) + dimension("age", "AT", ages) + dimension("sex", "ST", sexes)
        + "tables:\n  - {id: t1, title: 表1, file: t1.csv, layout: long, dimensions: {area: area, age: age, sex: sex}, count: n}\n",
        encoding="utf-8")
    return folder / "manifest.yaml"


def test_protect_finds_a_passing_pattern_for_every_small_three_way_table(tmp_path):
    for seed in range(80, 100):
        manifest = write(tmp_path / str(seed), seed)
        out = tmp_path / f"out{seed}"
        r = run("protect", manifest, "--output", out, "-q")
        assert r.returncode == 0, (seed, r.stdout[-800:], r.stderr[-800:])
        (out / "policy.yaml").write_text((manifest.parent / "policy.yaml").read_text(encoding="utf-8"), encoding="utf-8")
        text = (out / "manifest.yaml").read_text(encoding="utf-8")
        (out / "manifest.yaml").write_text(text.replace(str(manifest.parent / "policy.yaml"), "./policy.yaml"), encoding="utf-8")
        check = run("check", out / "manifest.yaml", "-q")
        assert check.returncode == 0, (seed, check.stdout[-800:], check.stderr[-800:])
