"""Rule ② "alone or in combination" (issue 18): two suppressed cells whose sum the published total
gives away must not sum to 1..9. The check runs with the shipped hyogo-2018 policy, which has
`small_cells.combinations: true`; the control turns it off in a copy of the policy."""
import json
import re

from conftest import run


def write_row(folder, testdata, hidden_a, hidden_b, combinations=True):
    """A total of 15 + hidden_a + hidden_b over three towns; the two hidden counts suppressed.
    With combinations=False the policy is a copy of hyogo-2018 with the switch off."""
    folder.mkdir(exist_ok=True)
    policy_ref = "hyogo-2018"
    if not combinations:
        policy = (testdata.parent / "policies" / "hyogo-2018.yaml").read_text(encoding="utf-8")
        policy, n = re.subn(r"(?m)^( +)combinations: true\b", r"\1combinations: false", policy)
        assert n == 1
        policy = policy.replace("id: hyogo-2018", "id: no-combinations", 1)
        (folder / "policy.yaml").write_text(policy, encoding="utf-8")
        policy_ref = "policy.yaml"
    (folder / "manifest.yaml").write_text("""manifest_version: 1
policy: POLICY
dimensions:
  area:
    label: 市町
    codes:
      - {code: "28000", label: 兵庫県}
      - {code: "28100", label: 神戸市, parent: "28000"}
      - {code: "28201", label: 姫路市, parent: "28000"}
      - {code: "28202", label: 尼崎市, parent: "28000"}
tables:
  - id: t1
    file: t1.csv
    layout: long
    dimensions: {area: 市町コード}
    count: 罹患数
    true_value_column: 真値
""".replace("POLICY", policy_ref), encoding="utf-8")
    total = 15 + hidden_a + hidden_b
    (folder / "t1.csv").write_text(
        f"市町コード,罹患数,真値\n28000,{total},{total}\n28100,15,15\n28201,*,{hidden_a}\n28202,*,{hidden_b}\n",
        encoding="utf-8")
    return folder / "manifest.yaml"


def rule2(report):
    return [f for f in report["findings"] if f["rule"] == "2" and f["severity"] == "error"]


def test_two_suppressed_cells_summing_to_a_small_count_fail_rule_2(testdata, tmp_path):
    r = run("check", write_row(tmp_path / "a", testdata, 5, 3), "--format", "json")
    assert r.returncode == 1, r.stdout + r.stderr
    report = json.loads(r.stdout)
    assert report["verdict"] == "fail"
    found = rule2(report)
    assert len(found) == 1
    assert "姫路市" in found[0]["cell_label"] and "尼崎市" in found[0]["cell_label"]
    assert "兵庫県 − t1: 神戸市" in found[0]["reason"]["ja"]
    assert {(c["label"], c["coefficient"]) for c in found[0]["certificate"]} == {("t1: 兵庫県", 1), ("t1: 神戸市", -1)}
    assert "8" not in found[0]["reason"]["ja"]  # the sum is as secret as the cells
    # The cells of the small sum, one object each (a reviewer's tool need not parse the label).
    assert {(c["table"], c["cell"]["area"]) for c in found[0]["cells"]} == {("t1", "28201"), ("t1", "28202")}
    assert all(c["label"] in found[0]["cell_label"] for c in found[0]["cells"])


def test_the_same_row_with_a_sum_of_ten_passes_rule_2(testdata, tmp_path):
    r = run("check", write_row(tmp_path / "b", testdata, 6, 4), "--format", "json")
    report = json.loads(r.stdout)
    assert not rule2(report), r.stdout
    assert r.returncode == 0 and report["verdict"] == "pass", r.stdout + r.stderr


def test_without_the_combination_check_the_small_sum_goes_unnoticed(testdata, tmp_path):
    """The false PASS of issue 18 that the switch exists to close."""
    r = run("check", write_row(tmp_path / "c", testdata, 5, 3, combinations=False), "--format", "json")
    assert not rule2(json.loads(r.stdout)), r.stdout


def test_protect_of_the_row_with_the_default_policy_passes_the_check(testdata, tmp_path):
    """hitoku protect honours the default policy's combination rule: the written row re-checks as a pass."""
    out = tmp_path / "out"
    r = run("protect", write_row(tmp_path / "d", testdata, 5, 3), "-o", out)
    assert r.returncode == 0, r.stdout + r.stderr
    again = run("check", out / "manifest.yaml", "--format", "json")
    report = json.loads(again.stdout)
    assert again.returncode == 0 and report["verdict"] == "pass", again.stdout + again.stderr
    assert len(report["suppressed_cells"]) == 3  # 5, 3 and one more, so that no sum of 1..9 shows
