"""An earlier publication's suppressed cells are secrets too (rule ⑤: nothing recoverable "with other
published values"): a planned table that, with the earlier publication, gives away a count the earlier
one hid is a FAIL naming the earlier cell and the published values that give it away. A cell the
earlier table hid only to protect others, or one the earlier publications give away on their own, is a
warning."""
import json

from conftest import run

# 年報 (earlier): municipality × sex. 甲町 × 男 = 3 is hidden, with 乙町 × 男 and both municipal totals to
# protect it; alone it lies anywhere in [0, 18].
EARLIER = "T,0,50\nT,1,18\nT,2,32\nm1,0,*\nm1,1,*\nm1,2,20\nm2,0,*\nm2,1,*\nm2,2,12\n"
EARLIER_TRUE = "T,0,50\nT,1,18\nT,2,32\nm1,0,23\nm1,1,3\nm1,2,20\nm2,0,27\nm2,1,15\nm2,2,12\n"


def write(folder, planned_rows, planned_codes, earlier=EARLIER, truth=True):
    folder.mkdir()
    (folder / "t1.csv").write_text("mu,n\n" + planned_rows, encoding="utf-8")
    (folder / "e1.csv").write_text("mu,sex,n\n" + earlier, encoding="utf-8")
    (folder / "e1_true.csv").write_text("mu,sex,n\n" + EARLIER_TRUE, encoding="utf-8")
    truth_key = ", true_values: e1_true.csv" if truth else ""
    (folder / "manifest.yaml").write_text(f"""manifest_version: 1
submission: {{title: 既公表の秘匿セル}}
policy: hyogo-2018
dimensions:
  mu:
    codes:
      - {{code: T, label: 計}}
      - {{code: m1, label: 甲町, parent: T}}
      - {{code: m2, label: 乙町, parent: T}}
  sex:
    codes:
      - {{code: "0", label: 計}}
      - {{code: "1", label: 男, parent: "0"}}
      - {{code: "2", label: 女, parent: "0"}}
tables:
  - {{id: t1, title: 表1 市町別, file: t1.csv, layout: long, dimensions: {{mu: mu}}, count: n, codes: {{mu: {planned_codes}}}}}
earlier_publications:
  - {{id: e1, title: 年報, file: e1.csv, layout: long, dimensions: {{mu: mu, sex: sex}}, count: n{truth_key}}}
""", encoding="utf-8")
    return folder / "manifest.yaml"


def report(manifest):
    r = run("check", manifest, "--format", "json")
    assert r.returncode in (0, 1), r.stderr
    return r.returncode, json.loads(r.stdout)


def earlier_findings(rep):
    return {(f["cell_label"].removeprefix("年報: "), f["severity"]): f
            for f in rep["findings"] if f["rule"] == "5" and f.get("table") == "e1"}


def test_a_planned_total_that_gives_away_an_earlier_hidden_small_count_fails(tmp_path):
    code, rep = report(write(tmp_path / "c", "m1,23\n", "[m1]"))  # 甲町 = 23 printed: 甲町 × 男 = 23 − 20
    assert code == 1 and rep["verdict"] == "fail"
    found = earlier_findings(rep)
    leak = found[("甲町 × 男", "error")]
    assert {(t["table"], t["coefficient"]) for t in leak["certificate"]} == {("t1", 1), ("e1", -1)}
    assert "年報" in leak["reason"]["ja"] and "年報" in leak["reason"]["en"]
    # The cells hidden only to protect it (counts of 10 or more) are named too, as warnings.
    assert ("甲町 × 計", "warning") in found and ("乙町 × 男", "warning") in found
    assert not [k for k in found if k[1] == "error" and k[0] != "甲町 × 男"]
    rule5 = next(r for r in rep["rules"] if r["rule"] == "5")
    assert rule5["verdict"] == "fail" and "既公表の表の秘匿セル 4 個" in rule5["summary"]["ja"]
    text = run("check", tmp_path / "c" / "manifest.yaml").stdout
    assert "既公表「年報」で秘匿されたセル" in text and "[t1] 甲町" in text


