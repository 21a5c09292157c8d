"""Rule ①, group disclosure across groupings of one variable (manifest `variable:`). A category equal to
its group's size is a disclosure whichever grouping prints the group: 表1 prints stage 遠隔 24 for 甲町,
表2 prints 甲町's 進行 (= 領域 + 遠隔, another grouping of stage) 24, so every 進行 patient of 甲町 is 遠隔;
or 表2 prints 甲町's 計 40 and 早期 16, so 進行 = 24 by subtraction. These were PASSes: a category was
compared only with the groups of its own grouping. The group's other dimensions may use any grouping
(東地区 = 甲町 + 乙町 from another grouping's towns; found before too, kept as a control)."""
from conftest import rule_findings, run
from manifest_dims import STAGE

AREA = """  area:
    variable: town
    codes:
      - {code: T, label: 計}
      - {code: m1, label: 甲町, parent: T}
      - {code: m2, label: 乙町, parent: T}
      - {code: m3, label: 丙町, parent: T}
      - {code: m4, label: 丁町, parent: T}
  district:
    variable: town
    codes:
      - {code: T, label: 計}
      - {code: d1, label: 東地区, parent: T}
      - {code: d2, label: 西地区, parent: T}
      - {code: m1, label: 甲町, parent: d1}
      - {code: m2, label: 乙町, parent: d1}
      - {code: m3, label: 丙町, parent: d2}
      - {code: m4, label: 丁町, parent: d2}
"""
STAGES = STAGE + """  stage2:
    variable: stage
    label: 進展度2区分
    codes:
      - {code: "000", label: 計}
      - {code: EARLY, label: 早期, parent: "000"}
      - {code: ADV, label: 進行, parent: "000"}
      - {code: "410", label: 限局, parent: EARLY}
      - {code: "420", label: 領域, parent: ADV}
      - {code: "430", label: 遠隔, parent: ADV}
"""


def write(folder, files, tables, earlier=""):
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "manifest.yaml").write_text(
        "manifest_version: 1\nsubmission: {title: 進展度}\npolicy: hyogo-2018\ndimensions:\n" + AREA + STAGES
        + "tables:\n" + tables + earlier, encoding="utf-8")
    return folder / "manifest.yaml"


def stage_groupings(folder, advanced_rows, earlier=False):
    """遠隔 by town (in 表1, or in the earlier 年報) and 進行 by town in 表2."""
    files = {"t1.csv": "area,stage,n\nm1,430,24\nm2,430,12\n", "t2.csv": "area,stage2,n\n" + advanced_rows}
    distant = ("  - {id: t1, title: 表1 遠隔の患者, file: t1.csv, layout: long, dimensions: {area: area, stage: stage},"
               " count: n, codes: {area: [m1, m2], stage: [\"430\"]}}\n")
    advanced = ("  - {id: t2, title: 表2 進行の患者, file: t2.csv, layout: long, dimensions: {area: area, stage2: stage2},"
                " count: n, codes: {area: [m1, m2], stage2: [ADV]}}\n")
    if earlier:
        return write(folder, files, advanced, "earlier_publications:\n" + distant.replace("表1 遠隔の患者", "年報"))
    return write(folder, files, distant + advanced)


def district_from_towns(folder, town_rows):
    """遠隔 by district in 表1 (東地区 36), town sizes in 表2 (no district total printed anywhere)."""
    files = {"t1.csv": "district,stage,n\nd1,430,36\nd2,430,25\n", "t2.csv": "area,n\n" + town_rows}
    return write(folder, files,
                 "  - {id: t1, title: 表1 遠隔の患者, file: t1.csv, layout: long, dimensions: {district: district, stage: stage},"
                 " count: n, codes: {district: [d1, d2], stage: [\"430\"]}}\n"
                 "  - {id: t2, title: 表2 町別, file: t2.csv, layout: long, dimensions: {area: area}, count: n,"
                 " codes: {area: [m1, m2, m3, m4]}}\n")


def rule1(manifest):
    return rule_findings(manifest, "1")


