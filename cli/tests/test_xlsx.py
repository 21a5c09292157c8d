"""Excel workbooks in and out. The workbooks read here are written by openpyxl (Debian's python3-openpyxl),
not by hitoku: cell types, shared strings, merged cells and number formats as a real tool writes them."""
import csv
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import run

ENCODINGS = {"utf-8": "utf-8", "cp932": "cp932", "utf-8-bom": "utf-8-sig"}
def typed(text):
    """What Excel stores for a typed entry: a number for digits without a leading zero, else text."""
    if re.fullmatch(r"[1-9][0-9]*|0", text):
        return int(text)
    return text or None


def csv_rows(path, encoding):
    return list(csv.reader(io.StringIO(Path(path).read_text(encoding=encoding))))


def sample_as_workbook(sample, folder):
    """The CSV sample rewritten as tables.xlsx: one sheet per table (表1, 表2, 表3), a merged title row
    above 表2 and its true values on a sheet of their own, 部位 merged down the long table 表1, 市町コード
    merged over each area's three rows, counts formatted #,##0. Returns the manifest path."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = (sample / "manifest.yaml").read_text(encoding="utf-8")
    tables = re.findall(r"\n    file: (\S+)\n    encoding: (\S+)\n", manifest)
    true_file = re.search(r"true_values: (\S+)", manifest).group(1)
    assert len(tables) == 3
    book = openpyxl.Workbook()
    book.remove(book.active)
    sheets = [("表1", *tables[0]), ("表2", *tables[1]), ("表2の真値", true_file, tables[1][1]), ("表3", *tables[2])]
    for sheet, file, encoding in sheets:
        ws = book.create_sheet(sheet)
        rows = csv_rows(sample / file, ENCODINGS[encoding])
        offset = 0
        if sheet.startswith("表2"):  # its true values have the same shape, title row included
            ws.append(["表2 市町・二次保健医療圏別、部位別 がん罹患数（男女計）"])
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
            offset = 1
        for r, row in enumerate(rows, start=1 + offset):
            for c, text in enumerate(row, start=1):
                value = typed(text)
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, int) and r > 1 + offset and c > 1:
                    cell.number_format = "#,##0"
        if sheet == "表1":
            # Merged labels, as people lay tables out in Excel: the one site down its column (text),
            # and each area's code over its three rows (a number: only in a label column is it a label).
            ws.merge_cells(start_row=2, start_column=2, end_row=len(rows), end_column=2)
            for first in range(2, len(rows) + 1, 3):
                assert rows[first - 1][0] == rows[first + 1][0]
                ws.merge_cells(start_row=first, start_column=1, end_row=first + 2, end_column=1)
    book.save(folder / "tables.xlsx")
    for (sheet, file, encoding), extra in zip([sheets[0], sheets[1], sheets[3]], ["", "\n    skip_rows: 1", ""]):
        manifest = manifest.replace(f"\n    file: {file}\n    encoding: {encoding}\n",
                                    f"\n    file: tables.xlsx\n    sheet: {sheet}{extra}\n")
    manifest = manifest.replace(f"true_values: {true_file}", "true_values: tables.xlsx\n    true_values_sheet: 表2の真値")
    manifest = manifest.replace("codes_file: ../", f"codes_file: {sample.parent.resolve()}/")
    manifest = manifest.replace('allowed_folders: [".."]', f'allowed_folders: ["{sample.parent.resolve()}"]')
    assert manifest.count("tables.xlsx") == 4
    (folder / "manifest.yaml").write_text(manifest, encoding="utf-8")
    return folder / "manifest.yaml"


def edit_parts(path, edits):
    """Rewrites parts of a workbook: edits maps a part's name to a function of its XML text (what other
    writers than openpyxl store: cached formula results, calcPr flags, cells Excel typed)."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    for name, edit in edits.items():
        parts[name] = edit(parts[name].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)


