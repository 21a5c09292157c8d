"""Plan tables kept to a subset of the records by a filter the other tables do not have: the filter is a
binary dimension (該当 / 非該当) the filtered table is fixed to, so `hitoku check PLAN`, `hitoku protect PLAN`
and re-checking the manifest `hitoku tables` writes all use the same model and reach the same verdict."""
import json

from conftest import run, check_json


def plan_with(testdata, tmp_path, extra, base="plan.yaml"):
    folder = testdata / "registry"
    text = (folder / base).read_text(encoding="utf-8")
    text = text.replace("path: extract.csv", "path: %s" % (folder / "extract.csv"))
    text = text.replace("allowed_folders: [", "allowed_folders: [%s, " % folder)  # the extract stays there
    text = text.replace("../../reference", str(testdata.parent / "reference"))
    text = text.replace("../hospitals", str(testdata / "hospitals"))
    plan = tmp_path / "plan.yaml"
    plan.write_text(text + extra, encoding="utf-8")
    return plan


NON_DCO = """  - id: site_sex_nondco
    title: 表5 部位別・性別 罹患数（DCOを除く）
    dimensions: [site, sex]
    filters: [{field: DCO 区分, in: [2]}]
"""


def rules(report):
    """Rules ②-⑤ as (rule, verdict, errors, warnings). Rule ① counts patients, which only the plan knows."""
    return [(r["rule"], r["verdict"], r["errors"], r["warnings"]) for r in report["rules"] if r["rule"] != "1"]


def test_written_manifest_of_a_filtered_plan_rechecks_to_the_plan_verdict(testdata, tmp_path):
    plan = plan_with(testdata, tmp_path, NON_DCO)
    code, by_plan, err = check_json(plan)
    assert by_plan is not None and code in (0, 1), err
    out = tmp_path / "out"
    r = run("tables", plan, "-o", out)
    assert r.returncode == 0, r.stderr
    manifest = (out / "manifest.yaml").read_text(encoding="utf-8")
    assert 'fixed: {filter1: "in"}' in manifest
    assert "絞り込み「DCO 区分 ∈ {2}」" in manifest and "該当" in manifest and "非該当" in manifest
    again, by_tables, err = check_json(out / "manifest.yaml")
    assert by_tables is not None, err  # before: exit 2, the filtered table contradicted the others
    assert again == code
    assert by_tables["verdict"] == by_plan["verdict"]
    assert rules(by_tables) == rules(by_plan)
    t = next(t for t in by_plan["tables"] if t["id"] == "site_sex_nondco")
    assert [d["codes"] for d in t["dimensions"] if d["id"] == "filter1"] == [["in"]]


def test_protect_a_plan_with_a_filtered_table_and_recheck(testdata, tmp_path):
    plan = plan_with(testdata, tmp_path, NON_DCO, base="plan-publish.yaml")
    out = tmp_path / "publish"
    r = run("protect", plan, "-o", out, timeout=600)  # 80-110 s on a loaded 2-core machine: a hang guard only
    assert r.returncode == 0, r.stdout + r.stderr
    again = run("check", out / "manifest.yaml", "--format", "json")
    assert again.returncode == 0, again.stdout + again.stderr
    assert json.loads(again.stdout)["verdict"] == "pass"


def test_a_filtered_table_beside_the_whole_gives_away_the_records_left_out(testdata, tmp_path):
    """表2 (all records) beside 表5 (DCO excluded) prints the DCO count of each site and sex by subtraction:
    counts no table shows, reported under rule ② where they are 1 to 9, with the computation."""
    plan = plan_with(testdata, tmp_path, NON_DCO, base="plan-publish.yaml")
    code, report, err = check_json(plan)
    assert code == 1, err
    left_out = [f for f in report["findings"] if f["rule"] == "2" and f["severity"] == "error"
                and any(c["label"].startswith("〔表にないセル〕") and "非該当" in c["label"] for c in f.get("cells", []))]
    assert left_out
    for f in left_out:
        tables = {c["table"] for c in f["certificate"]}
        assert tables == {"site_sex", "site_sex_nondco"}, f["cell_label"]  # all minus the filtered ones
        assert {c["coefficient"] for c in f["certificate"]} == {1, -1}
        assert "表に載せていない" in f["reason"]["ja"]


def test_two_overlapping_filters_are_checked_without_contradiction(testdata, tmp_path):
    plan = plan_with(testdata, tmp_path, NON_DCO + """  - id: sex_surgery
    dimensions: [sex]
    filters: [{field: 集約外科的治療の有無, in: [1]}]
  - id: sex_surgery_nondco
    dimensions: [sex]
    filters: [{field: 集約外科的治療の有無, in: [1]}, {field: DCO 区分, in: [2]}]
""")
    code, by_plan, err = check_json(plan)
    assert by_plan is not None and code in (0, 1), err
    out = tmp_path / "out"
    assert run("tables", plan, "-o", out).returncode == 0
    again, by_tables, err = check_json(out / "manifest.yaml")
    assert by_tables is not None, err
    assert rules(by_tables) == rules(by_plan)
    t = next(t for t in by_plan["tables"] if t["id"] == "sex_surgery_nondco")
    assert sorted(d["id"] for d in t["dimensions"]) == ["filter1", "filter2", "sex"]


def test_dco_only_and_non_dco_tables_share_one_dimension(testdata, tmp_path):
    plan = plan_with(testdata, tmp_path, NON_DCO + """  - id: site_sex_dco
    dimensions: [site, sex]
    filters: [{field: DCO 区分, in: [1]}]
""")
    code, by_plan, err = check_json(plan)
    assert by_plan is not None and code in (0, 1), err
    out = tmp_path / "out"
    assert run("tables", plan, "-o", out).returncode == 0
    manifest = (out / "manifest.yaml").read_text(encoding="utf-8")
    assert 'fixed: {filter1: "in1"}' in manifest and 'fixed: {filter1: "in2"}' in manifest
    again, by_tables, err = check_json(out / "manifest.yaml")
    assert by_tables is not None, err
    assert again == code and rules(by_tables) == rules(by_plan)


def test_a_filter_on_a_dimension_the_tables_use_exits_2(testdata, tmp_path):
    plan = plan_with(testdata, tmp_path, """  - id: site_men
    dimensions: [site]
    filters: [{field: 集約性別, in: [1]}]
""")
    r = run("check", plan)
    assert r.returncode == 2 and r.stdout == ""
    assert "{dimension: sex" in r.stderr
