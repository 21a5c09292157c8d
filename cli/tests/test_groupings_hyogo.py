"""Hyogo's 41 municipalities grouped two ways: the planned table by 二次保健医療圏 (real medical areas,
reference/hyogo_municipalities.csv), an earlier publication (rule ⑤) by districts that cross the medical
areas. `hitoku protect` must find a pattern safe against both, checked here by an exact oracle over the
municipality × sex cells written for this test (not hitoku's audit); when one district equals a medical
area, protect must say which earlier published cells make protection impossible."""
import csv
import json
import random

from conftest import run
from linear_oracle import determined, other_value

SEXES = ["1", "2"]


def municipalities(testdata):
    """(code, medical area number) of every municipality (wards of 神戸市 excluded: 神戸市 is one)."""
    with open(testdata.parent / "reference" / "hyogo_municipalities.csv", encoding="utf-8") as f:
        return [(r["code"], r["medical_area_no"]) for r in csv.DictReader(f) if r["kind"] != "区"]


def districts_of(munis, equal_to_area=None):
    """Districts of three municipalities in code order (they cross the medical areas). With
    `equal_to_area`, that area's municipalities form one district of their own."""
    rest = [c for c, a in munis if a != equal_to_area]
    out = {f"D{i // 3 + 1:02d}": rest[i:i + 3] for i in range(0, len(rest), 3)}
    if equal_to_area:
        out["DX"] = [c for c, a in munis if a == equal_to_area]
    return out


