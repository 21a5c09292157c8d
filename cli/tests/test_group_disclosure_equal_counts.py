"""Rule ①, a count equal to a larger count that holds it, narrower in a sensitive variable: every patient
of the larger group is in the narrower count's categories. Found by session 21's probe, each a PASS before:
- the category is left out and its siblings printed as 0 (甲町 計 24, 生存 0: all 24 dead), the group's size
  in the same table, another one, or only an earlier publication;
- the category's count is a sum of printed cells (死亡 × 男 14 + 死亡 × 女 10 = 甲町 24);
- the larger count rolls up more than the sensitive variable (甲町 × 遠隔 × 男 14 = 甲町 14; 甲町 × 遠隔 24 =
  the prefecture's 24; 甲町 × 遠隔 × 死亡 24 = 甲町 24)."""
from conftest import rule_findings, run
from manifest_dims import SEX, STAGE, TWO_TOWNS, VITAL

DIMENSIONS = "dimensions:\n" + TWO_TOWNS + STAGE + VITAL + SEX


def table(tid, dims, codes, title=None):
    dim_map = ", ".join(f"{d}: {d}" for d in dims)
    code_map = ", ".join(f"{d}: [{', '.join(repr(c) for c in cs)}]" for d, cs in codes.items())
    return (f"  - {{id: {tid}, title: {title or tid}, file: {tid}.csv, layout: long, dimensions: {{{dim_map}}}, "
            f"count: n, codes: {{{code_map}}}}}\n")


def write(folder, tables, csvs, earlier=()):
    """tables / earlier: (id, dims, codes); csvs: id -> rows (the header is the dims and n)."""
    folder.mkdir()
    specs = {t[0]: t for t in [*tables, *earlier]}
    for tid, rows in csvs.items():
        (folder / f"{tid}.csv").write_text(",".join([*specs[tid][1], "n"]) + "\n" + rows, encoding="utf-8")
    text = "manifest_version: 1\nsubmission: {title: 規則①}\npolicy: hyogo-2018\n" + DIMENSIONS + "tables:\n"
    text += "".join(table(*t) for t in tables)
    if earlier:
        text += "earlier_publications:\n" + "".join(table(*t, title="年報") for t in earlier)
    (folder / "manifest.yaml").write_text(text, encoding="utf-8")
    return folder / "manifest.yaml"


def rule1(manifest):
    return rule_findings(manifest, "1")


def cells(found):
    return [(f["severity"], f["table"], f["cell"]) for f in found]


def left_out_dead(folder, alive_m1, earlier_size=False):
    """表1 prints 計 and 生存 by town (死亡 left out), or only 生存 with the sizes in the earlier 年報."""
    if earlier_size:
        return write(folder, [("t1", ["area", "vital"], {"area": ["m1", "m2"], "vital": ["1"]})],
                     {"t1": f"m1,1,{alive_m1}\nm2,1,25\n", "e1": "m1,24\nm2,40\n"},
                     earlier=[("e1", ["area"], {"area": ["m1", "m2"]})])
    return write(folder, [("t1", ["area", "vital"], {"area": ["m1", "m2"], "vital": ["0", "1"]})],
                 {"t1": f"m1,0,24\nm1,1,{alive_m1}\nm2,0,40\nm2,1,25\n"})


def test_a_left_out_category_whose_siblings_are_zero_is_disclosed(tmp_path):
    code, found = rule1(left_out_dead(tmp_path / "c", 0))
    assert code == 1
    assert cells(found) == [("error", "t1", {"area": "m1", "vital": "1"})]  # the 0 that tells it
    assert "死亡" in found[0]["reason"]["ja"] and "24" in found[0]["reason"]["ja"]
    r = run("protect", tmp_path / "c" / "manifest.yaml", "-o", tmp_path / "out")
    assert r.returncode == 0, r.stdout + r.stderr
    assert (tmp_path / "out" / "t1.csv").read_text(encoding="utf-8").splitlines()[2] == "m1,1,*"
    assert rule1(tmp_path / "out" / "manifest.yaml") == (0, [])