def edit_cell(xml, ref, inner):
    """The cell `ref` of a sheet's XML with its <v> replaced by inner(value), exactly once."""
    new, n = re.subn(rf'<c r="{ref}"([^>]*)><v>([^<]*)</v></c>', lambda m: f'<c r="{ref}"{m.group(1)}>{inner(m.group(2))}</c>', xml)
    assert n == 1, xml
    return new


def comparable(report):
    """A report without what differs between the CSV and the workbook twins: inputs and run fields."""
    return {k: v for k, v in report.items() if k not in ("inputs", "generated_at", "written_files", "seal")}


@pytest.mark.parametrize("name", ["pass", "fail"])
def test_workbook_gives_the_report_of_its_csv_twin(testdata, tmp_path, name):
    sample = testdata / "sample" / name
    manifest = sample_as_workbook(sample, tmp_path / "book")
    csv_run = run("check", sample / "manifest.yaml", "--format", "json")
    book_run = run("check", manifest, "--format", "json")
    assert book_run.returncode == csv_run.returncode, book_run.stderr
    csv_report, book_report = json.loads(csv_run.stdout), json.loads(book_run.stdout)
    assert comparable(book_report) == comparable(csv_report)
    roles = {(i["path"], i["role"]) for i in book_report["inputs"]}
    assert ("tables.xlsx", "table") in roles and ("tables.xlsx", "true_values") in roles


def sheet_values(path, sheet):
    ws = openpyxl.load_workbook(path)[sheet]
    return [[c for c in row] for row in ws.iter_rows(values_only=True)]


def test_protect_writes_a_workbook_openpyxl_reads_with_the_csv_values(testdata, tmp_path):
    """protect on the workbook twin writes the workbook back (a sheet per table, markers for suppressed
    cells); its values are those of protect on the CSV sample, and hitoku reads it back as passing."""
    sample = testdata / "sample" / "fail"
    manifest = sample_as_workbook(sample, tmp_path / "book")
    r_csv = run("protect", sample / "manifest.yaml", "-o", tmp_path / "out-csv", timeout=600)
    r_book = run("protect", manifest, "-o", tmp_path / "out-book", timeout=600)
    assert r_csv.returncode == 0 and r_book.returncode == 0, r_book.stderr
    written = tmp_path / "out-book" / "tables.xlsx"
    assert sorted(openpyxl.load_workbook(written).sheetnames) == ["表1", "表2", "表3"]
    # 表1 is long: the same rows as the CSV written from the CSV sample, numbers as numbers.
    csv_t1 = csv_rows(tmp_path / "out-csv" / "t1.csv", "utf-8")
    book_t1 = sheet_values(written, "表1")
    assert [[None if v is None else str(v) for v in row] for row in book_t1] == \
        [[v or None for v in row] for row in csv_t1]
    counts = [row[3] for row in book_t1[1:]]
    assert any(isinstance(v, int) for v in counts) and "*" in counts  # counts are numbers, markers text
    # 表2 keeps its title row; its cells match the CSV twin's.
    csv_t2 = csv_rows(tmp_path / "out-csv" / "t2.csv", "cp932")
    book_t2 = sheet_values(written, "表2")
    assert book_t2[0][0].startswith("表2")
    assert [[None if v is None else str(v) for v in row] for row in book_t2[1:]] == \
        [[v or None for v in row] for row in csv_t2]
    # The true values went to a workbook of their own, never into the one to publish.
    assert (tmp_path / "out-book" / "tables_true.xlsx").exists()
    again = run("check", tmp_path / "out-book" / "manifest.yaml", "--format", "json")
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["verdict"] == "pass"


def test_protect_xlsx_flag_puts_csv_tables_into_one_workbook(testdata, tmp_path):
    r = run("protect", testdata / "sample" / "fail" / "manifest.yaml", "-o", tmp_path / "out", "--xlsx", timeout=600)
    assert r.returncode == 0, r.stderr
    book = openpyxl.load_workbook(tmp_path / "out" / "tables.xlsx")
    assert book.sheetnames == ["t1", "t2", "t3"]
    assert sorted(p.name for p in (tmp_path / "out").glob("*.csv")) == ["changes.csv"]  # no table CSV
    assert not any(p.name.startswith(".") for p in (tmp_path / "out").iterdir()), "a temporary file was left behind"
    assert run("check", tmp_path / "out" / "manifest.yaml").returncode == 0