def test_a_category_equal_to_its_group_in_another_grouping_is_disclosed(tmp_path):
    code, found = rule1(stage_groupings(tmp_path / "c", "m1,ADV,24\nm2,ADV,30\n"))
    assert code == 1
    assert [(f["severity"], f["table"], f["cell"]) for f in found] == [("error", "t1", {"area": "m1", "stage": "430"})]
    assert "進行" in found[0]["reason"]["ja"] and "遠隔" in found[0]["reason"]["ja"]


def test_a_larger_group_in_another_grouping_passes(tmp_path):
    assert rule1(stage_groupings(tmp_path / "c", "m1,ADV,40\nm2,ADV,30\n")) == (0, [])  # 16 領域


def test_protect_hides_the_category(tmp_path):
    manifest = stage_groupings(tmp_path / "c", "m1,ADV,24\nm2,ADV,30\n")
    r = run("protect", manifest, "-o", tmp_path / "out")
    assert r.returncode == 0, r.stdout + r.stderr
    assert rule1(tmp_path / "out" / "manifest.yaml") == (0, [])


def test_an_earlier_category_equal_to_a_group_printed_here_in_another_grouping(tmp_path):
    code, found = rule1(stage_groupings(tmp_path / "c", "m1,ADV,24\nm2,ADV,30\n", earlier=True))
    assert code == 1
    assert [(f["severity"], f["table"], f["cell"]) for f in found] == [("error", "t2", {"area": "m1", "stage2": "ADV"})]
    assert "年報" in found[0]["reason"]["ja"]


def test_a_district_size_given_by_another_groupings_towns_is_disclosed(tmp_path):
    code, found = rule1(district_from_towns(tmp_path / "c", "m1,20\nm2,16\nm3,30\nm4,22\n"))
    assert code == 1
    assert [(f["severity"], f["table"], f["cell"]) for f in found] == [("error", "t1", {"district": "d1", "stage": "430"})]
    r = run("protect", tmp_path / "c" / "manifest.yaml", "-o", tmp_path / "out")
    assert r.returncode == 0, r.stdout + r.stderr
    assert rule1(tmp_path / "out" / "manifest.yaml") == (0, [])


def test_a_district_larger_than_its_category_passes(tmp_path):
    assert rule1(district_from_towns(tmp_path / "c", "m1,20\nm2,26\nm3,30\nm4,22\n")) == (0, [])  # 46: 10 not 遠隔


def advanced_by_subtraction(folder, early_rows):
    """遠隔 by town in 表1; 表2 prints 早期 and the town's total by the other grouping, not 進行."""
    files = {"t1.csv": "area,stage,n\nm1,430,24\nm2,430,12\n", "t2.csv": "area,stage2,n\n" + early_rows}
    return write(folder, files,
                 "  - {id: t1, title: 表1 遠隔の患者, file: t1.csv, layout: long, dimensions: {area: area, stage: stage},"
                 " count: n, codes: {area: [m1, m2], stage: [\"430\"]}}\n"
                 "  - {id: t2, title: 表2 早期と計, file: t2.csv, layout: long, dimensions: {area: area, stage2: stage2},"
                 " count: n, codes: {area: [m1, m2], stage2: [\"000\", EARLY]}}\n")


def test_a_group_of_another_grouping_given_by_subtraction_is_disclosed(tmp_path):
    # 甲町: 40 - 16 早期 = 24 進行, all of them 遠隔.
    code, found = rule1(advanced_by_subtraction(tmp_path / "c", "m1,000,40\nm1,EARLY,16\nm2,000,50\nm2,EARLY,20\n"))
    assert code == 1
    assert [(f["severity"], f["table"], f["cell"]) for f in found] == [("error", "t1", {"area": "m1", "stage": "430"})]
    assert "進行" in found[0]["reason"]["ja"]
    r = run("protect", tmp_path / "c" / "manifest.yaml", "-o", tmp_path / "out")
    assert r.returncode == 0, r.stdout + r.stderr
    assert rule1(tmp_path / "out" / "manifest.yaml") == (0, [])


def test_a_larger_group_given_by_subtraction_passes(tmp_path):
    assert rule1(advanced_by_subtraction(tmp_path / "c", "m1,000,50\nm1,EARLY,16\nm2,000,50\nm2,EARLY,20\n")) == (0, [])
