"""Input handling users meet: tables about one code of a dimension without a column for it
(`fixed:`), contradictions between tables reported as bad input naming both cells, and
`hitoku synth --written-files`."""
import csv
import shutil

from conftest import check_json, run, tree_hashes

SEX = {"計": "0", "男": "1", "女": "2"}


def read_rows(path, encoding="utf-8"):
    with open(path, encoding=encoding, newline="") as f:
        return list(csv.reader(f))


def report_cells(report, table_id):
    """{cell as ((dimension, code), ...): (status, published)} of one table of a JSON report."""
    t = next(t for t in report["tables"] if t["id"] == table_id)
    keys = [()]
    for dim in t["dimensions"]:
        keys = [k + ((dim["id"], c),) for k in keys for c in dim["codes"]]
    return {tuple(sorted(k)): (s, p) for k, s, p in zip(keys, t["status"], t["published"])}


def test_fixed_sample_checks_like_the_sample_with_a_site_column(testdata):
    before = tree_hashes(testdata / "sample")
    code, fixed, err = check_json(testdata / "sample" / "fixed" / "manifest.yaml")
    assert code == 0, err
    _, with_column, _ = check_json(testdata / "sample" / "pass" / "manifest.yaml")
    assert fixed["verdict"] == with_column["verdict"] == "pass"
    # The table is about pancreas only: its site dimension holds C25 and nothing else, and its cells
    # are those of the sample's 表1 that has a site column (and of 表4, the same cells as a cross-tab).
    t1 = next(t for t in fixed["tables"] if t["id"] == "t1")
    assert [d["codes"] for d in t1["dimensions"] if d["id"] == "site"] == [["C25"]]
    assert report_cells(fixed, "t1") == report_cells(with_column, "t1") == report_cells(fixed, "t4")
    assert tree_hashes(testdata / "sample") == before


def test_protect_writes_fixed_tables_without_the_column_and_they_read_back(testdata, tmp_path):
    out = tmp_path / "out"
    r = run("protect", testdata / "sample" / "fixed" / "manifest.yaml", "-o", out)
    assert r.returncode == 0, r.stderr
    t1 = read_rows(out / "t1.csv")
    assert t1[0] == ["市町コード", "性別", "罹患数", "真値"]  # no 部位 column, as read
    assert read_rows(out / "t4.csv")[0] == ["市町", "計", "男", "女"]
    assert "fixed: {site: \"C25\"}" in (out / "manifest.yaml").read_text(encoding="utf-8")
    # The written set reads back to the same cells as the input (nothing to add: it was protected).
    code, back, err = check_json(out / "manifest.yaml")
    assert code == 0, err
    _, original, _ = check_json(testdata / "sample" / "fixed" / "manifest.yaml")
    for table in ("t1", "t2", "t3", "t4"):
        assert report_cells(back, table) == report_cells(original, table)


def write_manifest(folder, extra_table):
    folder.mkdir(exist_ok=True)
    (folder / "manifest.yaml").write_text("""manifest_version: 1
policy: hyogo-2018
dimensions:
  area:
    label: 市町
    codes:
      - {code: "28000", label: 兵庫県}
      - {code: "28100", label: 神戸市, parent: "28000"}
      - {code: "28201", label: 姫路市, parent: "28000"}
  site:
    label: 部位
    codes:
      - {code: ALL, label: 総数}
      - {code: C16, label: 胃, parent: ALL}
      - {code: C25, label: 膵臓, parent: ALL}
tables:
  - id: t1
    file: t1.csv
    layout: long
    fixed: {site: C25}
    dimensions: {area: 市町コード}
    count: 罹患数
""" + extra_table, encoding="utf-8")
    (folder / "t1.csv").write_text("市町コード,罹患数\n28000,30\n28100,20\n28201,10\n", encoding="utf-8")
    return folder / "manifest.yaml"


