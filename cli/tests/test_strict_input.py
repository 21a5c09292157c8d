"""Input the tester of session 16 found silently accepted or mis-reported: each must end in exit
code 2 with the file, line and field, never a verdict."""
import json
import re
import shutil

from conftest import run
from manifest_dims import SEX_TABLE
from test_input_hardening import base_submission, check_fails, one_dimension_submission
from test_outputs import registry_plan


def local_policy(testdata, tmp_path, old, new):
    """The base submission with a copy of hyogo-2018 beside it, `old` replaced by `new`."""
    manifest = base_submission(testdata, tmp_path / "sub")
    policy = (testdata.parent / "policies" / "hyogo-2018.yaml").read_text(encoding="utf-8")
    assert old in policy, old
    policy = policy.replace(old, new, 1)
    if old != new:  # a changed policy has an id of its own (the shipped id is refused on other content)
        policy = policy.replace("id: hyogo-2018", "id: hyogo-2018-local", 1)
    (tmp_path / "sub" / "pol.yaml").write_text(policy, encoding="utf-8")
    text = manifest.read_text(encoding="utf-8").replace("policy: hyogo-2018", "policy: pol.yaml")
    manifest.write_text(text, encoding="utf-8")
    return manifest, policy.splitlines()


def test_the_shipped_policy_copied_unchanged_still_loads(testdata, tmp_path):
    manifest, _ = local_policy(testdata, tmp_path, "  max: 9\n", "  max: 9\n")
    r = run("check", manifest)
    assert r.returncode in (0, 1), r.stderr


def test_a_misspelled_policy_key_is_an_error_not_the_default(testdata, tmp_path):
    manifest, lines = local_policy(testdata, tmp_path, "  max: 9\n", "  maks: 20\n")
    check_fails(manifest, "pol.yaml:%d [small_cells.maks]" % (lines.index("  maks: 20") + 1), "不明な項目", "unknown policy key")


def test_a_misspelled_policy_section_is_an_error(testdata, tmp_path):
    manifest, lines = local_policy(testdata, tmp_path, "small_cells:", "small_cell:")
    line = next(i for i, text in enumerate(lines) if text.startswith("small_cell:")) + 1
    check_fails(manifest, "pol.yaml:%d [small_cell]" % line)


def test_a_misspelled_hospital_key_and_an_unknown_top_level_key_are_errors(testdata, tmp_path):
    manifest, lines = local_policy(testdata, tmp_path, "  min_hospitals: 2\n", "  min_hospital: 3\n")
    check_fails(manifest, "pol.yaml:%d [hospital_areas.min_hospital]" % (lines.index("  min_hospital: 3") + 1))
    manifest, lines = local_policy(testdata, tmp_path / "b", "\nsuppression_markers:", "\nmystery_threshold: 3\nsuppression_markers:")
    check_fails(manifest, "pol.yaml:%d [mystery_threshold]" % (lines.index("mystery_threshold: 3") + 1))


def test_a_policy_version_hitoku_does_not_read_is_an_error(testdata, tmp_path):
    manifest, lines = local_policy(testdata, tmp_path, "policy_version: 1", "policy_version: 2")
    check_fails(manifest, "pol.yaml:%d [policy_version]" % (lines.index("policy_version: 2") + 1))


def test_a_second_yaml_document_in_a_policy_is_an_error(testdata, tmp_path):
    manifest, lines = local_policy(testdata, tmp_path, "\nsuppression_markers:",
                                   "\n---\nsmall_cells: {min: 1, max: 20}\n---\nsuppression_markers:")
    check_fails(manifest, "pol.yaml:%d" % (lines.index("---") + 1), "---")


def test_a_second_yaml_document_in_a_manifest_is_an_error(testdata, tmp_path):
    manifest = base_submission(testdata, tmp_path / "sub")
    text = manifest.read_text(encoding="utf-8")
    line = len(text.splitlines()) + 1
    manifest.write_text(text + "---\ntables:\n  - id: t9\n    file: nonexistent.csv\n", encoding="utf-8")
    check_fails(manifest, "manifest.yaml:%d" % line)
    manifest.write_text(text + "---\n", encoding="utf-8")  # an empty second document too
    check_fails(manifest, "manifest.yaml:%d" % line)
    manifest.write_text("---\n" + text + "...\n", encoding="utf-8")  # one document with its markers is fine
    r = run("check", manifest)
    assert r.returncode in (0, 1), r.stderr


