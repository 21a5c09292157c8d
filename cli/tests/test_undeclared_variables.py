"""Two dimensions with the same municipalities that declare no `variable:` are modelled as different
variables, so m2 = T - m1 - m3 across their tables is not part of the plain audit. hitoku audits once
more as if they were one: when that gives a cell away (表2 prints 甲町 = 12, so 表1's 乙町 = 60 - 30 -
12), it is an error naming the cells, not a pass with a warning; when it gives nothing away, a warning
asks which they are. Declaring the variables ends both. A patient's area beside a hospital's area
(identical lists, different things) is left alone."""
import json

from conftest import run

CODES = """      - {code: T, label: 計}
      - {code: m1, label: 甲町, parent: T}
      - {code: m2, label: 乙町, parent: T}
      - {code: m3, label: 丙町, parent: T}
"""
GROUPED = """      - {code: T, label: 計}
      - {code: A, label: 甲乙圏, parent: T}
      - {code: m1, label: 甲町, parent: A}
      - {code: m2, label: 乙町, parent: A}
      - {code: m3, label: 丙町, parent: T}
"""
LEAKY = ("T,60", "m1,12")  # 表2's rows: 甲町 = 12 printed


def write(folder, second_codes, variables=("", ""), earlier=False, hospital=False, second_rows=LEAKY):
    folder.mkdir()
    (folder / "t1.csv").write_text("mu,n\nT,60\nm1,*\nm2,*\nm3,30\n", encoding="utf-8")
    (folder / "t1_true.csv").write_text("mu,n\nm1,12\nm2,18\n", encoding="utf-8")
    (folder / "t2.csv").write_text("mu2,n\n" + "\n".join(second_rows) + "\n", encoding="utf-8")
    listed = ", ".join(row.split(",")[0] for row in second_rows)
    va, vb = (f"    variable: {v}\n" if v else "" for v in variables)
    hospital_key = ", hospital_dimension: mu2" if hospital else ""
    (folder / "manifest.yaml").write_text(f"""manifest_version: 1
submission: {{title: 同じ市町の二つの次元}}
policy: hyogo-2018
dimensions:
  mu:
{va}    codes:
{CODES}  mu2:
{vb}    codes:
{second_codes}tables:
  - {{id: t1, title: 表1, file: t1.csv, layout: long, dimensions: {{mu: mu}}, count: n, true_values: t1_true.csv}}
{"earlier_publications:" if earlier else ""}
  - {{id: t2, title: 表2, file: t2.csv, layout: long, dimensions: {{mu2: mu2}}, count: n, codes: {{mu2: [{listed}]}}{hospital_key}}}
""".replace("\n\n", "\n"), encoding="utf-8")
    return folder / "manifest.yaml"


def naming_both(manifest, severity):
    """(findings of `severity` naming both dimensions, the report, the exit code)."""
    r = run("check", manifest, "--format", "json")
    report = json.loads(r.stdout)
    assert report is not None, r.stderr
    found = [f for f in report["findings"] if f["severity"] == severity and "「mu」と「mu2」" in f["reason"]["ja"]]
    return found, report, r.returncode


def verdict(report, rule):
    return next(r for r in report["rules"] if r["rule"] == rule)["verdict"]


def test_same_municipalities_that_give_a_cell_away_when_taken_as_one_fail(tmp_path):
    found, report, code = naming_both(write(tmp_path / "plain", CODES), "error")
    assert code == 1 and [f["rule"] for f in found] == ["4"]
    assert sorted(c["cell"]["mu"] for c in found[0]["cells"]) == ["m1", "m2"]
    assert "乙町" in found[0]["reason"]["ja"] and "variable:" in found[0]["reason"]["en"]
    assert verdict(report, "4") == "fail"
    # the audit as declared gives nothing away: the failure is the hypothesis's alone
    assert not any(a["recoverable"] for a in report["suppressed_cells"])


def test_same_municipalities_that_give_nothing_away_pass_with_a_warning(tmp_path):
    found, report, code = naming_both(write(tmp_path / "quiet", CODES, second_rows=("T,60", "m3,30")), "warning")
    assert code == 0 and [f["rule"] for f in found] == ["4"]
    assert "variable:" in found[0]["reason"]["ja"] and "variable:" in found[0]["reason"]["en"]
    assert verdict(report, "4") == "warn"


def test_an_earlier_publication_with_its_own_copy_of_the_list_is_rule_5(tmp_path):
    found, report, code = naming_both(write(tmp_path / "earlier", CODES, earlier=True), "error")
    assert code == 1 and [f["rule"] for f in found] == ["5"] and verdict(report, "5") == "fail"
    quiet, _, code = naming_both(write(tmp_path / "quiet", CODES, earlier=True, second_rows=("T,60",)), "warning")
    assert code == 0 and [f["rule"] for f in quiet] == ["5"]


