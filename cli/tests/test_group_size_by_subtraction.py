"""Rule ①, group disclosure, when no table prints the group's size but the published values give it:
表1 prints only stage 遠隔 by town, 表2 prints each town's 男 and 女 without a 計. 甲町's 14 + 10 = 24
patients and its 24 遠隔 tell that every patient of 甲町 is 遠隔 (a PASS before: the group's size was
looked up among printed cells only)."""
from conftest import rule_findings, run
from manifest_dims import SEX, STAGE, TWO_TOWNS

DIMENSIONS = "dimensions:\n" + TWO_TOWNS + STAGE + SEX


def write(folder, sex_rows):
    folder.mkdir()
    (folder / "t1.csv").write_text("area,stage,n\nm1,430,24\nm2,430,12\n", encoding="utf-8")
    (folder / "t2.csv").write_text("area,sex,n\n" + sex_rows, encoding="utf-8")
    (folder / "manifest.yaml").write_text("""manifest_version: 1
submission: {title: 進展度と性別}
policy: hyogo-2018
""" + DIMENSIONS + """tables:
  - {id: t1, title: 表1 遠隔の患者, file: t1.csv, layout: long, dimensions: {area: area, stage: stage}, count: n,
     codes: {area: [m1, m2], stage: ["430"]}}
  - {id: t2, title: 表2 性別, file: t2.csv, layout: long, dimensions: {area: area, sex: sex}, count: n,
     codes: {area: [m1, m2], sex: ["1", "2"]}}
""", encoding="utf-8")
    return folder / "manifest.yaml"


def rule1(manifest):
    return rule_findings(manifest, "1")


def test_a_category_equal_to_a_group_size_the_other_table_adds_up_to_is_disclosed(tmp_path):
    code, found = rule1(write(tmp_path / "c", "m1,1,14\nm1,2,10\nm2,1,20\nm2,2,15\n"))
    assert code == 1
    assert [(f["severity"], f["table"], f["cell"]) for f in found] == [("error", "t1", {"area": "m1", "stage": "430"})]
    assert "甲町 × 計" in found[0]["reason"]["ja"] and "遠隔" in found[0]["reason"]["ja"]


def test_a_group_larger_than_the_category_passes(tmp_path):
    code, found = rule1(write(tmp_path / "c", "m1,1,14\nm1,2,25\nm2,1,20\nm2,2,15\n"))  # 39: 15 not 遠隔
    assert code == 0 and found == []


def test_protect_hides_the_disclosing_cell(tmp_path):
    manifest = write(tmp_path / "c", "m1,1,14\nm1,2,10\nm2,1,20\nm2,2,15\n")
    r = run("protect", manifest, "-o", tmp_path / "out")
    assert r.returncode == 0, r.stdout + r.stderr
    code, found = rule1(tmp_path / "out" / "manifest.yaml")
    assert code == 0 and found == []


def write_earlier_category(folder, size_rows):
    """年報 printed 甲町 × 遠隔 = 24 (and nothing else of 甲町's stages); this submission prints town sizes."""
    folder.mkdir()
    (folder / "e1.csv").write_text("area,stage,n\nm1,430,24\nm2,430,12\n", encoding="utf-8")
    (folder / "t1.csv").write_text("area,n\n" + size_rows, encoding="utf-8")
    (folder / "manifest.yaml").write_text("""manifest_version: 1
submission: {title: 町の患者数}
policy: hyogo-2018
""" + "dimensions:\n" + TWO_TOWNS + STAGE + """tables:
  - {id: t1, title: 表1 町別, file: t1.csv, layout: long, dimensions: {area: area}, count: n, codes: {area: [m1, m2]}}
earlier_publications:
  - {id: e1, title: 年報, file: e1.csv, layout: long, dimensions: {area: area, stage: stage}, count: n,
     codes: {area: [m1, m2], stage: ["430"]}}
""", encoding="utf-8")
    return folder / "manifest.yaml"