def test_bad_workbook_cell_is_named_by_sheet_and_cell(testdata, tmp_path):
    manifest = sample_as_workbook(testdata / "sample" / "pass", tmp_path / "book")
    book = openpyxl.load_workbook(tmp_path / "book" / "tables.xlsx")
    book["表3"]["C7"] = "abc"  # a count that is text
    book.save(tmp_path / "book" / "tables.xlsx")
    r = run("check", manifest)
    assert r.returncode == 2
    assert "tables.xlsx 表3!C7 [男]" in r.stderr, r.stderr


def test_missing_sheet_and_formula_without_value(testdata, tmp_path):
    manifest = sample_as_workbook(testdata / "sample" / "pass", tmp_path / "book")
    text = manifest.read_text(encoding="utf-8").replace("sheet: 表3", "sheet: 表9")
    manifest.write_text(text, encoding="utf-8")
    r = run("check", manifest)
    assert r.returncode == 2 and "シート「表9」がありません" in r.stderr and "表1, 表2, 表2の真値, 表3" in r.stderr
    manifest.write_text(text.replace("sheet: 表9", "sheet: 表3"), encoding="utf-8")
    book = openpyxl.load_workbook(tmp_path / "book" / "tables.xlsx")
    book["表3"]["B2"] = "=C2+D2"  # openpyxl stores no computed value
    book.save(tmp_path / "book" / "tables.xlsx")
    r = run("check", manifest)
    assert r.returncode == 2 and "表3!B2" in r.stderr and "数式" in r.stderr, r.stderr


@pytest.mark.parametrize("name", ["t1.xls", "t1.ods"])
def test_xls_and_ods_get_a_clear_message(testdata, tmp_path, name):
    sample = testdata / "sample" / "pass"
    folder = tmp_path / "sub"
    shutil.copytree(sample, folder)
    (folder / name).write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    text = (folder / "manifest.yaml").read_text(encoding="utf-8").replace("file: t1.csv", f"file: {name}")
    text = text.replace('allowed_folders: [".."]', f'allowed_folders: ["{sample.parent}"]').replace("../", f"{sample.parent}/")
    (folder / "manifest.yaml").write_text(text, encoding="utf-8")
    r = run("check", folder / "manifest.yaml")
    assert r.returncode == 2
    assert name in r.stderr and ".xlsx" in r.stderr and "CSV" in r.stderr, r.stderr


def test_workbook_saved_as_csv_is_named_as_a_workbook(testdata, tmp_path):
    sample = testdata / "sample" / "pass"
    folder = tmp_path / "sub"
    shutil.copytree(sample, folder)
    sample_as_workbook(sample, tmp_path / "book")
    shutil.copy(tmp_path / "book" / "tables.xlsx", folder / "t3.csv")
    text = (folder / "manifest.yaml").read_text(encoding="utf-8")
    text = text.replace('allowed_folders: [".."]', f'allowed_folders: ["{sample.parent}"]').replace("../", f"{sample.parent}/")
    (folder / "manifest.yaml").write_text(text, encoding="utf-8")
    r = run("check", folder / "manifest.yaml")
    assert r.returncode == 2 and "t3.csv" in r.stderr and "ブック" in r.stderr and "UTF-8" not in r.stderr.split("/")[0]


def test_zip_bomb_is_refused_before_it_is_inflated(testdata, tmp_path):
    manifest = sample_as_workbook(testdata / "sample" / "pass", tmp_path / "book")
    path = tmp_path / "book" / "tables.xlsx"
    parts = {}
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            parts[n] = z.read(n)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for n, data in parts.items():
            if n != "xl/worksheets/sheet4.xml":
                z.writestr(n, data)
        with z.open("xl/worksheets/sheet4.xml", "w") as big:  # 300 MiB of spaces: a few hundred KiB zipped
            chunk = b" " * (1 << 20)
            for _ in range(300):
                big.write(chunk)
    assert path.stat().st_size < 2 << 20
    r = run("check", manifest)
    assert r.returncode == 2 and "上限" in r.stderr and "MiB" in r.stderr, r.stderr