def test_a_second_yaml_document_in_a_table_plan_is_an_error(testdata, tmp_path):
    folder = tmp_path / "registry"
    shutil.copytree(testdata / "registry", folder)
    plan = (folder / "plan.yaml").read_text(encoding="utf-8")
    (folder / "plan.yaml").write_text(plan + "---\nmax_bad_rows: 5\n", encoding="utf-8")
    r = run("check", folder / "plan.yaml")
    assert r.returncode == 2, r.stderr
    assert "plan.yaml:%d" % (len(plan.splitlines()) + 1) in r.stderr, r.stderr


def code_list_submission(tmp_path, codes):
    """A one-dimension submission whose code list is `codes` (lines), with a table of P and P0, P1."""
    manifest = one_dimension_submission(tmp_path / "sub", [1, 2], 3)
    (tmp_path / "sub" / "codes.csv").write_text("\n".join(codes) + "\n", encoding="utf-8")
    return manifest


def test_a_code_list_value_past_the_last_heading_is_an_error(tmp_path):
    manifest = code_list_submission(tmp_path, ["code,label,parent", "P,全体,", "P0,部分0,P,junk", "P1,部分1,P"])
    check_fails(manifest, "codes.csv:3 [列 4]", "junk", "too many fields on line 3")


def test_a_code_list_with_an_empty_trailing_field_or_a_short_row_still_reads(tmp_path):
    manifest = code_list_submission(tmp_path, ["code,label,parent", "P,全体", "P0,部分0,P,", "P1,部分1,P"])
    r = run("check", manifest)
    assert r.returncode in (0, 1), r.stderr


def test_a_code_list_heading_written_twice_is_an_error(tmp_path):
    for header, rows in [("code,label,parent,parent", ["P,全体,,", "P0,部分0,P,X", "P1,部分1,P,X"]),
                         ("code,label,parent,code", ["P,全体,,Z0", "P0,部分0,P,Z1", "P1,部分1,P,Z2"]),
                         ("code,label,label", ["P,全体,x", "P0,部分0,y", "P1,部分1,z"])]:
        manifest = code_list_submission(tmp_path, [header] + rows)
        name = header.split(",")[-1]
        check_fails(manifest, "codes.csv:1 [%s]" % name, "2つ", "two columns")


def base_with(testdata, tmp_path, old, new):
    manifest = base_submission(testdata, tmp_path / "sub")
    text = manifest.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    manifest.write_text(text, encoding="utf-8")
    return manifest, text.splitlines()


APPROVAL = "submission:\n  title: 入力エラーの例\n"


def test_an_approval_date_that_is_not_a_real_date_is_an_error(testdata, tmp_path):
    for date in ["2024-13-45", "yesterday", "2023-02-29", "2024/04/01"]:
        manifest, lines = base_with(testdata, tmp_path / date.replace("/", "_"), APPROVAL,
                                    APPROVAL + '  approval: {date: "%s", number: 第1号}\n' % date)
        line = next(i for i, text in enumerate(lines) if "approval:" in text) + 1
        check_fails(manifest, "manifest.yaml:%d [date]" % line, date, "YYYY-MM-DD")
    manifest, _ = base_with(testdata, tmp_path / "good", APPROVAL, APPROVAL + '  approval: {date: "2024-02-29", number: 第1号}\n')
    r = run("check", manifest)
    assert r.returncode in (0, 1), r.stderr


def test_a_table_plan_approval_date_that_is_not_a_real_date_is_an_error(testdata, tmp_path):
    plan = registry_plan(testdata, tmp_path)
    text = plan.read_text(encoding="utf-8")
    assert '  approval_date: "2024-04-01"\n' in text
    plan.write_text(text.replace('  approval_date: "2024-04-01"\n', '  approval_date: "2024-02-30"\n', 1), encoding="utf-8")
    line = plan.read_text(encoding="utf-8").splitlines().index('  approval_date: "2024-02-30"') + 1
    check_fails(plan, "plan.yaml:%d [submission.approval_date]" % line, "2024-02-30")


def test_a_since_date_that_is_not_a_real_date_is_an_error(testdata, tmp_path):
    manifest = base_submission(testdata, tmp_path / "sub")
    r = run("check", manifest, "--registry", tmp_path / "none.sqlite", "--since", "2024-13-45")
    assert r.returncode == 2, r.stderr
    assert "--since" in r.stderr and "2024-13-45" in r.stderr, r.stderr