def test_a_town_size_equal_to_an_earlier_category_is_a_disclosure_this_submission_makes(tmp_path):
    code, found = rule1(write_earlier_category(tmp_path / "c", "m1,24\nm2,40\n"))
    assert code == 1
    assert [(f["severity"], f["table"], f["cell"]) for f in found] == [("error", "t1", {"area": "m1"})]
    assert "年報" in found[0]["reason"]["ja"] and "遠隔" in found[0]["reason"]["ja"]
    r = run("protect", tmp_path / "c" / "manifest.yaml", "-o", tmp_path / "out")
    assert r.returncode == 0, r.stdout + r.stderr
    assert (tmp_path / "out" / "t1.csv").read_text(encoding="utf-8").splitlines()[1:] == ["m1,*", "m2,40"]
    assert rule1(tmp_path / "out" / "manifest.yaml") == (0, [])


def test_town_sizes_larger_than_the_earlier_category_pass(tmp_path):
    assert rule1(write_earlier_category(tmp_path / "c", "m1,44\nm2,40\n")) == (0, [])


def write_earlier_category_derived(folder, sex_rows, earlier_sex_rows=""):
    """年報 printed 甲町 × 遠隔 = 24; this submission prints each town's 男 and 女 without 計 (14 + 10 = 24)."""
    folder.mkdir()
    (folder / "e1.csv").write_text("area,stage,n\nm1,430,24\nm2,430,12\n", encoding="utf-8")
    (folder / "t1.csv").write_text("area,sex,n\n" + sex_rows, encoding="utf-8")
    earlier_sex = ""
    if earlier_sex_rows:
        (folder / "e2.csv").write_text("area,sex,n\n" + earlier_sex_rows, encoding="utf-8")
        earlier_sex = """  - {id: e2, title: 年報 性別, file: e2.csv, layout: long, dimensions: {area: area, sex: sex}, count: n,
     codes: {area: [m1, m2], sex: ["1", "2"]}}
"""
    (folder / "manifest.yaml").write_text("""manifest_version: 1
submission: {title: 町・性別の患者数}
policy: hyogo-2018
""" + DIMENSIONS + """tables:
  - {id: t1, title: 表1 性別, file: t1.csv, layout: long, dimensions: {area: area, sex: sex}, count: n,
     codes: {area: [m1, m2], sex: ["1", "2"]}}
earlier_publications:
  - {id: e1, title: 年報, file: e1.csv, layout: long, dimensions: {area: area, stage: stage}, count: n,
     codes: {area: [m1, m2], stage: ["430"]}}
""" + earlier_sex, encoding="utf-8")
    return folder / "manifest.yaml"


def test_a_town_size_this_submission_gives_equal_to_an_earlier_category_is_its_disclosure(tmp_path):
    code, found = rule1(write_earlier_category_derived(tmp_path / "c", "m1,1,14\nm1,2,10\nm2,1,20\nm2,2,15\n"))
    assert code == 1
    assert [(f["severity"], f["table"]) for f in found] == [("error", "t1")]
    assert found[0]["cell"]["area"] == "m1"
    assert "年報" in found[0]["reason"]["ja"] and "遠隔" in found[0]["reason"]["ja"]
    r = run("protect", tmp_path / "c" / "manifest.yaml", "-o", tmp_path / "out")
    assert r.returncode == 0, r.stdout + r.stderr
    assert rule1(tmp_path / "out" / "manifest.yaml") == (0, [])


def test_a_size_the_earlier_publications_give_themselves_is_not_this_submissions(tmp_path):
    rows = "m1,1,14\nm1,2,10\nm2,1,20\nm2,2,15\n"
    assert rule1(write_earlier_category_derived(tmp_path / "c", rows, earlier_sex_rows=rows)) == (0, [])


def test_a_larger_town_than_the_earlier_category_passes(tmp_path):
    assert rule1(write_earlier_category_derived(tmp_path / "c", "m1,1,14\nm1,2,25\nm2,1,20\nm2,2,15\n")) == (0, [])
