"""Derived values beside counts (issue 19), on testdata/derived: rates, shares and age-standardised rates
printed beside suppressed counts give them away (the check fails naming the value and its computation);
`hitoku protect` withholds them and its tables pass; an undeclared column is an input error."""
import json
import shutil

from conftest import check_json, run
from schema_check import errors
from test_report_schema import SCHEMA


def test_rates_beside_suppressed_counts_fail_naming_the_value(testdata):
    code, report, err = check_json(testdata / "derived" / "manifest.yaml")
    assert code == 1, err
    assert report["verdict"] == "fail"
    assert errors(report, SCHEMA) == []
    leaks = [f for f in report["findings"] if f["rule"] == "4" and f["severity"] == "error"]
    kami = [f for f in leaks if "香美町 × 0-64歳" in f["cell_label"]]
    assert len(kami) == 1
    assert "11.1 × 9,000 / 100,000 = 0.999" in kami[0]["reason"]["en"]
    assert "粗罹患率" in kami[0]["reason"]["ja"] and "年齢調整罹患率" in kami[0]["reason"]["ja"]
    assert any("備考" in f["reason"]["ja"] and f["severity"] == "info" for f in report["findings"])
    # The report shows the columns beside the counts: derived values as printed, the ignored note with its reason.
    columns = {c["header"]: c for c in report["tables"][0]["columns"]}
    assert columns["粗罹患率"]["kind"] == "rate" and columns["粗罹患率"]["decimals"] == 1
    assert columns["備考"]["kind"] == "ignored" and columns["備考"]["reason"] == "部位の注記（文字のみ）"
    t1 = (testdata / "derived" / "t1.csv").read_text(encoding="utf-8").splitlines()
    header = t1[0].split(",")
    printed = [row.split(",")[header.index("粗罹患率")] or None for row in t1[1:]]
    assert sorted(v for v in columns["粗罹患率"]["values"] if v) == sorted(v for v in printed if v and v != "*")


def test_protect_withholds_the_derived_values_and_the_result_passes(testdata, tmp_path):
    out = tmp_path / "out"
    r = run("protect", testdata / "derived" / "manifest.yaml", "--output", out)
    assert r.returncode == 0, r.stdout + r.stderr
    rows = [line.split(",") for line in (out / "t1.csv").read_text(encoding="utf-8").splitlines()]
    header = rows[0]
    for row in rows[1:]:
        if row[header.index("罹患数")] == "*":
            assert row[header.index("粗罹患率")] == "*", row
    code, report, err = check_json(out / "manifest.yaml")
    assert code == 0 and report["verdict"] == "pass", err
    protect_report = json.loads((out / "protect-report.json").read_text(encoding="utf-8"))
    assert any("withheld with their suppressed counts" in f["reason"]["en"] for f in protect_report["findings"])
    # Withheld values print nothing in the report: none beside a suppressed count.
    table = protect_report["tables"][0]
    rates = next(c for c in table["columns"] if c["header"] == "粗罹患率")
    for status, value in zip(table["status"], rates["values"]):
        assert status == "published" or value is None


def test_an_undeclared_column_is_an_input_error(testdata, tmp_path):
    folder = tmp_path / "d"
    shutil.copytree(testdata / "derived", folder)
    manifest = (folder / "manifest.yaml").read_text(encoding="utf-8")
    (folder / "manifest.yaml").write_text(manifest.replace("    ignore_columns: {備考: 部位の注記（文字のみ）}\n", ""),
                                          encoding="utf-8")
    r = run("check", folder / "manifest.yaml")
    assert r.returncode == 2
    assert "t1.csv:1 [備考]" in r.stderr


# Wide tables (testdata/derived_wide): the rates and shares are printed as second wide tables of the
# counts' layout, declared with name + file (docs/formats.md §2.1).

def wide_rows(path, encoding="utf-8"):
    return [line.split(",") for line in path.read_text(encoding=encoding).splitlines()]