def test_a_nul_in_a_manifest_path_is_an_error_not_a_shorter_name(testdata, tmp_path):
    manifest, lines = base_with(testdata, tmp_path, "    file: t1.csv\n", '    file: "t1.csv\\0x"\n')
    line = next(i for i, text in enumerate(lines) if text.startswith("    file:")) + 1
    check_fails(manifest, "manifest.yaml:%d [file]" % line, "NUL")


def test_a_control_character_in_a_manifest_path_is_an_error(testdata, tmp_path):
    manifest, _ = base_with(testdata, tmp_path, "    file: t1.csv\n", '    file: "t1\\x01.csv"\n')
    check_fails(manifest, "制御文字", "control character", "t1\\x01.csv")


def test_a_report_with_a_key_written_twice_is_refused_by_verify(testdata, tmp_path):
    manifest = base_submission(testdata, tmp_path / "sub")
    r = run("check", manifest, "--format", "json")
    assert r.returncode in (0, 1) and r.stdout.startswith("{\n"), r.stderr
    (tmp_path / "r.json").write_text(r.stdout, encoding="utf-8")
    assert run("verify", tmp_path / "r.json", manifest).returncode == 0
    (tmp_path / "r.json").write_text('{\n  "verdict": "pass",\n' + r.stdout[2:], encoding="utf-8")
    r = run("verify", tmp_path / "r.json", manifest)
    assert r.returncode == 2, (r.stdout[:300], r.stderr)
    assert "r.json:" in r.stderr and "[verdict]" in r.stderr and "twice" in r.stderr, r.stderr


def extract_lines(testdata, tmp_path):
    """The registry plan beside its extract, and the extract's lines (to edit)."""
    plan = registry_plan(testdata, tmp_path)
    return plan, (tmp_path / "extract.csv").read_text(encoding="utf-8").splitlines(keepends=True)


def tables_refused(plan, lines, tmp_path, *named):
    """The edited extract written back: `hitoku tables` exits 2 naming each of `named`, and writes nothing."""
    (tmp_path / "extract.csv").write_text("".join(lines), encoding="utf-8")
    r = run("tables", plan, "-o", tmp_path / "out")
    assert r.returncode == 2, (r.stdout[:300], r.stderr)
    assert all(text in r.stderr for text in named), r.stderr
    assert not (tmp_path / "out").exists()


def test_a_record_copied_twice_in_the_extract_is_an_error_naming_both_lines(testdata, tmp_path):
    plan, lines = extract_lines(testdata, tmp_path)
    lines.insert(12, lines[10])  # the record on line 11, again on line 13
    tables_refused(plan, lines, tmp_path, "11", "13", "多重がん番号")


def test_a_row_number_seen_twice_in_the_extract_is_an_error_naming_both_lines(testdata, tmp_path):
    """Two files joined without renumbering: 行番号 runs from 1 within one file (様式第1号 別紙)."""
    plan, lines = extract_lines(testdata, tmp_path)
    fields = lines[20].split(",")
    fields[0] = lines[10].split(",")[0]  # line 21's record numbered like line 11's
    lines[20] = ",".join(fields)
    tables_refused(plan, lines, tmp_path, "行番号", "11", "21")
    # the same records numbered 1.. again are read
    lines = [",".join([str(i)] + line.split(",")[1:]) if i else line for i, line in enumerate(lines)]
    (tmp_path / "extract.csv").write_text("".join(lines), encoding="utf-8")
    r = run("tables", plan, "-o", tmp_path / "out")
    assert r.returncode == 0, r.stderr


def test_a_patient_with_no_other_cancer_and_a_second_tumour_is_an_error(testdata, tmp_path):
    """多重がん番号 0 says the patient has no other cancer: a second record of that patient contradicts it."""
    plan, lines = extract_lines(testdata, tmp_path)
    first = lines[10].split(",")
    assert first[2] == "0"
    fields = lines[30].split(",")
    fields[1], fields[2] = first[1], "2"  # line 31 becomes the same patient's second tumour
    lines[30] = ",".join(fields)
    tables_refused(plan, lines, tmp_path, "多重がん番号", "11", "31")