def test_a_grouping_listing_the_same_municipalities_is_judged_too(tmp_path):
    # 甲乙圏 = 30 beside 表1's total 60 and 丙町 30 says nothing new ...
    found, _, code = naming_both(write(tmp_path / "grouped", GROUPED, second_rows=("T,60", "A,30")), "warning")
    assert code == 0 and len(found) == 1
    # ... 甲町 = 12 printed in the grouping's table gives 乙町 away
    found, _, code = naming_both(write(tmp_path / "leaky", GROUPED), "error")
    assert code == 1 and len(found) == 1


def test_declaring_one_variable_checks_across_and_declaring_two_silences(tmp_path):
    same, report, _ = naming_both(write(tmp_path / "same", CODES, variables=("muni", "muni")), "warning")
    assert same == [] and naming_both(tmp_path / "same" / "manifest.yaml", "error")[0] == []
    # declared as one variable, m1 = 12 is published in t2, so t1's m2 = 60 - 30 - 12 follows: rule ④ fails
    assert verdict(report, "4") == "fail" and any(a["recoverable"] for a in report["suppressed_cells"])
    apart, report, code = naming_both(write(tmp_path / "apart", CODES, variables=("patient", "other")), "warning")
    assert apart == [] and code == 0 and naming_both(tmp_path / "apart" / "manifest.yaml", "error")[0] == []


def test_a_hospital_area_beside_the_patient_area_is_not_named(tmp_path):
    for severity in ("warning", "error"):
        found, _, _ = naming_both(write(tmp_path / severity, CODES, hospital=True), severity)
        assert found == []


RENAMED = """      - {code: U, label: 計}
      - {code: "282011", label: 甲町, parent: U}
      - {code: "282021", label: 乙町, parent: U}
      - {code: "282031", label: 丙町, parent: U}
"""


def test_the_same_municipalities_under_other_codes_are_judged_as_one(tmp_path):
    """6-digit codes with a check digit beside 5-digit ones (or M/F beside 1/2): the same names, other codes."""
    found, report, code = naming_both(write(tmp_path / "plain", RENAMED, second_rows=("U,60", "282011,12")), "error")
    assert code == 1 and [f["rule"] for f in found] == ["4"], report["findings"]
    assert sorted(c["cell"]["mu"] for c in found[0]["cells"]) == ["m1", "m2"]
    assert "同じ末端の名称" in found[0]["reason"]["ja"] and "other codes" in found[0]["reason"]["en"]
    quiet, _, code = naming_both(write(tmp_path / "quiet", RENAMED, second_rows=("U,60", "282031,30")), "warning")
    assert code == 0 and len(quiet) == 1
    # names that differ are other things: nothing to say
    other = RENAMED.replace("甲町", "甲村")
    assert naming_both(write(tmp_path / "other", other, second_rows=("U,60", "282011,12")), "error")[0] == []


def test_an_earlier_tables_hidden_count_given_away_across_twins_is_rule_5(tmp_path):
    """年報 by sex coded T/M/F hides 甲町's men and women; this table prints 乙町's men, and 年報's total men
    give 甲町's men: 33 − 30 = 3 (rule ⑤), although no code links 1/2 to M/F. Names written with a space or
    a full-width space are the same names; a list with one more code (不詳) is named as possibly the same."""
    manifest = sex_twins(tmp_path / "mf")
    r = run("check", manifest, "--format", "json")
    report = json.loads(r.stdout)
    found = [f for f in report["findings"] if f["severity"] == "error" and "「sex」と「g」" in f["reason"]["ja"]]
    assert r.returncode == 1 and [f["rule"] for f in found] == ["5"], report["findings"]
    assert {"m1"} <= {c["cell"]["mu"] for c in found[0]["cells"]}
    spaced = sex_twins(tmp_path / "spaced", "{code: M, label: \"男 \", parent: T}", "{code: F, label: \"女　\", parent: T}")
    assert run("check", spaced).returncode == 1
    extra = sex_twins(tmp_path / "extra", "{code: M, label: 男, parent: T}\n      - {code: U, label: 不詳, parent: T}")
    r = run("check", extra, "--format", "json")
    named = [f for f in json.loads(r.stdout)["findings"] if "「sex」と「g」" in f["reason"]["ja"]]
    assert r.returncode in (0, 1) and len(named) == 1, r.stdout[:500]