def test_wide_blocks_of_rates_fail_naming_the_rate_and_protect_marks_them(testdata, tmp_path):
    code, report, err = check_json(testdata / "derived_wide" / "manifest.yaml")
    assert code == 1, err
    assert errors(report, SCHEMA) == []
    leaks = [f for f in report["findings"] if f["rule"] == "4" and f["severity"] == "error"]
    kami = [f for f in leaks if "香美町 × 0-64歳" in f["cell_label"]]
    assert len(kami) == 1 and "11.1 × 9,000 / 100,000 = 0.999" in kami[0]["reason"]["en"]
    out = tmp_path / "out"
    r = run("protect", testdata / "derived_wide" / "manifest.yaml", "--output", out)
    assert r.returncode == 0, r.stdout + r.stderr
    counts, rates, shares = (wide_rows(out / name) for name in ("t1.csv", "t1_rate.csv", "t1_share.csv"))
    assert rates[0] == counts[0] and len(rates) == len(counts)  # the counts' layout
    for count_row, rate_row in zip(counts[1:], rates[1:]):
        for count, rate in zip(count_row[1:], rate_row[1:]):
            assert (count == "*") == (rate == "*"), (count_row, rate_row)
    assert shares[2][3] == "*"  # 丹波篠山市's share of 65+ over its suppressed total
    manifest = (out / "manifest.yaml").read_text(encoding="utf-8")
    assert "name: 粗罹患率" in manifest and "file: t1_rate.csv" in manifest
    code, report, err = check_json(out / "manifest.yaml")
    assert code == 0 and report["verdict"] == "pass", err


def test_wide_blocks_read_the_same_from_cp932_and_from_workbook_sheets(testdata, tmp_path):
    import openpyxl
    _, expected, _ = check_json(testdata / "derived_wide" / "manifest.yaml")
    folder = tmp_path / "cp932"
    shutil.copytree(testdata / "derived_wide", folder)
    for name in ("t1.csv", "t1_true.csv", "t1_rate.csv", "t1_share.csv"):
        text = (folder / name).read_text(encoding="utf-8")
        (folder / name).write_bytes(text.encode("cp932"))
    code, report, err = check_json(folder / "manifest.yaml")
    assert code == 1, err
    assert [f["reason"] for f in report["findings"]] == [f["reason"] for f in expected["findings"]]
    book_dir = tmp_path / "book"
    shutil.copytree(testdata / "derived_wide", book_dir)
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet, name in (("表1", "t1.csv"), ("真値", "t1_true.csv"), ("率", "t1_rate.csv"), ("構成比", "t1_share.csv")):
        ws = book.create_sheet(sheet)
        for row in wide_rows(book_dir / name):
            ws.append([float(v) if "." in v else (int(v) if v.isdigit() and not v.startswith("0") else v or None)
                       for v in row])
        if sheet in ("率", "構成比"):  # one decimal, as Excel shows a rate
            for row in ws.iter_rows(min_row=2, min_col=2):
                for cell in row:
                    cell.number_format = "0.0"
    book.save(book_dir / "tables.xlsx")
    manifest = (book_dir / "manifest.yaml").read_text(encoding="utf-8")
    manifest = (manifest.replace("file: t1.csv", "file: tables.xlsx\n    sheet: 表1")
                .replace("true_values: t1_true.csv", "true_values: tables.xlsx\n    true_values_sheet: 真値")
                .replace("file: t1_rate.csv", "file: tables.xlsx\n        sheet: 率")
                .replace("file: t1_share.csv", "file: tables.xlsx\n        sheet: 構成比"))
    (book_dir / "manifest.yaml").write_text(manifest, encoding="utf-8")
    code, report, err = check_json(book_dir / "manifest.yaml")
    assert code == 1, err
    assert [f["reason"] for f in report["findings"]] == [f["reason"] for f in expected["findings"]]
    out = tmp_path / "book_out"
    r = run("protect", book_dir / "manifest.yaml", "--output", out)
    assert r.returncode == 0, r.stdout + r.stderr
    written = openpyxl.load_workbook(out / "tables.xlsx")
    assert {"表1", "率", "構成比"} <= set(written.sheetnames)
    assert written["率"]["C3"].value == "*" and written["表1"]["C3"].value == "*"
    code, report, err = check_json(out / "manifest.yaml")
    assert code == 0 and report["verdict"] == "pass", err


