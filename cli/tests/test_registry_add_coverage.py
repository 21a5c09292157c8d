"""`registry add` registers a submission only when its report's rule ⑤ met every publication of that registry the
submission links to (a report made without --registry, before a later registration, or with --since/--until leaving
one out is refused); and a registered submission keeps the earlier publications its manifest declared."""
import json
from pathlib import Path

from committee_fixtures import publication_a, submission_b
from conftest import run


def checked(manifest, out, *extra):
    r = run("check", manifest, "--format", "json", "-o", out, *extra)
    assert r.returncode in (0, 1), r.stderr
    return r.returncode, json.loads(Path(out).read_text(encoding="utf-8"))


def registry_with_a(tmp_path, *add_options):
    db = tmp_path / "registry.sqlite"
    assert run("registry", "init", db).returncode == 0
    a = publication_a(tmp_path / "a")
    assert checked(a, tmp_path / "a.json", "--registry", db)[0] == 0
    r = run("registry", "add", db, a, tmp_path / "a.json", *add_options)
    assert r.returncode == 0, r.stderr
    return db


def refused(db, manifest, report):
    before = Path(db).read_bytes()
    r = run("registry", "add", db, manifest, report)
    assert r.returncode == 2, r.stdout + r.stderr
    assert "兵庫県指令健第0001号" in r.stderr and "--registry" in r.stderr and "re-check" in r.stderr, r.stderr
    assert str(report) in r.stderr, "the message names the report"
    assert Path(db).read_bytes() == before, "nothing written"
    assert "0002" not in run("registry", "list", db).stdout


def test_a_report_made_without_the_registry_is_not_registered_beside_the_publication_it_leaks_with(tmp_path):
    """B alone passes; with A (registered) 姫路市×男 = 17 − 12 = 5. Its self-check without --registry was registered."""
    db = registry_with_a(tmp_path)
    b = submission_b(tmp_path / "b")
    assert checked(b, tmp_path / "b.json")[0] == 0, "B alone is safe"
    refused(db, b, tmp_path / "b.json")
    # A filter that leaves A out is no better.
    assert checked(b, tmp_path / "b-until.json", "--registry", db, "--until", "2024-03-31")[0] == 0
    refused(db, b, tmp_path / "b-until.json")
    assert checked(b, tmp_path / "b-since.json", "--registry", db, "--since", "2024-05-01")[0] == 0
    refused(db, b, tmp_path / "b-since.json")
    assert run("registry", "check", db).returncode == 0


def test_a_report_made_before_a_later_registration_is_not_registered(tmp_path):
    """B was checked against the registry while it was empty; A was registered since."""
    db = tmp_path / "registry.sqlite"
    assert run("registry", "init", db).returncode == 0
    b = submission_b(tmp_path / "b")
    code, report = checked(b, tmp_path / "b.json", "--registry", db)
    assert code == 0 and "registry_publications" not in report
    a = publication_a(tmp_path / "a")
    assert checked(a, tmp_path / "a.json", "--registry", db)[0] == 0
    assert run("registry", "add", db, a, tmp_path / "a.json").returncode == 0
    refused(db, b, tmp_path / "b.json")


def test_a_report_that_met_every_linked_publication_is_registered(tmp_path):
    db = registry_with_a(tmp_path, "--data-years", "2016-2019")
    # A safe submission checked against the registry (A is in its rule ⑤) is registered.
    safe = submission_b(tmp_path / "c", approval="兵庫県指令健第0003号",
                        suppressed={("28201", "1"), ("28201", "2"), ("28202", "1"), ("28202", "2")})
    code, report = checked(safe, tmp_path / "c.json", "--registry", db)
    assert code == 0 and [u["approval"]["number"] for u in report["registry_publications"]] == ["兵庫県指令健第0001号"]
    r = run("registry", "add", db, safe, tmp_path / "c.json")
    assert r.returncode == 0, r.stderr


def test_publications_of_other_data_years_are_left_out_alike_by_the_check_and_the_add(tmp_path):
    db = registry_with_a(tmp_path, "--data-years", "2016-2019")
    b = submission_b(tmp_path / "b")
    assert checked(b, tmp_path / "b.json", "--registry", db, "--data-years", "2021")[0] == 0
    r = run("registry", "add", db, b, tmp_path / "b.json")
    assert r.returncode == 2 and "兵庫県指令健第0001号" in r.stderr, "without --data-years A counts"
    r = run("registry", "add", db, b, tmp_path / "b.json", "--data-years", "2021")
    assert r.returncode == 0, r.stderr


def test_the_earlier_publications_a_registered_submission_declared_stay_known(tmp_path):
    """G declared the annual report e1 (姫路市 17) as an earlier publication and printed a table by sex only. The
    registry kept G's own table only, so B (姫路市×女 = 12 beside 姫路市×計 hidden) passed against it although
    e1 gives 姫路市×男 = 17 − 12 = 5."""
    g = publication_a(tmp_path / "g", approval="兵庫県指令健第0005号")
    text = g.read_text(encoding="utf-8")
    (tmp_path / "g" / "e1.csv").write_text((tmp_path / "g" / "a1.csv").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "g" / "s.csv").write_text("sex,count,true\n0,74,\n1,32,\n2,42,\n", encoding="utf-8")
    text = text.replace("  - id: a1\n    title: 表 a1\n    file: a1.csv", "  - id: s\n    title: 性別\n    file: s.csv")
    text = text.replace("dimensions: {area: area}", "dimensions: {sex: sex}", 1)
    text += ("earlier_publications:\n  - {id: e1, title: 年報 市町別, file: e1.csv, layout: long, dimensions: {area: area}, "
             "count: count, true_value_column: true}\n")
    g.write_text(text, encoding="utf-8")
    db = tmp_path / "registry.sqlite"
    assert run("registry", "init", db).returncode == 0
    assert checked(g, tmp_path / "g.json", "--registry", db)[0] == 0
    assert run("registry", "add", db, g, tmp_path / "g.json").returncode == 0, "G registers"
    shown = run("registry", "show", db, "兵庫県指令健第0005号").stdout
    assert "e1" in shown and "年報 市町別" in shown, shown
    b = submission_b(tmp_path / "b")
    assert checked(b, tmp_path / "alone.json")[0] == 0, "B alone is safe"
    code, report = checked(b, tmp_path / "b.json", "--registry", db)
    assert code == 1 and report["verdict"] == "fail"
    leak = [f for f in report["findings"] if f["rule"] == "5" and f["severity"] == "error" and f["cell"] == {"area": "28201", "sex": "1"}]
    assert leak and "兵庫県指令健第0005号:e1" in {t["table"] for t in leak[0]["certificate"]}, report["findings"]
    # G checked again against the registry that holds it does not find itself.
    code, again = checked(g, tmp_path / "g-again.json", "--registry", db)
    assert code == 0 and "registry_publications" not in again