def test_tables_xlsx_writes_workbooks_that_check_reads_like_the_csv(testdata, tmp_path):
    from test_outputs import registry_plan
    plan = registry_plan(testdata, tmp_path)
    assert run("tables", plan, "-o", tmp_path / "csv").returncode == 0
    r = run("tables", plan, "-o", tmp_path / "book", "--xlsx")
    assert r.returncode == 0, r.stderr
    names = openpyxl.load_workbook(tmp_path / "book" / "tables.xlsx").sheetnames
    assert names == openpyxl.load_workbook(tmp_path / "book" / "tables_wide.xlsx").sheetnames and names
    first = names[0]
    long_rows = sheet_values(tmp_path / "book" / "tables.xlsx", first)
    csv_long = csv_rows(tmp_path / "csv" / f"{first}.csv", "utf-8")
    assert [[None if v is None else str(v) for v in row] for row in long_rows] == [[v or None for v in row] for row in csv_long]
    a = json.loads(run("check", tmp_path / "csv" / "manifest.yaml", "--format", "json", "--no-audit").stdout)
    b = json.loads(run("check", tmp_path / "book" / "manifest.yaml", "--format", "json", "--no-audit").stdout)
    assert comparable(a) == comparable(b)


def test_merge_xlsx_writes_the_merged_tables_as_sheets(testdata, tmp_path):
    sample = testdata / "hospitals" / "sample" / "manifest.yaml"
    r_csv = run("merge", sample, "-o", tmp_path / "csv")
    r_book = run("merge", sample, "-o", tmp_path / "book", "--xlsx")
    assert r_book.returncode == r_csv.returncode and r_book.returncode in (0, 1), r_book.stderr
    assert openpyxl.load_workbook(tmp_path / "book" / "tables.xlsx").sheetnames == ["h1", "h2"]
    csv_h1 = csv_rows(tmp_path / "csv" / "h1.csv", "utf-8-sig")
    book_h1 = sheet_values(tmp_path / "book" / "tables.xlsx", "h1")
    assert [[None if v is None else str(v) for v in row] for row in book_h1] == [[v or None for v in row] for row in csv_h1]
    a = json.loads((tmp_path / "csv" / "report.json").read_text(encoding="utf-8"))
    b = json.loads((tmp_path / "book" / "report.json").read_text(encoding="utf-8"))
    assert comparable(a) == comparable(b)


def test_formula_results_of_a_workbook_recalculated_on_opening_are_refused(testdata, tmp_path):
    """XlsxWriter (pandas' to_excel) stores 0 as every formula's result and asks Excel to recalculate on
    opening (<calcPr fullCalcOnLoad="1"/>, as openpyxl writes too): the stored results need not be what Excel
    shows, so a formula cell of such a workbook is an error naming it; without the request it reads as before."""
    manifest = sample_as_workbook(testdata / "sample" / "pass", tmp_path / "book")
    path = tmp_path / "book" / "tables.xlsx"
    edit_parts(path, {"xl/worksheets/sheet4.xml": lambda x: edit_cell(x, "D2", lambda v: f"<f>{v}+0</f><v>{v}</v>")})
    r = run("check", manifest)
    assert r.returncode == 2 and "表3!D2" in r.stderr and "計算し直す" in r.stderr and "fullCalcOnLoad" in r.stderr, r.stderr
    for flag in ('fullCalcOnLoad="1"', 'forceFullCalc="true"'):
        edit_parts(path, {"xl/workbook.xml": lambda x: re.sub(r"<calcPr[^>]*/>", f"<calcPr calcId=\"124519\" {flag}/>", x)})
        r = run("check", manifest)
        assert r.returncode == 2 and "表3!D2" in r.stderr, (flag, r.stderr)
    edit_parts(path, {"xl/workbook.xml": lambda x: re.sub(r"<calcPr[^>]*/>", '<calcPr calcId="124519"/>', x)})
    r = run("check", manifest)
    assert r.returncode == 0, r.stderr


