"""No command overwrites what it reads: an output that resolves (symlinks followed) to an input file,
or to a folder holding inputs, is refused with exit 2 and a message naming it in Japanese and English,
before anything is written; --force writes anyway. Also the help: both languages and the exit codes."""
import os
import shutil

from conftest import run, tree_hashes


def sample_copy(testdata, tmp_path):
    """A private copy of the sample tree (relative paths still resolve); returns its fail/ folder."""
    shutil.copytree(testdata / "sample", tmp_path / "sample")
    return tmp_path / "sample" / "fail"


def assert_refused(tree, path, *args, cwd=None):
    """hitoku ARGS exits 2 naming `path` in both languages, and nothing under `tree` changed."""
    before = tree_hashes(tree)
    r = run(*args, cwd=cwd)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "エラー: " + path in r.stderr and "error: " + path in r.stderr
    assert "上書き" in r.stderr and "overwrite" in r.stderr and "--force" in r.stderr
    assert tree_hashes(tree) == before


def test_check_refuses_to_write_its_report_over_a_table(testdata, tmp_path):
    folder = sample_copy(testdata, tmp_path)
    assert_refused(tmp_path, "t1.csv", "check", "manifest.yaml", "-o", "t1.csv", cwd=folder)


def test_check_refuses_to_write_its_report_over_the_manifest(testdata, tmp_path):
    folder = sample_copy(testdata, tmp_path)
    assert_refused(tmp_path, "manifest.yaml", "check", "manifest.yaml", "--format", "json", "-o", "manifest.yaml", cwd=folder)


def test_check_refuses_a_code_list_in_the_folder_above(testdata, tmp_path):
    folder = sample_copy(testdata, tmp_path)
    assert_refused(tmp_path, "../area_codes.csv", "check", "manifest.yaml", "-o", "../area_codes.csv", cwd=folder)


def test_check_refuses_a_symlink_to_an_input(testdata, tmp_path):
    folder = sample_copy(testdata, tmp_path)
    os.symlink(folder / "t1.csv", tmp_path / "report.txt")
    link = str(tmp_path / "report.txt")
    assert_refused(tmp_path, link, "check", folder / "manifest.yaml", "-o", link)
    assert os.path.islink(link)


def test_check_refuses_the_run_log_on_an_input(testdata, tmp_path):
    folder = sample_copy(testdata, tmp_path)
    assert_refused(tmp_path, "t1.csv", "check", "manifest.yaml", "--run-log", "t1.csv", cwd=folder)


def test_a_new_report_beside_the_inputs_is_written(testdata, tmp_path):
    folder = sample_copy(testdata, tmp_path)
    r = run("check", "manifest.yaml", "-o", "report.txt", cwd=folder)
    assert r.returncode == 1, r.stderr  # the fail sample
    assert (folder / "report.txt").read_text(encoding="utf-8").splitlines()[0] == r.stdout.splitlines()[0]


def test_force_writes_over_an_input(testdata, tmp_path):
    folder = sample_copy(testdata, tmp_path)
    r = run("check", "manifest.yaml", "--format", "json", "-o", "t1.csv", "--force", cwd=folder)
    assert r.returncode == 1, r.stderr
    assert (folder / "t1.csv").read_text(encoding="utf-8").startswith("{")


def test_report_refuses_to_overwrite_the_report_it_reads(testdata, tmp_path):
    rj = tmp_path / "report.json"
    assert run("check", testdata / "sample" / "pass" / "manifest.yaml", "--format", "json", "-o", rj).returncode == 0
    assert_refused(tmp_path, str(rj), "report", rj, "-o", rj)


def test_merge_refuses_the_folder_of_its_inputs(testdata, tmp_path):
    # The hospital sample reads ../../sample/ and ../../../reference/: copied with them.
    for part in ["hospitals", "sample"]:
        shutil.copytree(testdata / part, tmp_path / "testdata" / part)
    shutil.copytree(testdata.parent / "reference", tmp_path / "reference")
    folder = tmp_path / "testdata" / "hospitals" / "sample"
    assert_refused(tmp_path, ".", "merge", "manifest.yaml", "-o", ".", cwd=folder)
    assert_refused(tmp_path, "../../sample", "merge", "manifest.yaml", "-o", "../../sample", cwd=folder)


def registry_plan(testdata, tmp_path):
    """testdata/registry/plan.yaml in tmp_path with its extract beside it and absolute references."""
    text = (testdata / "registry" / "plan.yaml").read_text(encoding="utf-8")
    text = text.replace("../../reference", str(testdata.parent / "reference"))
    text = text.replace("../hospitals", str(testdata / "hospitals"))
    shutil.copy(testdata / "registry" / "extract.csv", tmp_path / "extract.csv")
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    return plan


def test_tables_refuses_the_folder_of_its_plan(testdata, tmp_path):
    plan = registry_plan(testdata, tmp_path)
    assert_refused(tmp_path, str(tmp_path), "tables", plan, "-o", tmp_path)


def test_tables_old_outdir_spelling_still_works_with_a_notice(testdata, tmp_path):
    plan = registry_plan(testdata, tmp_path)
    r = run("tables", plan, "--outdir", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert "--outdir" in r.stderr and "-o/--output" in r.stderr
    assert (tmp_path / "out" / "manifest.yaml").exists()
    r = run("tables", plan, "--output", tmp_path / "out2")
    assert r.returncode == 0, r.stderr
    assert "--outdir" not in r.stderr
    assert (tmp_path / "out2" / "manifest.yaml").read_bytes() == (tmp_path / "out" / "manifest.yaml").read_bytes()


EXIT_CODES = ["終了コード", "exit codes", "適合", "pass", "不適合", "fail", "入力・使い方の誤り", "bad input or usage"]


def test_help_is_bilingual_and_lists_the_exit_codes():
    r = run("--help")
    assert r.returncode == 0
    for word in EXIT_CODES + ["公表前確認", "pre-publication", "--force"]:
        assert word in r.stdout, word
    lines = r.stdout.splitlines()
    for code in "012":
        assert any(line.strip().startswith(code + "  ") for line in lines), code
    sub = run("check", "--help")
    assert sub.returncode == 0
    assert all(word in sub.stdout for word in EXIT_CODES)
    assert "--force" in sub.stdout


def test_no_arguments_answer_in_both_languages_as_a_usage_error():
    r = run()
    assert r.returncode == 2
    for word in EXIT_CODES + ["公表前確認", "pre-publication", "check"]:
        assert word in r.stderr, word