def sex_twins(folder, male="{code: M, label: 男, parent: T}", female="{code: F, label: 女, parent: T}"):
    folder.mkdir()
    (folder / "m.csv").write_text("mu,n\nm2,30\n", encoding="utf-8")
    (folder / "e1.csv").write_text("mu,g,n\nT,T,78\nT,M,33\nT,F,45\nm1,T,23\nm1,M,*\nm1,F,*\nm2,T,55\nm2,M,*\nm2,F,*\n",
                                   encoding="utf-8")
    (folder / "manifest.yaml").write_text("""manifest_version: 1
submission: {title: 性別の符号が違う既公表の表}
policy: hyogo-2018
dimensions:
  mu:
    codes:
      - {code: T, label: 計}
      - {code: m1, label: 甲町, parent: T}
      - {code: m2, label: 乙町, parent: T}
  sex:
    codes:
      - {code: "0", label: 計}
      - {code: "1", label: 男, parent: "0"}
      - {code: "2", label: 女, parent: "0"}
  g:
    codes:
      - {code: T, label: 計}
      - MALE
      - FEMALE
tables:
  - {id: m, title: 男性 乙町, file: m.csv, layout: long, fixed: {sex: "1"}, dimensions: {mu: mu}, codes: {mu: [m2]}, count: n}
earlier_publications:
  - {id: e1, title: 年報, file: e1.csv, layout: long, dimensions: {mu: mu, g: g}, codes: {g: [T, M, F]}, count: n}
""".replace("FEMALE", female).replace("MALE", male), encoding="utf-8")
    return folder / "manifest.yaml"


HANSHIN = [("28202", "尼崎市", 300, 250), ("28204", "西宮市", 280, 240), ("28206", "芦屋市", 60, 55), ("28207", "伊丹市", 120, 100),
           ("28214", "宝塚市", 150, 140), ("28217", "川西市", 110, 100), ("28219", "三田市", 70, 60), ("28301", "猪名川町", 3, 12)]


def test_a_dimension_named_like_the_references_medical_areas_is_judged_as_their_grouping(testdata, tmp_path):
    """表2 prints 阪神 (a flat dimension: 阪神, 阪神以外) and 表1 the towns of 阪神 with 猪名川町 hidden. The shipped
    reference puts the eight towns in 阪神, so 猪名川町's men = 1,093 − 1,090 = 3, though no code links them."""
    def case(name, t2_rows, area_label="阪神"):
        folder = tmp_path / name
        folder.mkdir()
        codes = "".join(f'      - {{code: "{c}", label: {n}, parent: "28000"}}\n' for c, n, _, _ in HANSHIN)
        (folder / "t1.csv").write_text("市町,男,女\n" + "".join(f"{n},{'*' if c == '28301' else m},{'*' if c == '28301' else w}\n"
                                                               for c, n, m, w in HANSHIN), encoding="utf-8")
        (folder / "t1_true.csv").write_text("市町,男,女\n" + "".join(f"{n},{m},{w}\n" for _, n, m, w in HANSHIN), encoding="utf-8")
        (folder / "t2.csv").write_text("圏域,男,女\n" + t2_rows, encoding="utf-8")
        reference = testdata.parent / "reference"
        (folder / "manifest.yaml").write_text(f"""manifest_version: 1
submission: {{title: 医療圏の名前の次元}}
policy: hyogo-2018
allowed_folders: [{reference}]
dimensions:
  area:
    codes:
      - {{code: "28000", label: 兵庫県}}
{codes}      - {{code: "28999", label: その他の市町, parent: "28000"}}
  mra:
    codes:
      - {{code: "00", label: 兵庫県}}
      - {{code: "02", label: {area_label}, parent: "00"}}
      - {{code: "99", label: {area_label}以外, parent: "00"}}
  sex:
    codes:
      - {{code: "0", label: 計}}
      - {{code: "1", label: 男, parent: "0"}}
      - {{code: "2", label: 女, parent: "0"}}
geography: {{dimension: area, adjacency_file: {reference}/hyogo_adjacency.csv, reference: hyogo, reference_version: N03-2021-01-01-r1}}
tables:
  - {{id: t1, title: 表1, file: t1.csv, layout: wide, rows: [area], columns: sex, codes: {{area: [{", ".join(c for c, _, _, _ in HANSHIN)}], sex: ["1", "2"]}}, true_values: t1_true.csv}}
  - {{id: t2, title: 表2, file: t2.csv, layout: wide, rows: [mra], columns: sex, codes: {{mra: ["02"], sex: ["1", "2"]}}}}
""", encoding="utf-8")
        r = run("check", folder / "manifest.yaml", "--format", "json")
        report = json.loads(r.stdout)
        assert report is not None, r.stderr
        return r.returncode, [f for f in report["findings"] if "「area」と「mra」" in f["reason"]["ja"]]

    code, found = case("leak", "阪神,1093,957\n")
    assert code == 1 and len(found) == 1 and found[0]["severity"] == "error" and found[0]["rule"] == "4", found
    assert {c["cell"]["area"] for c in found[0]["cells"]} == {"28301"} and "阪神" in found[0]["reason"]["ja"]
    assert case("named", "阪神医療圏,1093,957\n", area_label="阪神医療圏")[0] == 1
    assert case("formal", "阪神二次保健医療圏,1093,957\n", area_label="阪神二次保健医療圏")[0] == 1
    assert case("spaced", "阪神 圏域,1093,957\n", area_label="阪神 圏域")[0] == 1
    # a name that is no medical area of the reference: nothing links them, nothing is said
    code, found = case("other", "北圏,1093,957\n", area_label="北圏")
    assert code == 0 and found == [], found