def test_a_sheet_no_table_reads_in_a_workbook_to_publish_is_an_error(testdata, tmp_path):
    """Every sheet of a workbook to publish is seen by its readers, hidden or not: a sheet holding 男 55 beside
    a table whose 男 cells add to 52 gives the suppressed 3 away. A non-empty sheet no table of the manifest
    reads is an error naming it; an empty one is not, nor are the other sheets of a true-values workbook."""
    manifest = sample_as_workbook(testdata / "sample" / "pass", tmp_path / "book")
    path = tmp_path / "book" / "tables.xlsx"
    book = openpyxl.load_workbook(path)
    memo = book.create_sheet("メモ")
    memo.append(["性別", "罹患数"])
    memo.append(["男", 55])
    book.save(path)
    r = run("check", manifest)
    assert r.returncode == 2 and "tables.xlsx メモ:" in r.stderr and "どの表も読んでいません" in r.stderr, r.stderr
    memo.sheet_state = "hidden"
    book.save(path)
    r = run("check", manifest)
    assert r.returncode == 2 and "tables.xlsx メモ:" in r.stderr and "read by no table" in r.stderr, r.stderr
    book.remove(memo)
    book.create_sheet("Sheet1")  # the empty sheet Excel starts with
    book.save(path)
    assert run("check", manifest).returncode == 0
    # True values in a workbook of their own (not published): its sheets no table reads are no error,
    # but the published workbook may no longer hold them.
    shutil.copy(path, tmp_path / "book" / "true.xlsx")
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("true_values: tables.xlsx", "true_values: true.xlsx"), encoding="utf-8")
    r = run("check", manifest)
    assert r.returncode == 2 and "tables.xlsx 表2の真値:" in r.stderr, r.stderr
    book.remove(book["表2の真値"])
    book.save(path)
    r = run("check", manifest)
    assert r.returncode == 0, r.stderr


SHARE_MANIFEST = """manifest_version: 1
policy: hyogo-2018
submission:
  title: テスト
  approval: {date: "2024-04-01", number: 兵庫県指令健第0000号}
  purpose: 研究
  publication: {venue: 学会抄録集, date: "2024-11"}
  attribution: 本成果は、がん登録等の推進に関する法律に基づき兵庫県から提供を受けた全国がん登録情報を利用し、利用者が独自に作成・加工したものである。
dimensions:
  area:
    label: 市町
    codes:
      - {code: "28000", label: 兵庫県}
      - {code: "28100", label: 神戸市, parent: "28000"}
      - {code: "28201", label: 姫路市, parent: "28000"}
      - {code: "28202", label: 尼崎市, parent: "28000"}
  sex:
    label: 性別
    codes:
      - {code: "0", label: 計}
tables:
  - id: t1
    title: 表1 市町別 罹患数と構成比
    file: tables.xlsx
    sheet: 表1
    layout: wide
    rows: [area]
    columns: sex
    true_values: tables_true.xlsx
    true_values_sheet: 表1
    derived:
      - {name: 構成比, file: tables.xlsx, sheet: 構成比, kind: percent, base: {area: "28000"}, decimals: 0, rounding: half_up}
"""


def share_workbooks(folder, shares):
    """表1 (counts, 姫路市 and 尼崎市 suppressed; true 8 and 792) and 構成比 (shares of 兵庫県, format "0%")."""
    folder.mkdir(parents=True, exist_ok=True)
    codes = ["28000", "28100", "28201", "28202"]
    for name, counts in [("tables.xlsx", [1500, 700, "*", "*"]), ("tables_true.xlsx", [1500, 700, 8, 792])]:
        book = openpyxl.Workbook()
        book.remove(book.active)
        ws = book.create_sheet("表1")
        ws.append(["市町", "計"])
        for code, n in zip(codes, counts):
            ws.append([code, n])
        if name == "tables.xlsx":
            ws = book.create_sheet("構成比")
            ws.append(["市町", "計"])
            for code, share in zip(codes, shares):
                ws.append([code, share])
                ws.cell(row=ws.max_row, column=2).number_format = "0%"
        book.save(folder / name)
    (folder / "manifest.yaml").write_text(SHARE_MANIFEST, encoding="utf-8")
    return folder / "manifest.yaml"


