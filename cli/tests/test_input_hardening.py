"""Inputs built to break hitoku (issue 16): each must end in exit code 2 with a message naming the
file, line and field, never a verdict, and never hang."""
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