def test_a_wide_row_with_one_value_too_many_is_reported_as_too_many_fields(testdata, tmp_path):
    shutil.copytree(testdata / "sample", tmp_path / "sample")
    table = tmp_path / "sample" / "pass" / "t2.csv"
    sep = b"\r\n" if b"\r\n" in table.read_bytes() else b"\n"
    lines = table.read_bytes().split(sep)
    width = len(lines[0].split(b","))
    # A row whose neighbouring counts 437 and 535 look like one number split by a comma: the old
    # message blamed them instead of the value past the last heading.
    row = next(i for i, line in enumerate(lines) if b",437,535," in line)
    lines[row] += b",99"
    table.write_bytes(sep.join(lines))
    r = run("check", tmp_path / "sample" / "pass" / "manifest.yaml")
    assert r.returncode == 2, (r.stdout[:300], r.stderr)
    assert "t2.csv:%d [列 %d]" % (row + 1, width + 1) in r.stderr, r.stderr
    assert "too many fields on line %d" % (row + 1) in r.stderr, r.stderr


def test_a_number_in_an_ignored_column_is_an_error_not_an_unread_share(tmp_path):
    """構成比 3.0 (% of a published 200) beside a suppressed 男 gives it away (6); declared under
    ignore_columns it was read by every reader and by no audit, and the check passed."""
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text(SEX_TABLE + "    ignore_columns: {構成比: 参考値}\n", encoding="utf-8")
    for text, numeric in (("3.0", True), ("３．０％", True), ("1,234", True), ("5件", True), ("(5)", True), ("n=5", True),
                          ("2019年改訂", True), ("三件", True), ("二十七件", True), ("十二例", True), ("三", True),
                          ("③", True), ("Ⅲ", True), ("ⅲ", True), ("〇", True), ("²", True), ("٣", True), ("𝟑", True),
                          ("注記あり", False), ("参考値", False), ("一部推計", False), ("一般", False)):
        (tmp_path / "t1.csv").write_text('sex,件数,構成比,真値\n0,200,,\n1,*,"%s",6\n2,*,,194\n' % text, encoding="utf-8")
        r = run("check", manifest)
        if numeric:
            assert r.returncode == 2 and r.stdout == "", (text, r.stdout)
            assert "t1.csv:3 [構成比]" in r.stderr and "not_modelled" in r.stderr, r.stderr
        else:
            assert r.returncode in (0, 1), (text, r.stderr)


def test_a_count_in_a_row_above_the_table_fails_and_a_year_is_shown(tmp_path):
    """Rows above the header (skip_rows) are printed with the table and read by no audit. 「男は6例」 there gives the
    suppressed 男 away: a rule ④ error quoting the row. A year in a title is shown as a warning, and passes."""
    manifest = tmp_path / "manifest.yaml"
    manifest.write_text(SEX_TABLE + "    skip_rows: 1\n", encoding="utf-8")
    for title, failing in (("表1 性別（男は6例）", True), ("表1 性別 n=200", True), ("表1 性別（三件を除く）", True),
                           ("本表 6例を除く", True), ("n = 200", True), ("患者数：200", True), ("症例数 200", True),
                           ("200 patients", True), ("男 6/200", True),
                           ("表1 性別 2016–2018年", False), ("表1 性別", None), ("表 2-1 性別", None)):
        (tmp_path / "t1.csv").write_text(f"{title}\nsex,件数,真値\n0,200,\n1,*,6\n2,*,194\n", encoding="utf-8")
        r = run("check", manifest, "--format", "json")
        report = json.loads(r.stdout)
        rows = [f for f in report["findings"] if f["rule"] == "4" and "表の上の行" in f.get("cell_label", "")]
        if failing is None:
            assert rows == [] and r.returncode == 0, (title, rows)
            continue
        assert len(rows) == 1 and title in rows[0]["reason"]["ja"], (title, rows)
        assert rows[0]["severity"] == ("error" if failing else "warning"), (title, rows)
        assert r.returncode == (1 if failing else 0), (title, r.stderr)


