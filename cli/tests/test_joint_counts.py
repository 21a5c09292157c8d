"""Rule ② in combination: a count of the cross-classification that no table has, fixed by the tables'
margins together. A×B, A×C and B×C with every total and B×C b2×c2 = 0 (so a1×b2×c2 = 0) give
a1×b1×c1 = a1×b1 + a1×c1 − a1 = 15 + 15 − 25 = 5: a count of 1 to 9 no table prints. A PASS before (session
21's probe): counts no table shows were only the codes a table leaves out, and a published 0 was not
taken to make each count under it 0."""
import itertools

from conftest import rule_findings, run

MANIFEST = """manifest_version: 1
policy: hyogo-2018
submission: {title: 三つの二元表}
dimensions:
  A:
    codes: [{code: AT, label: A計}, {code: a1, label: a1, parent: AT}, {code: a2, label: a2, parent: AT}]
  B:
    codes: [{code: BT, label: B計}, {code: b1, label: b1, parent: BT}, {code: b2, label: b2, parent: BT}]
  C:
    codes: [{code: CT, label: C計}, {code: c1, label: c1, parent: CT}, {code: c2, label: c2, parent: CT}]
tables:
  - {id: t1, file: t1.csv, layout: long, dimensions: {A: A, B: B}, count: n}
  - {id: t2, file: t2.csv, layout: long, dimensions: {A: A, C: C}, count: n}
  - {id: t3, file: t3.csv, layout: long, dimensions: {B: B, C: C}, count: n}
"""


def margin(cube, keep):
    """The two-way table of the 2×2×2 array `cube` over the dimensions in `keep` (0 A, 1 B, 2 C), totals included."""
    names = [("AT", "a1", "a2"), ("BT", "b1", "b2"), ("CT", "c1", "c2")]
    rows = []
    for i, j in itertools.product(range(3), range(3)):
        total = 0
        for a, b, c in itertools.product(range(2), range(2), range(2)):
            idx = (a, b, c)
            if (i == 0 or idx[keep[0]] == i - 1) and (j == 0 or idx[keep[1]] == j - 1):
                total += cube[a][b][c]
        rows.append(f"{names[keep[0]][i]},{names[keep[1]][j]},{total}")
    return "\n".join(rows) + "\n"


def write(folder, cube):
    folder.mkdir()
    for tid, keep, header in (("t1", (0, 1), "A,B,n"), ("t2", (0, 2), "A,C,n"), ("t3", (1, 2), "B,C,n")):
        (folder / f"{tid}.csv").write_text(header + "\n" + margin(cube, keep), encoding="utf-8")
    (folder / "manifest.yaml").write_text(MANIFEST, encoding="utf-8")
    return folder / "manifest.yaml"


# cube[a][b][c]; a1×b1×c1 = 5, b2×c2 = 0 in both towns.
FIXED = [[[5, 10], [10, 0]], [[20, 10], [10, 0]]]
# The same margins but b2×c2 = 10 split 5 / 5: a1×b1×c1 is no longer fixed.
LOOSE = [[[5, 10], [10, 5]], [[20, 10], [10, 5]]]


def test_a_small_count_of_the_cross_classification_the_margins_fix_is_found(tmp_path):
    code, found = rule_findings(write(tmp_path / "c", FIXED), "2")
    assert code == 1
    errors = [f for f in found if f["severity"] == "error"]
    assert len(errors) == 1
    assert "a1 × b1 × c1" in errors[0]["cell_label"]
    r = run("protect", tmp_path / "c" / "manifest.yaml", "-o", tmp_path / "out")
    assert r.returncode == 0, r.stdout + r.stderr
    assert rule_findings(tmp_path / "out" / "manifest.yaml", "2")[0] == 0


def test_margins_that_leave_the_count_open_pass(tmp_path):
    code, found = rule_findings(write(tmp_path / "c", LOOSE), "2")
    assert code == 0 and [f for f in found if f["severity"] == "error"] == []