def test_fixed_errors_name_the_manifest_line(tmp_path):
    manifest = write_manifest(tmp_path / "a", "")
    text = manifest.read_text(encoding="utf-8").replace("fixed: {site: C25}", "fixed: {site: C26}")
    manifest.write_text(text, encoding="utf-8")
    r = run("check", manifest)
    assert r.returncode == 2
    assert "manifest.yaml:20 [fixed]" in r.stderr and "C26" in r.stderr
    manifest.write_text(text.replace("fixed: {site: C26}", "fixed: {area: \"28000\"}"), encoding="utf-8")
    r = run("check", manifest)
    assert r.returncode == 2
    assert "manifest.yaml:20 [fixed]" in r.stderr and "both fixed and a column" in r.stderr


def test_the_same_count_with_two_values_is_bad_input_naming_both_cells(tmp_path):
    # t2: sites by area, both sexes; its C25 column must agree with t1 (pancreas by area).
    manifest = write_manifest(tmp_path / "b", """  - id: t2
    file: t2.csv
    layout: wide
    rows: [area]
    columns: site
""")
    (tmp_path / "b" / "t2.csv").write_text("市町,総数,胃,膵臓\n兵庫県,80,50,30\n神戸市,52,32,20\n姫路市,28,18,10\n",
                                           encoding="utf-8")
    code, report, err = check_json(manifest)
    assert report is not None and code in (0, 1), err  # consistent tables get a verdict
    (tmp_path / "b" / "t2.csv").write_text("市町,総数,胃,膵臓\n兵庫県,80,50,30\n神戸市,53,32,21\n姫路市,27,18,9\n",
                                           encoding="utf-8")
    before = tree_hashes(tmp_path / "b")
    r = run("check", manifest)
    assert r.returncode == 2, r.stdout
    assert r.stdout == ""  # no verdict
    # 神戸市 pancreas: t1.csv line 3 says 20, t2.csv line 3 column 膵臓 says 21.
    assert "t1.csv:3 [罹患数]" in r.stderr and "t2.csv:3 [膵臓]" in r.stderr
    assert "食い違います" in r.stderr and "one count must have one value" in r.stderr
    assert tree_hashes(tmp_path / "b") == before


def test_synth_lists_the_file_it_wrote(tmp_path):
    out = tmp_path / "extract.csv"
    r = run("synth", "-o", out, "--records", "200", "--written-files")
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [str(out)]
    assert out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["extract.csv"]  # no temporary file left


def test_a_plan_table_filtered_to_one_year_is_written_with_fixed_and_reads_back(testdata, tmp_path):
    """A plan table kept to 2017 by a filter, without a year column: `hitoku tables` says `fixed: {year: "2017"}`,
    so checking the written manifest does not take it for all years (which would contradict the other tables)."""
    folder = testdata / "registry"
    text = (folder / "plan.yaml").read_text(encoding="utf-8")
    text = text.replace("path: extract.csv", "path: %s" % (folder / "extract.csv"))
    text = text.replace("allowed_folders: [", "allowed_folders: [%s, " % folder)  # the extract stays there
    text = text.replace("../../reference", str(testdata.parent / "reference"))
    text = text.replace("../hospitals", str(testdata / "hospitals"))
    text += """  - id: site_sex_2017
    dimensions: [site, sex]
    filters: [{dimension: year, in: ["2017"]}]
"""
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    r = run("tables", plan, "-o", out)
    assert r.returncode == 0, r.stderr
    assert read_rows(out / "site_sex_2017.csv")[0] == ["部位", "性別", "件数"]  # no year column
    assert 'fixed: {year: "2017"}' in (out / "manifest.yaml").read_text(encoding="utf-8")
    code, report, err = check_json(out / "manifest.yaml")
    assert report is not None and code in (0, 1), err
    by_plan = check_json(plan)[1]
    t = next(t for t in report["tables"] if t["id"] == "site_sex_2017")
    assert [d["codes"] for d in t["dimensions"] if d["id"] == "year"] == [["2017"]]
    assert report_cells(report, "site_sex_2017") == report_cells(by_plan, "site_sex_2017")