def test_a_planned_table_that_keeps_the_earlier_secret_passes(tmp_path):
    code, rep = report(write(tmp_path / "c", "T,50\n", "[T]"))  # the total was printed before
    assert code == 0 and rep["verdict"] == "pass"
    assert earlier_findings(rep) == {}


def test_what_the_earlier_publication_gave_away_alone_is_a_warning_not_this_submissions_fail(tmp_path):
    leaky = EARLIER.replace("m1,0,*", "m1,0,23")  # 年報 printed 甲町's total itself
    code, rep = report(write(tmp_path / "c", "T,50\n", "[T]", earlier=leaky))
    assert code == 0, rep["findings"]
    found = earlier_findings(rep)
    assert ("甲町 × 男", "warning") in found
    assert "既公表の表だけから" in found[("甲町 × 男", "warning")]["reason"]["ja"]


def test_protect_hides_the_planned_cell_that_gives_an_earlier_secret_away(tmp_path):
    """protect takes the earlier hidden counts into its problem: 甲町 = 23 gives 年報's 甲町 × 男 away, so
    protect suppresses it, says why (rule ⑤, naming the earlier cell), and its tables pass the check."""
    manifest = write(tmp_path / "c", "m1,23\n", "[m1]")
    r = run("protect", manifest, "-o", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out" / "t1.csv").read_text(encoding="utf-8").splitlines()[1:] == ["m1,*"]
    changes = (tmp_path / "out" / "changes.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(changes) == 2 and changes[1].startswith("t1,mu=m1,") and ",5," in changes[1]
    assert "年報: 甲町 × 男" in changes[1]
    code, rep = report(tmp_path / "out" / "manifest.yaml")
    assert code == 0 and earlier_findings(rep) == {}


def brute_force_recovered(total, published):
    """Every table of counts whose published cells agree with `published` ((mu, sex) -> value; T and 0
    are the totals): the cells that take one value in all of them, {cell: value}."""
    def table(a, b, c, d):
        inner = {("m1", "1"): a, ("m1", "2"): b, ("m2", "1"): c, ("m2", "2"): d}
        return {(mu, sex): sum(inner[(m, x)] for m in (["m1", "m2"] if mu == "T" else [mu])
                               for x in (["1", "2"] if sex == "0" else [sex]))
                for mu in ("T", "m1", "m2") for sex in ("0", "1", "2")}
    seen = {}
    for a in range(total + 1):
        for b in range(total + 1 - a):
            for c in range(total + 1 - a - b):
                cells = table(a, b, c, total - a - b - c)
                if all(cells[key] == v for key, v in published.items()):
                    for key, v in cells.items():
                        seen.setdefault(key, set()).add(v)
    return {key: next(iter(vals)) for key, vals in seen.items() if len(vals) == 1}


def random_case(rnd, folder, planned_share):
    """年報 of random counts with random suppression (true values given) and a planned table of random
    municipalities: (cells, hidden cells, planned codes, manifest)."""
    inner = {(m, x): rnd.choice([0, 2, 3, 5, 8, 12, 15]) for m in ("m1", "m2") for x in ("1", "2")}
    cells = {}
    for mu in ("T", "m1", "m2"):
        for sex in ("0", "1", "2"):
            mus = ["m1", "m2"] if mu == "T" else [mu]
            sexes = ["1", "2"] if sex == "0" else [sex]
            cells[(mu, sex)] = sum(inner[(m, x)] for m in mus for x in sexes)
    hidden = {key for key in cells if key != ("T", "0") and rnd.random() < 0.5}
    planned_codes = [m for m in ("T", "m1", "m2") if rnd.random() < planned_share] or ["m1"]
    earlier = "".join(f"{mu},{sex},{'*' if (mu, sex) in hidden else v}\n" for (mu, sex), v in cells.items())
    truth = "".join(f"{mu},{sex},{v}\n" for (mu, sex), v in cells.items())
    manifest = write(folder, "".join(f"{m},{cells[(m, '0')]}\n" for m in planned_codes),
                     "[" + ", ".join(planned_codes) + "]", earlier=earlier)
    (folder / "e1_true.csv").write_text("mu,sex,n\n" + truth, encoding="utf-8")
    return cells, hidden, planned_codes, manifest


def test_random_earlier_and_planned_tables_against_a_brute_force(tmp_path):
    """年報 municipality × sex with random suppression, a planned table of municipalities with random
    codes: an earlier hidden count of 1-9 is a rule ⑤ error exactly when the planned table and 年報
    together pin it and 年報 alone does not (brute force over every table of counts)."""
    import random
    checked = errors = 0
    for seed in range(40):
        cells, hidden, planned_codes, manifest = random_case(random.Random(seed), tmp_path / f"s{seed}", 0.5)
        r = run("check", manifest, "--format", "json")
        if r.returncode == 2:
            continue  # a planned cell the earlier table contradicts cannot happen; other input errors are not this test's
        rep = json.loads(r.stdout)
        earlier_pub = {k: v for k, v in cells.items() if k not in hidden}
        alone = brute_force_recovered(cells[("T", "0")], earlier_pub)
        both = brute_force_recovered(cells[("T", "0")], {**earlier_pub, **{(m, "0"): cells[(m, "0")] for m in planned_codes}})
        expected = set()
        for (mu, sex) in hidden:  # earlier cells this submission pins, with a count of 1-9
            if not 1 <= cells[(mu, sex)] <= 9:
                continue
            if (mu, sex) in both and (mu, sex) not in alone:
                expected.add((mu, sex))
        got = {(f["cell"]["mu"], f["cell"]["sex"]) for f in rep["findings"]
               if f["rule"] == "5" and f.get("table") == "e1" and f["severity"] == "error"}
        assert got == expected, (seed, hidden, planned_codes, rep["findings"])
        checked += 1
        errors += len(expected)
    assert checked >= 30 and errors >= 5  # the seeds do reach the case


def test_without_true_values_an_earlier_hidden_count_nobody_here_knows_is_taken_as_possibly_small(tmp_path):
    """No true values for 年報: 甲町 × 計 is 表1's 甲町 (23, known: a warning when printed again); the
    others no table here gives. 甲町 × 男 = 23 − 20 and, through the sex totals, 乙町's cells follow:
    errors, as they may be small (the reviewer rarely knows an earlier publication's hidden counts)."""
    manifest = write(tmp_path / "c", "m1,23\n", "[m1]", truth=False)
    code, rep = report(manifest)
    assert code == 1
    found = {k: f for k, f in earlier_findings(rep).items()}
    assert ("甲町 × 計", "warning") in found
    for cell in ("甲町 × 男", "乙町 × 計", "乙町 × 男"):
        assert "1〜9 件の可能性" in found[(cell, "error")]["reason"]["ja"]
    # Nothing here gives them away: the unknown counts stay hidden and the submission passes.
    code, rep = report(write(tmp_path / "d", "T,50\n", "[T]", truth=False))
    assert code == 0 and earlier_findings(rep) == {}
    # A confidential report does not print 0 for the counts nobody knows.
    r = run("check", manifest, "--format", "json", "--confidential")
    assert r.returncode == 1, r.stderr
    tables = {t["id"]: t for t in json.loads(r.stdout)["tables"]}
    assert tables["e1"]["true_values"] == [] and tables["t1"]["true_values"] == [23]


def test_protect_never_hands_back_tables_that_give_an_earlier_small_count_away(tmp_path):
    """Random 年報 suppression and planned municipality tables, as above: whatever protect writes passes
    the check, and no earlier hidden count of 1-9 is pinned by its tables and 年報 unless 年報 alone
    pins it (brute force over every table of counts)."""
    import random
    protected = repaired = 0
    for seed in range(60):
        folder = tmp_path / f"s{seed}"
        cells, hidden, planned_codes, manifest = random_case(random.Random(1000 + seed), folder, 0.6)
        out = folder / "out"
        r = run("protect", manifest, "-o", out)
        if r.returncode == 2:
            continue  # input errors are not this test's
        if r.returncode != 0:
            assert not out.exists() or not any(out.iterdir()), (seed, r.stdout)
            continue  # nothing handed back: no leak
        protected += 1
        code, rep = report(out / "manifest.yaml")
        assert code == 0, (seed, rep["findings"])
        printed = {}
        for line in (out / "t1.csv").read_text(encoding="utf-8").splitlines()[1:]:
            mu, n = line.split(",")
            if n != "*":
                printed[(mu, "0")] = int(n)
        changes = (out / "changes.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
        repaired += any(",5," in line for line in changes)  # a cell hidden for an earlier secret
        earlier_pub = {k: v for k, v in cells.items() if k not in hidden}
        alone = brute_force_recovered(cells[("T", "0")], earlier_pub)
        both = brute_force_recovered(cells[("T", "0")], {**earlier_pub, **printed})
        for key in hidden:
            if 1 <= cells[key] <= 9 and key in both:
                assert key in alone, (seed, key, hidden, printed)
    assert protected >= 30 and repaired >= 4, (protected, repaired)  # the seeds do reach the case (others: conflicts)


# 年報 by municipality × sex hides every municipality's 男 and 計: 甲町 × 男 = 2 and 乙町 × 男 = 3 are safe one
# by one, but 丙町 = 27 printed here gives 丙町 × 男 = 27 − 12, and then 甲町 × 男 + 乙町 × 男 = 20 − 15 = 5.
SUM_EARLIER = "T,0,77\nT,1,20\nT,2,57\nm1,0,*\nm1,1,*\nm1,2,20\nm2,0,*\nm2,1,*\nm2,2,25\nm3,0,*\nm3,1,*\nm3,2,12\n"
SUM_TRUE = "T,0,77\nT,1,20\nT,2,57\nm1,0,22\nm1,1,2\nm1,2,20\nm2,0,28\nm2,1,3\nm2,2,25\nm3,0,27\nm3,1,15\nm3,2,12\n"


def write_sum_case(folder, planned_rows, planned_codes, earlier=SUM_EARLIER):
    manifest = write(folder, planned_rows, planned_codes, earlier=earlier)
    (folder / "e1_true.csv").write_text("mu,sex,n\n" + SUM_TRUE, encoding="utf-8")
    text = manifest.read_text(encoding="utf-8").replace(
        "      - {code: m2, label: 乙町, parent: T}\n",
        "      - {code: m2, label: 乙町, parent: T}\n      - {code: m3, label: 丙町, parent: T}\n")
    manifest.write_text(text, encoding="utf-8")
    return manifest


def test_a_small_sum_of_earlier_hidden_counts_given_away_fails_and_protect_hides_its_source(tmp_path):
    code, rep = report(write_sum_case(tmp_path / "c", "m3,27\n", "[m3]"))
    assert code == 1 and rep["verdict"] == "fail"
    sums = [f for f in rep["findings"] if f["rule"] == "2" and f["severity"] == "error"]
    assert [f["cell_label"] for f in sums] == ["年報: 甲町 × 男 + 年報: 乙町 × 男"] and sums[0]["table"] == "e1"
    assert {t["table"] for t in sums[0]["certificate"]} == {"t1", "e1"}
    # protect hides 丙町, and what it writes passes.
    r = run("protect", tmp_path / "c" / "manifest.yaml", "-o", tmp_path / "out")
    assert r.returncode == 0, r.stdout + r.stderr
    assert (tmp_path / "out" / "t1.csv").read_text(encoding="utf-8").splitlines()[1:] == ["m3,*"]
    code, rep = report(tmp_path / "out" / "manifest.yaml")
    assert code == 0, rep["findings"]


def test_a_small_sum_the_earlier_publication_gave_away_alone_is_a_warning(tmp_path):
    # 年報 printed 丙町 × 男 itself: the sum was public before this submission, which only repeats 丙町.
    earlier = SUM_EARLIER.replace("m3,1,*", "m3,1,15")
    code, rep = report(write_sum_case(tmp_path / "c", "m3,27\n", "[m3]", earlier=earlier))
    sums = [f for f in rep["findings"] if f["rule"] == "2" and "甲町 × 男" in f["cell_label"]]
    assert sums and all(f["severity"] == "warning" for f in sums), rep["findings"]
    assert code == 0


def test_a_planned_table_that_keeps_the_earlier_sum_hidden_passes(tmp_path):
    code, rep = report(write_sum_case(tmp_path / "c", "T,77\n", "[T]"))
    assert code == 0 and not [f for f in rep["findings"] if f["rule"] == "2"]