def test_a_share_whose_format_hides_its_stored_digits_is_refused(tmp_path):
    """姫路市's share is stored as 8/1500 = 0.005333… formatted "0%": Excel shows 1, but whoever opens the
    workbook reads 0.5333…% of 1,500 = 8, a suppressed count. Such a cell is an error naming it and both
    values; the shares stored as shown (ROUND(x, 2)) read and pass."""
    manifest = share_workbooks(tmp_path / "exact", [1, 700 / 1500, 8 / 1500, 792 / 1500])
    r = run("check", manifest)
    assert r.returncode == 2 and "tables.xlsx 構成比!B3" in r.stderr, r.stderr  # 神戸市 0.4666… shows 47
    assert "0.4666666666666667" in r.stderr and "47%" in r.stderr and "ROUND" in r.stderr, r.stderr
    manifest = share_workbooks(tmp_path / "rounded", [1, 0.47, 0.01, 0.53])
    r = run("check", manifest)
    assert r.returncode == 0, r.stderr + r.stdout


def test_a_count_whose_format_hides_a_fraction_is_refused(testdata, tmp_path):
    manifest = sample_as_workbook(testdata / "sample" / "pass", tmp_path / "book")
    path = tmp_path / "book" / "tables.xlsx"
    book = openpyxl.load_workbook(path)
    book["表3"]["D2"] = book["表3"]["D2"].value + 0.4  # "#,##0" shows the count; the cell holds more
    book.save(path)
    r = run("check", manifest)
    assert r.returncode == 2 and "表3!D2" in r.stderr and "16953.4" in r.stderr, r.stderr


def test_a_date_in_a_count_cell_and_a_cell_written_twice_are_errors(testdata, tmp_path):
    """Excel turns a typed 1-9 into a date (a serial number formatted m月d日): it reads as the date it shows,
    which is no count. A cell written twice in a sheet (no Excel does) is an error rather than the last one."""
    manifest = sample_as_workbook(testdata / "sample" / "pass", tmp_path / "book")
    path = tmp_path / "book" / "tables.xlsx"
    book = openpyxl.load_workbook(path)
    book["表3"]["D3"].number_format = "m月d日"  # 1826: Excel shows 12月30日 (of 1904)
    book.save(path)
    r = run("check", manifest)
    assert r.returncode == 2 and "表3!D3" in r.stderr and "1904/12/30" in r.stderr, r.stderr
    book["表3"]["D3"].number_format = "#,##0"
    book.save(path)
    assert run("check", manifest).returncode == 0
    edit_parts(path, {"xl/worksheets/sheet4.xml": lambda x: edit_cell(x, "D3", lambda v: f"<v>{v}</v></c><c r=\"D3\"><v>{v}</v>")})
    r = run("check", manifest)
    assert r.returncode == 2 and "表3!D3" in r.stderr and "2 回" in r.stderr, r.stderr
    edit_parts(path, {"xl/worksheets/sheet4.xml": lambda x: re.sub(r'<c r="D3"><v>\d+</v></c>', "", x)})
    edit_parts(path, {"xl/worksheets/sheet4.xml":  # a date cell (t="d") as LibreOffice may write one
                      lambda x: re.sub(r'<c r="D3"[^>]*><v>[^<]*</v></c>', '<c r="D3" t="d"><v>2024-01-09T00:00:00</v></c>', x)})
    r = run("check", manifest)
    assert r.returncode == 2 and "表3!D3" in r.stderr and "2024-01-09" in r.stderr, r.stderr