def write_submission(folder, munis, districts, truth):
    folder.mkdir()
    areas = sorted({a for _, a in munis})
    area_codes = ["{code: '28000'}"] + [f"{{code: 'A{a}', parent: '28000'}}" for a in areas]
    area_codes += [f"{{code: '{c}', parent: 'A{a}'}}" for c, a in munis]
    district_codes = ["{code: '28000'}"] + [f"{{code: {d}, parent: '28000'}}" for d in districts]
    district_codes += [f"{{code: '{c}', parent: {d}}}" for d, cs in districts.items() for c in cs]

    def total(codes, sex):
        return sum(truth[(c, s)] for c in codes for s in ([sex] if sex != "0" else SEXES))

    with open(folder / "areas.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["医療圏", "性別", "罹患数"])
        for sex in ["0", *SEXES]:
            w.writerow(["28000", sex, total([c for c, _ in munis], sex)])
            for a in areas:
                w.writerow([f"A{a}", sex, total([c for c, x in munis if x == a], sex)])
    with open(folder / "districts.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["地区", "性別", "罹患数"])
        for sex in ["0", *SEXES]:
            w.writerow(["28000", sex, total([c for c, _ in munis], sex)])
            for d, cs in districts.items():
                w.writerow([d, sex, total(cs, sex)])
    shown_areas = ", ".join(["'28000'"] + [f"'A{a}'" for a in areas])
    shown_districts = ", ".join(["'28000'"] + list(districts))
    (folder / "manifest.yaml").write_text(
        "manifest_version: 1\n"
        "submission: {title: 医療圏と地区の例}\n"
        "policy: hyogo-2018\n"
        "dimensions:\n"
        f"  area: {{label: 二次保健医療圏, variable: municipality, codes: [{', '.join(area_codes)}]}}\n"
        f"  district: {{label: 地区, variable: municipality, codes: [{', '.join(district_codes)}]}}\n"
        "  sex: {label: 性別, codes: [{code: '0'}, {code: '1', parent: '0'}, {code: '2', parent: '0'}]}\n"
        "tables:\n"
        "  - {id: areas, title: 表1 二次保健医療圏別・性別, file: areas.csv, layout: long,\n"
        f"     dimensions: {{area: 医療圏, sex: 性別}}, codes: {{area: [{shown_areas}]}}, count: 罹患数}}\n"
        "earlier_publications:\n"
        "  - {id: districts, title: 年報 地区別・性別, file: districts.csv, layout: long,\n"
        f"     dimensions: {{district: 地区, sex: 性別}}, codes: {{district: [{shown_districts}]}}, count: 罹患数}}\n",
        encoding="utf-8")
    return folder / "manifest.yaml"


def synthetic_truth(munis, seed):
    """A rare site: 0–5 cases per municipality and sex, so several medical areas hold 1–9."""
    rng = random.Random(seed)
    return {(c, s): rng.choice([0, 0, 1, 1, 2, 3, 5]) for c, _ in munis for s in SEXES}


def rows_of(folder, table, members, munis):
    """(name, inner cells, printed value) of each cell of a written long table; inner cells are
    municipality × sex positions."""
    index = {c: i for i, (c, _) in enumerate(munis)}
    out = []
    with open(folder / f"{table}.csv", encoding="utf-8") as f:
        for code, sex, value in list(csv.reader(f))[1:]:
            sexes = range(len(SEXES)) if sex == "0" else [SEXES.index(sex)]
            inner = sorted(index[c] * len(SEXES) + s for c in members[code] for s in sexes)
            out.append((f"{table}:{code}×{sex}", inner, value))
    return out


def test_protect_finds_a_pattern_safe_against_districts_crossing_medical_areas(testdata, tmp_path):
    munis = municipalities(testdata)
    assert len(munis) == 41
    districts = districts_of(munis)
    assert any(len({a for c, a in munis if c in cs}) > 1 for cs in districts.values())  # they cross
    members = {"28000": [c for c, _ in munis]} | {f"A{a}": [c for c, x in munis if x == a] for _, a in munis}
    members |= districts
    checked = 0
    for seed in (1, 2, 3):
        truth = synthetic_truth(munis, seed)
        manifest = write_submission(tmp_path / f"in{seed}", munis, districts, truth)
        draft = run("check", manifest, "--format", "json")
        assert draft.returncode == 1, draft.stdout + draft.stderr  # small medical-area counts are printed
        out = tmp_path / f"out{seed}"
        r = run("protect", manifest, "-o", out)
        assert r.returncode == 0, r.stdout + r.stderr
        assert run("check", out / "manifest.yaml").returncode == 0

        n = len(munis) * len(SEXES)
        truth_vector = [truth[(c, s)] for c, _ in munis for s in SEXES]
        planned = rows_of(out, "areas", members, munis)
        earlier = rows_of(out, "districts", members, munis)
        published = [inner for _, inner, v in planned + earlier if v != "*"]
        suppressed = [(name, inner) for name, inner, v in planned if v == "*"]
        assert suppressed
        for name, inner, value in planned:
            exact = sum(truth_vector[i] for i in inner)
            if 1 <= exact <= 9:
                assert value == "*", f"seed {seed}: {name} = {exact} is printed"
        for name, inner in suppressed:  # the oracle: not a combination of published rows, and a second completion
            assert not determined(published, inner, n), f"seed {seed}: {name} recoverable by subtraction"
            assert other_value(published, truth_vector, inner, n) is not None, f"seed {seed}: {name} pinned"
            checked += 1
        # Counts neither table shows (one municipality, one sex or both) are counts of people too (rule ②
        # in combination): none in 1-9 may follow from the published cells, unless the earlier
        # publication alone already gives it (then it is public, and nothing here could change it).
        earlier_rows = [inner for _, inner, v in earlier if v != "*"]
        for i, (code, _) in enumerate(munis):
            for inner in ([i * 2], [i * 2 + 1], [i * 2, i * 2 + 1]):
                exact = sum(truth_vector[k] for k in inner)
                if 1 <= exact <= 9 and determined(published, inner, n):
                    assert determined(earlier_rows, inner, n), f"seed {seed}: {code} {inner} = {exact} follows"
    assert checked >= 6


def test_protect_names_the_earlier_cells_when_a_district_is_a_medical_area(testdata, tmp_path):
    """District DX is exactly 淡路 (medical area 08): the earlier publication prints its small counts under
    another name, so no pattern of the planned table can protect them; protect fails and says which."""
    munis = municipalities(testdata)
    truth = synthetic_truth(munis, 4)
    awaji = [c for c, a in munis if a == "08"]
    for c in awaji:
        truth[(c, "1")], truth[(c, "2")] = 1, 2  # 淡路 × 男 = 3: a small count
    manifest = write_submission(tmp_path / "in", munis, districts_of(munis, equal_to_area="08"), truth)
    out = tmp_path / "out"
    r = run("protect", manifest, "-o", out)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "年報 地区別・性別: 地区 DX" in r.stderr and "二次保健医療圏 A08" in r.stderr, r.stderr
    assert "規則⑤" in r.stderr and "rule ⑤" in r.stderr
    assert not (out / "areas.csv").exists()  # nothing is written that could be mistaken for a safe table
    report = run("check", manifest, "--format", "json")
    assert report.returncode == 1
    rules = json.loads(report.stdout)["rules"]
    assert any(x["verdict"] == "fail" for x in rules)