def test_bad_wide_blocks_exit_2_naming_file_line_and_field(testdata, tmp_path):
    folder = tmp_path / "d"
    shutil.copytree(testdata / "derived_wide", folder)
    rate = (folder / "t1_rate.csv").read_text(encoding="utf-8")
    (folder / "t1_rate.csv").write_text(rate.replace("市町,計,0-64,65+", "市町,計,0-64,65+,備考"), encoding="utf-8")
    r = run("check", folder / "manifest.yaml")
    assert r.returncode == 2 and "t1_rate.csv:1 [備考]" in r.stderr, r.stderr
    (folder / "t1_rate.csv").write_text(rate, encoding="utf-8")
    population = (folder / "population.csv").read_text(encoding="utf-8")
    (folder / "population.csv").write_text(population.replace("28585,0-64,9000\n", ""), encoding="utf-8")
    r = run("check", folder / "manifest.yaml")
    assert r.returncode == 2 and "t1_rate.csv:5 [0-64]" in r.stderr, r.stderr
    (folder / "population.csv").write_text(population, encoding="utf-8")
    manifest = (folder / "manifest.yaml").read_text(encoding="utf-8")
    (folder / "manifest.yaml").write_text(manifest.replace("name: 粗罹患率", "column: 粗罹患率"), encoding="utf-8")
    r = run("check", folder / "manifest.yaml")
    assert r.returncode == 2 and "manifest.yaml:36 [column]" in r.stderr, r.stderr


EARLIER_BY_DISTRICT = """manifest_version: 1
policy: hyogo-2018
submission:
  title: 例
  approval: {date: "2024-04-01", number: 例第1号}
  purpose: 例
  publication: {venue: 例, date: "2025-01"}
  attribution: 本成果は、がん登録等の推進に関する法律に基づき提供を受けた情報を利用者が独自に作成・加工したものである。
dimensions:
  area:
    variable: town
    label: 市町
    codes: [{code: "0", label: 計}, {code: a1, label: 甲町, parent: "0"}, {code: a2, label: 乙町, parent: "0"},
            {code: a3, label: 丙町, parent: "0"}, {code: a4, label: 丁町, parent: "0"}]
  district:
    variable: town
    label: 地区
    codes: [{code: "0", label: 計}, {code: d1, label: 東地区, parent: "0"}, {code: d2, label: 西地区, parent: "0"},
            {code: a1, parent: d1}, {code: a3, parent: d1}, {code: a2, parent: d2}, {code: a4, parent: d2}]
tables:
  - {id: t1, file: t1.csv, layout: long, dimensions: {area: 市町}, count: 罹患数, true_value_column: 真値}
earlier_publications:
  - id: e1
    file: e1.csv
    layout: long
    dimensions: {district: 地区}
    count: 罹患数
    true_value_column: 真値
    derived:
      - {column: 粗罹患率, kind: rate, decimals: DEC, population: {file: pop.csv, column: 人口}}
"""


def test_earlier_rate_of_another_grouping_fails_rule_5_and_passes_with_fewer_decimals(tmp_path):
    """The earlier table by district printed the rate of a suppressed district (21 of 1,000,000 per 100,000):
    with one decimal it pins d1 = a1 + a3 and so the town a1 = 1 suppressed now (rule ⑤, naming the earlier
    value); with none the interval of d1 is 15..24 and the check passes. Brute force: a1 = d1 - 20, a1 + a2 = 15."""
    for decimals, printed in ((1, "2.1"), (0, "2")):
        folder = tmp_path / str(decimals)
        folder.mkdir()
        (folder / "m.yaml").write_text(EARLIER_BY_DISTRICT.replace("DEC", str(decimals)), encoding="utf-8")
        (folder / "t1.csv").write_text("市町,罹患数,真値\n0,60,\na1,*,1\na2,*,14\na3,20,\na4,25,\n", encoding="utf-8")
        (folder / "e1.csv").write_text("地区,罹患数,粗罹患率,真値\n0,60,,\nd1,*,%s,21\nd2,*,,39\n" % printed, encoding="utf-8")
        (folder / "pop.csv").write_text("地区,人口\n0,2000000\nd1,1000000\nd2,1000000\n", encoding="utf-8")
        a1 = [x for x in range(16) if (2 * (x + 20) * 100000 * 10 ** decimals + 1000000) // 2000000 == int(printed.replace(".", ""))]
        code, report, err = check_json(folder / "m.yaml")
        assert errors(report, SCHEMA) == []
        rule5 = [f for f in report["findings"] if f["rule"] == "5" and f["severity"] == "error"]
        if len(a1) == 1:
            assert code == 1, err
            assert any("甲町" in f["cell_label"] and "earlier publication 'e1'" in f["reason"]["en"] for f in rule5)
        else:
            assert code == 0 and rule5 == [], err
        assert not any("NOT audited" in f["reason"]["en"] for f in report["findings"])