def test_a_count_in_a_title_or_a_label_fails_and_years_and_codes_do_not(tmp_path):
    """The manifest's titles and labels are printed too: 「表1 性別（男 6例）」 as the table's title, the
    submission's title, or a heading 「男（n=6）」 gives the suppressed 男 away (rule ④ error quoting it). Years
    and codes in a title (2016-2018年, ICD-10 C16) pass without a finding."""
    (tmp_path / "t1.csv").write_text("sex,件数,真値\n0,200,\n1,*,6\n2,*,194\n", encoding="utf-8")
    manifest = tmp_path / "manifest.yaml"
    cases = (("title: 表1", "title: 表1 性別（男 6例）", "表題", True),
             ("title: 表1", "title: 表1 性別 n=200", "表題", True),
             ("manifest_version: 1", "manifest_version: 1\nsubmission: {title: 男6例・女194例の検討}", "提出の表題", True),
             ("label: 男,", "label: 男（n=6）,", "名称", True),
             ("label: 男,", "label: 男（6）,", "名称", True),
             ("label: 男,", "label: 男（計 ６）,", "名称", True),
             ("label: 男,", "label: 男（六）,", "名称", True),
             ("label: 男,", "label: 男（男6・女194）,", "名称", True),
             ("count: 件数", "count: 件数（男6例）", "名称", True),
             ("label: 男,", "label: 男［6］,", "名称", True),
             ("label: 男,", "label: 男【うち6】,", "名称", True),
             ("label: 男,", "label: 男（6.0）,", "名称", True),
             ("label: 男,", "label: \"男:6\",", "名称", True),
             ("label: 男,", "label: 男（2018）,", None, False),
             ("label: 男,", "label: 男（ステージ4）,", None, False),
             ("label: 男,", "label: 男（C16）,", None, False),
             ("title: 表1", "title: 表1 性別 2016-2018年 ICD-10 C16", None, False),
             ("title: 表1", "title: 表1 性別（第2報）", "表題", None))
    for old, new, place, failing in cases:
        assert old in SEX_TABLE, old
        manifest.write_text(SEX_TABLE.replace(old, new, 1), encoding="utf-8")
        header = new.split(": ", 1)[1] if old == "count: 件数" else "件数"
        (tmp_path / "t1.csv").write_text(f"sex,{header},真値\n0,200,\n1,*,6\n2,*,194\n", encoding="utf-8")
        r = run("check", manifest, "--format", "json")
        assert r.returncode in (0, 1), (new, r.stderr)
        report = json.loads(r.stdout)
        shown = [f for f in report["findings"] if f["rule"] == "4" and f.get("cell_label", "").startswith("〔")]
        if place is None:
            assert shown == [] and r.returncode == 0, (new, shown)
            continue
        assert len(shown) == 1 and shown[0]["cell_label"].startswith("〔" + place + "〕"), (new, shown)
        assert shown[0]["severity"] == ("error" if failing else "warning"), (new, shown)
        assert r.returncode == (1 if failing else 0), (new, r.stdout[:400])


def test_a_changed_copy_of_a_shipped_policy_under_its_id_is_refused(testdata, tmp_path):
    """A copy of hyogo-2018 with the combinations check switched off, still called hyogo-2018: its report
    would read 「ポリシー: hyogo-2018」 and pass what the prefecture's rules fail."""
    manifest = base_submission(testdata, tmp_path / "sub")
    policy = (testdata.parent / "policies" / "hyogo-2018.yaml").read_text(encoding="utf-8")
    loosened = re.sub(r"(?m)^( +)combinations: true\b", r"\1combinations: false", policy)
    assert loosened != policy
    (tmp_path / "sub" / "hyogo-2018.yaml").write_text(loosened, encoding="utf-8")
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("policy: hyogo-2018", "policy: ./hyogo-2018.yaml"),
                        encoding="utf-8")
    r = run("check", manifest)
    line = loosened.splitlines().index("id: hyogo-2018") + 1
    assert r.returncode == 2 and r.stdout == "", r.stdout[:300]
    assert "hyogo-2018.yaml:%d [id]" % line in r.stderr and "shipped policy" in r.stderr, r.stderr
    # ids a reader takes for hyogo-2018 are the same id
    for look_alike in ("Hyogo-2018", "ｈｙｏｇｏ-2018", "hyogo‐2018", '"hyogo-2018\u200b"', "hyogo-2018.yaml", '"hyogo-2018 "'):
        (tmp_path / "sub" / "hyogo-2018.yaml").write_text(loosened.replace("id: hyogo-2018", "id: " + look_alike, 1),
                                                         encoding="utf-8")
        r = run("check", manifest)
        assert r.returncode == 2 and "[id]" in r.stderr, (look_alike, r.stdout[:200], r.stderr)