def test_a_left_out_category_with_living_patients_passes(tmp_path):
    assert rule1(left_out_dead(tmp_path / "c", 12)) == (0, [])


def test_a_zero_here_and_a_size_in_an_earlier_publication_is_this_submissions_disclosure(tmp_path):
    code, found = rule1(left_out_dead(tmp_path / "c", 0, earlier_size=True))
    assert code == 1
    assert cells(found) == [("error", "t1", {"area": "m1", "vital": "1"})]
    assert "年報" in found[0]["reason"]["ja"]


def dead_by_sex(folder, dead_women):
    return write(folder, [("t1", ["area", "vital", "sex"], {"area": ["m1", "m2"], "vital": ["2"], "sex": ["1", "2"]}),
                          ("t2", ["area"], {"area": ["m1", "m2"]})],
                 {"t1": f"m1,2,1,14\nm1,2,2,{dead_women}\nm2,2,1,12\nm2,2,2,11\n", "t2": "m1,24\nm2,40\n"})


def test_a_category_summed_from_printed_cells_equal_to_the_group_is_disclosed(tmp_path):
    code, found = rule1(dead_by_sex(tmp_path / "c", 10))
    assert code == 1
    assert [(f["table"], f["cell"]["area"]) for f in found] == [("t1", "m1")]
    r = run("protect", tmp_path / "c" / "manifest.yaml", "-o", tmp_path / "out")
    assert r.returncode == 0, r.stdout + r.stderr
    assert rule1(tmp_path / "out" / "manifest.yaml") == (0, [])


def test_a_summed_category_smaller_than_the_group_passes(tmp_path):
    assert rule1(dead_by_sex(tmp_path / "c", 0)) == (0, [])  # 14 dead of 24


def test_a_count_equal_to_a_group_rolled_up_in_another_dimension_too(tmp_path):
    # 甲町 × 遠隔 × 男 14 and 甲町 14: every patient of 甲町 is 遠隔 (and 男).
    manifest = write(tmp_path / "c",
                     [("t1", ["area", "stage", "sex"], {"area": ["m1", "m2"], "stage": ["430"], "sex": ["1"]}),
                      ("t2", ["area"], {"area": ["m1", "m2"]})],
                     {"t1": "m1,430,1,14\nm2,430,1,12\n", "t2": "m1,14\nm2,40\n"})
    code, found = rule1(manifest)
    assert code == 1
    assert cells(found) == [("error", "t1", {"area": "m1", "stage": "430", "sex": "1"})]
    r = run("protect", manifest, "-o", tmp_path / "out")
    assert r.returncode == 0, r.stdout + r.stderr
    assert rule1(tmp_path / "out" / "manifest.yaml") == (0, [])


def test_a_town_category_equal_to_the_whole_area(tmp_path):
    # 甲町 × 遠隔 24 and the prefecture's 24: every patient is 遠隔 (and lives in 甲町).
    manifest = write(tmp_path / "c", [("t1", ["area", "stage"], {"area": ["m1"], "stage": ["430"]}),
                                      ("t2", ["area"], {"area": ["T"]})],
                     {"t1": "m1,430,24\n", "t2": "T,24\n"})
    assert cells(rule1(manifest)[1]) == [("error", "t1", {"area": "m1", "stage": "430"})]


def two_sensitive(folder, size_m1):
    return write(folder, [("t1", ["area", "stage", "vital"], {"area": ["m1", "m2"], "stage": ["430"], "vital": ["2"]}),
                          ("t2", ["area"], {"area": ["m1", "m2"]})],
                 {"t1": "m1,430,2,24\nm2,430,2,12\n", "t2": f"m1,{size_m1}\nm2,40\n"})


def test_two_sensitive_variables_rolled_up_at_once(tmp_path):
    code, found = rule1(two_sensitive(tmp_path / "c", 24))
    assert code == 1
    assert cells(found) == [("error", "t1", {"area": "m1", "stage": "430", "vital": "2"})]


def test_two_sensitive_variables_with_a_larger_group_pass(tmp_path):
    assert rule1(two_sensitive(tmp_path / "c", 44)) == (0, [])
