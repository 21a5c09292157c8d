"""Inputs built to break hitoku (issue 16): each must end in exit code 2 with a message naming the
file, line and field, never a verdict, and never hang."""
import os
import shutil

from conftest import run, tree_hashes

PARTS = 18447  # parts of ~10^15 each (the most a count may have is 15 digits) add up past 2^64


def one_dimension_submission(folder, values, total):
    """A manifest with one dimension read from a code list (a root and len(values) parts) and a
    long table of the root total followed by the parts."""
    folder.mkdir(exist_ok=True)
    codes = ["code,label,parent", "P,全体,"] + ["P%d,部分%d,P" % (i, i) for i in range(len(values))]
    (folder / "codes.csv").write_text("\n".join(codes) + "\n", encoding="utf-8")
    rows = ["区分,件数", "P,%d" % total] + ["P%d,%d" % (i, v) for i, v in enumerate(values)]
    (folder / "t1.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / "manifest.yaml").write_text("""manifest_version: 1
policy: hyogo-2018
dimensions:
  part:
    label: 区分
    codes_file: codes.csv
tables:
  - id: t1
    title: 表1
    file: t1.csv
    layout: long
    dimensions: {part: 区分}
    count: 件数
""", encoding="utf-8")
    return folder / "manifest.yaml"


def test_parts_adding_up_past_2_to_the_64_are_an_overflow_not_a_pass(tmp_path):
    # Chosen so that the sum wraps around to exactly the written total, 10: the wrong PASS of issue 16.
    target = 2**64 + 10
    values = [target // PARTS + (1 if i < target % PARTS else 0) for i in range(PARTS)]
    assert sum(values) == target and max(values) < 10**15
    manifest = one_dimension_submission(tmp_path / "sub", values, 10)
    before = tree_hashes(tmp_path / "sub")
    r = run("check", manifest, "--format", "json")
    assert r.returncode == 2, (r.stdout[:200], r.stderr)
    assert r.stdout == ""
    # The first cell whose addition passes the bound is named with its line and column.
    assert "t1.csv:" in r.stderr and "[件数]" in r.stderr, r.stderr
    assert "桁あふれ" in r.stderr and "overflow" in r.stderr, r.stderr
    assert tree_hashes(tmp_path / "sub") == before


def test_a_total_of_large_parts_that_fits_is_still_read(tmp_path):
    values = [3 * 10**14] * 3  # the total, 9 × 10^14, still has 15 digits
    manifest = one_dimension_submission(tmp_path / "sub", values, sum(values))
    r = run("check", manifest, "--format", "json")
    assert r.returncode in (0, 1), r.stderr


def base_submission(testdata, folder):
    """The valid submission testdata/bad/generate.py starts from: the manifest of the case whose only
    error is a missing table file, and the unchanged table of a case whose error is in the manifest."""
    shutil.copytree(testdata / "bad" / "unreadable_file", folder)
    (folder / "t1.csv").write_bytes((testdata / "bad" / "duplicate_yaml_key" / "t1.csv").read_bytes())
    return folder / "manifest.yaml"


def test_the_base_submission_is_valid(testdata, tmp_path):
    r = run("check", base_submission(testdata, tmp_path / "sub"))
    assert r.returncode in (0, 1), r.stderr


def test_duplicate_key_in_a_policy_names_the_policy_file_and_line(testdata, tmp_path):
    manifest = base_submission(testdata, tmp_path / "sub")
    policy = (testdata.parent / "policies" / "hyogo-2018.yaml").read_text(encoding="utf-8")
    policy = policy.replace("  max: 9\n", "  max: 9\n  max: 99\n", 1)
    (tmp_path / "sub" / "local-policy.yaml").write_text(policy, encoding="utf-8")
    text = manifest.read_text(encoding="utf-8").replace("policy: hyogo-2018", "policy: local-policy.yaml")
    manifest.write_text(text, encoding="utf-8")
    line = policy.splitlines().index("  max: 99") + 1
    r = run("check", manifest)
    assert r.returncode == 2, r.stderr
    assert "local-policy.yaml:%d [max]" % line in r.stderr, r.stderr
    assert "2回" in r.stderr and "twice" in r.stderr


def test_duplicate_key_in_a_table_plan_names_the_plan_and_line(testdata, tmp_path):
    folder = tmp_path / "registry"
    shutil.copytree(testdata / "registry", folder)
    plan = (folder / "plan.yaml").read_text(encoding="utf-8")
    plan = plan.replace("  path: extract.csv\n", "  path: extract.csv\n  path: ../other/extract.csv\n", 1)
    (folder / "plan.yaml").write_text(plan, encoding="utf-8")
    line = plan.splitlines().index("  path: ../other/extract.csv") + 1
    r = run("check", folder / "plan.yaml")
    assert r.returncode == 2, r.stderr
    assert "plan.yaml:%d [path]" % line in r.stderr, r.stderr


def replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check_fails(manifest, *words):
    """hitoku check must exit 2 without a report, and its message must hold every word."""
    r = run("check", manifest)
    assert r.returncode == 2, (r.stdout[:300], r.stderr)
    assert r.stdout == ""
    for word in words:
        assert word in r.stderr, (word, r.stderr)
    return r.stderr


def test_a_table_path_that_is_a_folder_says_folder_not_empty(testdata, tmp_path):
    manifest = base_submission(testdata, tmp_path / "sub")
    (tmp_path / "sub" / "t1.csv").unlink()
    (tmp_path / "sub" / "t1.csv").mkdir()
    err = check_fails(manifest, "t1.csv", "フォルダ", "folder")
    assert "空" not in err


def test_a_manifest_path_that_is_a_folder_names_it(tmp_path):
    (tmp_path / "manifest.yaml").mkdir()
    check_fails(tmp_path / "manifest.yaml", "manifest.yaml", "フォルダ", "folder")


def test_a_fifo_or_a_device_as_table_is_refused_without_reading(testdata, tmp_path):
    manifest = base_submission(testdata, tmp_path / "sub")
    (tmp_path / "sub" / "t1.csv").unlink()
    os.mkfifo(tmp_path / "sub" / "t1.csv")  # reading it would block for ever
    check_fails(manifest, "t1.csv", "通常のファイルではありません", "not a regular file")
    # Reading /dev/zero would never end; its folder has to be allowed to get as far as the stat.
    replace_in(manifest, "file: t1.csv", "file: /dev/zero")
    replace_in(manifest, "policy: hyogo-2018\n", "policy: hyogo-2018\nallowed_folders: [/dev]\n")
    check_fails(manifest, "/dev/zero", "not a regular file")


def test_paths_outside_the_manifest_folder_are_refused_unless_allowed(testdata, tmp_path):
    manifest = base_submission(testdata, tmp_path / "sub")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "t1.csv").write_bytes((tmp_path / "sub" / "t1.csv").read_bytes())
    (tmp_path / "sub" / "t1.csv").unlink()
    replace_in(manifest, "file: t1.csv", "file: ../elsewhere/t1.csv")
    check_fails(manifest, "manifest.yaml", "../elsewhere/t1.csv", "フォルダの外", "outside the manifest's folder")
    # A symlink inside the folder that leads out is judged by where it leads.
    (tmp_path / "sub" / "t1.csv").symlink_to(tmp_path / "elsewhere" / "t1.csv")
    replace_in(manifest, "file: ../elsewhere/t1.csv", "file: t1.csv")
    check_fails(manifest, "outside the manifest's folder")
    # An absolute path to a file that is not a table is refused before it is read, and not echoed.
    replace_in(manifest, "file: t1.csv", "file: /etc/passwd")
    err = check_fails(manifest, "/etc/passwd", "outside the manifest's folder")
    assert "root:" not in err
    # Allowing the folder by name reads the file (the submission is valid).
    replace_in(manifest, "file: /etc/passwd", "file: ../elsewhere/t1.csv")
    replace_in(manifest, "policy: hyogo-2018\n", "policy: hyogo-2018\nallowed_folders: [../elsewhere]\n")
    r = run("check", manifest)
    assert r.returncode in (0, 1), r.stderr


def test_a_fifo_as_manifest_is_refused(tmp_path):
    os.mkfifo(tmp_path / "manifest.yaml")
    check_fails(tmp_path / "manifest.yaml", "manifest.yaml", "not a regular file")


def test_a_cycle_in_a_code_list_says_cycle_with_line_and_codes(testdata, tmp_path):
    manifest = base_submission(testdata, tmp_path / "sub")
    # 兵庫県 (line 10) loses its root role: its parent is 神戸市, whose parent is 兵庫県.
    replace_in(manifest, '{code: "28000", label: 兵庫県}', '{code: "28000", label: 兵庫県, parent: "28100"}')
    check_fails(manifest, "manifest.yaml:10 [parent]", "循環", "cycle", "28000 → 28100 → 28000")


def test_a_100000_level_hierarchy_fails_fast_naming_the_depth(tmp_path):
    folder = tmp_path / "deep"
    folder.mkdir()
    lines = ["code,label,parent", "L0,L0,"] + ["L%d,L%d,L%d" % (i, i, i - 1) for i in range(1, 100000)]
    (folder / "codes.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "t1.csv").write_text("区分,件数\nL0,1\n", encoding="utf-8")
    (folder / "manifest.yaml").write_text("""manifest_version: 1
policy: hyogo-2018
dimensions:
  part: {label: 区分, codes_file: codes.csv}
tables:
  - {id: t1, title: 表1, file: t1.csv, layout: long, dimensions: {part: 区分}, count: 件数}
""", encoding="utf-8")
    # L65 is the first code past the 64 levels allowed; it is on line 67 of the code list.
    check_fails(folder / "manifest.yaml", "codes.csv:67 [parent]", "深すぎ", "too deeply")


def test_an_unquoted_thousands_separator_gets_a_hint_naming_line_and_field(testdata, tmp_path):
    manifest = base_submission(testdata, tmp_path / "sub")
    table = tmp_path / "sub" / "t1.csv"
    replace_in(table, "28100,計,40,", "28100,計,1,924,")
    check_fails(manifest, "t1.csv:5 [罹患数]", "桁区切りのカンマ", "thousands separators", "1,924")


def test_a_row_wider_than_the_limit_is_refused(testdata, tmp_path):
    manifest = base_submission(testdata, tmp_path / "sub")
    table = tmp_path / "sub" / "t1.csv"
    table.write_text(table.read_text(encoding="utf-8") + "," * 20000 + "1\n", encoding="utf-8")
    check_fails(manifest, "t1.csv:14", "欄が多すぎます", "too many fields")


def test_a_file_that_is_not_a_table_is_not_echoed(testdata, tmp_path):
    manifest = base_submission(testdata, tmp_path / "sub")
    secret = "root:x:0:0:root:/root:/bin/bash"
    (tmp_path / "sub" / "t1.csv").write_text(secret + "\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
                                             encoding="utf-8")
    err = check_fails(manifest, "t1.csv:1", "表のファイルか確かめてください")
    assert "root:x" not in err and "/bin/bash" not in err and "daemon" not in err, err


def test_a_bad_row_early_in_a_long_table_stops_the_reading_there(testdata, tmp_path):
    # A bad count on line 152, then ~34 MB of rows and an unclosed quote on the last line: had the
    # whole file been parsed before the rows were read, the quote would be reported instead.
    manifest = base_submission(testdata, tmp_path / "sub")
    table = tmp_path / "sub" / "t1.csv"
    head = table.read_text(encoding="utf-8").splitlines()
    with open(table, "w", encoding="utf-8") as f:
        f.write("\n".join(head) + "\n" * (152 - len(head)) + "28100,計,四十,\n")
        filler = "28100,計,40,\n" * 100000
        for _ in range(20):
            f.write(filler)
        f.write('28100,計,"40\n')
    err = check_fails(manifest, "t1.csv:152 [罹患数]", "四十")
    assert "引用符" not in err, err


def plan_copy(testdata, folder):
    """testdata/registry copied to `folder`, its references and hospital list named by absolute path
    (and allowed as folders the same way)."""
    shutil.copytree(testdata / "registry", folder)
    plan = folder / "plan.yaml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("../../reference", str(testdata.parent / "reference"))
    text = text.replace("../hospitals", str(testdata / "hospitals"))
    plan.write_text(text, encoding="utf-8")
    return plan


def plan_line(plan, start):
    return [l.startswith(start) for l in plan.read_text(encoding="utf-8").splitlines()].index(True) + 1


def test_a_table_plan_naming_a_file_outside_its_folder_is_refused(testdata, tmp_path):
    plan = plan_copy(testdata, tmp_path / "registry")
    replace_in(plan, "hospitals: %s" % (testdata / "hospitals"), "hospitals: /etc")
    replace_in(plan, "/hyogo_hospitals_synthetic.csv", "/passwd")
    err = check_fails(plan, "plan.yaml:%d [hospitals]" % plan_line(plan, "hospitals:"), "/etc/passwd",
                      "集計計画のフォルダの外", "outside the table plan's folder", "allowed_folders")
    assert "root:" not in err  # nothing of the file is echoed


def test_a_table_plan_extract_climbing_out_is_refused_unless_allowed(testdata, tmp_path):
    plan = plan_copy(testdata, tmp_path / "registry")
    expected = run("check", plan).returncode
    assert expected in (0, 1)
    shutil.move(tmp_path / "registry" / "extract.csv", tmp_path / "extract.csv")
    replace_in(plan, "  path: extract.csv", "  path: ../extract.csv")
    check_fails(plan, "plan.yaml:%d [extract.path]" % plan_line(plan, "  path:"), "../extract.csv",
                "集計計画のフォルダの外")
    replace_in(plan, "allowed_folders: [", "allowed_folders: [.., ")
    r = run("check", plan)
    assert r.returncode == expected, r.stderr


def test_a_table_plan_file_symlinked_out_of_its_folder_is_refused(testdata, tmp_path):
    plan = plan_copy(testdata, tmp_path / "registry")
    (tmp_path / "outside").mkdir()
    shutil.move(tmp_path / "registry" / "extract.csv", tmp_path / "outside" / "extract.csv")
    os.symlink(tmp_path / "outside" / "extract.csv", tmp_path / "registry" / "extract.csv")
    check_fails(plan, "plan.yaml:%d [extract.path]" % plan_line(plan, "  path:"), "outside the table plan's folder")


def test_a_code_list_column_hitoku_does_not_read_is_refused(tmp_path):
    manifest = one_dimension_submission(tmp_path / "extra", [1, 2], 3)
    codes = tmp_path / "extra" / "codes.csv"
    lines = codes.read_text(encoding="utf-8").splitlines()
    lines = [lines[0] + ",label_en"] + [line + ",x" for line in lines[1:]]
    codes.write_text("\n".join(lines) + "\n", encoding="utf-8")
    check_fails(manifest, "codes.csv:1 [label_en]", "読みません", "is not read")


def test_a_complex_key_or_a_mapping_where_a_value_belongs_is_an_input_error(testdata, tmp_path):
    """Found by fuzz_manifest: a key written as `? …` (a mapping as key) reached yaml-cpp's conversion
    and ended in 「内部エラー」 without the file; a list item that is a mapping in the policy likewise.
    Both are bad input: exit 2 naming the file and the line."""
    manifest = base_submission(testdata, tmp_path / "sub")
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text + "? {nested: key}\n: 1\n", encoding="utf-8")
    line = len(text.splitlines()) + 1
    r = run("check", manifest)
    assert r.returncode == 2, r.stdout + r.stderr
    assert r.stdout == ""
    assert "manifest.yaml:%d" % line in r.stderr and "内部エラー" not in r.stderr, r.stderr
    assert "項目名は文字列" in r.stderr and "plain name" in r.stderr

    manifest.write_text(text, encoding="utf-8")
    policy = (testdata.parent / "policies" / "hyogo-2018.yaml").read_text(encoding="utf-8")
    policy = policy.replace('suppression_markers: ["*",', 'suppression_markers: [{a: b}, "*",', 1)
    policy = policy.replace("id: hyogo-2018", "id: local", 1)
    (tmp_path / "sub" / "local-policy.yaml").write_text(policy, encoding="utf-8")
    manifest.write_text(text.replace("policy: hyogo-2018", "policy: local-policy.yaml"), encoding="utf-8")
    line = next(i for i, l in enumerate(policy.splitlines(), 1) if l.startswith("suppression_markers"))
    r = run("check", manifest)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "local-policy.yaml:%d" % line in r.stderr and "内部エラー" not in r.stderr, r.stderr


def test_a_policy_name_too_long_for_the_file_system_is_not_found(testdata, tmp_path):
    """Found by fuzz_manifest: a policy id of 300 characters made the file-system lookup throw, an
    internal error; it is an unknown policy (exit 2 naming it)."""
    manifest = base_submission(testdata, tmp_path / "sub")
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("policy: hyogo-2018", "policy: hyogo" + "x" * 300), encoding="utf-8")
    r = run("check", manifest)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "内部エラー" not in r.stderr and "unknown policy" in r.stderr, r.stderr


def test_a_manifest_yaml_cpp_cannot_end_on_is_an_input_error_not_a_hang(tmp_path):
    # Found by fuzz_manifest: yaml-cpp 0.7's LoadAll never returns on a text that starts with ','.
    for name, data in {"comma": b",", "words": b",are still printed besma",
                       "bytes": bytes.fromhex("2c612300000000310a706fa5a5a5a5a1a5a5a5a5d93a6d61")}.items():
        (tmp_path / f"{name}.yaml").write_bytes(data)
        r = run("check", tmp_path / f"{name}.yaml", timeout=30)
        assert r.returncode == 2, (name, r.stdout, r.stderr)
        assert f"{name}.yaml:1" in r.stderr and "not valid YAML" in r.stderr, (name, r.stderr)


import pytest


@pytest.mark.parametrize("code", ["282138", "028213", "2821", "28213.0", "２８２１３"])
def test_a_hospital_whose_municipality_code_nothing_knows_is_an_input_error(testdata, tmp_path, code):
    """西脇市 (28213) has one hospital; written as 282138 (with its check digit) it was counted in no area,
    so rule ③ saw a town without hospitals and passed while 西脇市's count is that one hospital's."""
    sample = testdata / "hospitals" / "sample"
    for f in ("manifest.yaml", "h1.csv", "h2.csv"):
        shutil.copy(sample / f, tmp_path / f)
    rows = (testdata / "hospitals" / "hyogo_hospitals_synthetic.csv").read_text(encoding="utf-8").splitlines()
    line = next(i for i, r in enumerate(rows) if r.split(",")[2] == "28213")
    fields = rows[line].split(",")
    fields[2] = code
    rows[line] = ",".join(fields)
    (tmp_path / "hospitals.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    manifest = tmp_path / "manifest.yaml"
    text = manifest.read_text(encoding="utf-8")
    for old, new in (("../hyogo_hospitals_synthetic.csv", "hospitals.csv"), ("../../sample", str(testdata / "sample")),
                     ("../../../reference", str(sample.parents[2] / "reference"))):
        assert old in text
        text = text.replace(old, new)
    manifest.write_text(text, encoding="utf-8")
    r = run("check", manifest)
    assert r.returncode == 2, r.stdout
    assert r.stdout == ""
    assert "hospitals.csv:%d [municipality_code]" % (line + 1) in r.stderr, r.stderr
    assert code in r.stderr
