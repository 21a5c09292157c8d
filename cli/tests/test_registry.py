"""The committee's registry of approved publications: rule ⑤ from the registry, the registry's commands,
concurrent writers, and bad registries refused with nothing written."""
import json
import sqlite3
import subprocess
from pathlib import Path

from committee_fixtures import publication_a, submission_b
from conftest import HITOKU, run, tree_hashes


def checked(manifest, out, *extra):
    r = run("check", manifest, "--format", "json", "-o", out, *extra)
    assert r.returncode in (0, 1), r.stderr
    return r.returncode, json.loads(Path(out).read_text(encoding="utf-8"))


def registry_with_a(tmp_path):
    db = tmp_path / "registry.sqlite"
    assert run("registry", "init", db).returncode == 0
    a = publication_a(tmp_path / "a")
    code, _ = checked(a, tmp_path / "a.json")
    assert code == 0, "publication A passes alone"
    r = run("registry", "add", db, a, tmp_path / "a.json", "--data-years", "2016-2019")
    assert r.returncode == 0, r.stderr
    return db


def test_safe_alone_fails_with_the_registered_publication(tmp_path):
    db = registry_with_a(tmp_path)
    b = submission_b(tmp_path / "b")
    code, alone = checked(b, tmp_path / "b.json")
    assert code == 0 and alone["verdict"] == "pass", "B alone is safe"
    assert "registry_publications" not in alone
    code, report = checked(b, tmp_path / "b-reg.json", "--registry", db)
    assert code == 1 and report["verdict"] == "fail"
    rule5 = next(r for r in report["rules"] if r["rule"] == "5")
    assert rule5["verdict"] == "fail"
    used = report["registry_publications"]
    assert [u["approval"]["number"] for u in used] == ["兵庫県指令健第0001号"]
    # The leak: 姫路市×男 = (姫路市, published by A) − 姫路市×女; its certificate names A's table.
    leak = [f for f in report["findings"] if f["rule"] == "5" and f["severity"] == "error" and f["cell"] == {"area": "28201", "sex": "1"}]
    assert leak, report["findings"]
    tables = {t["table"] for t in leak[0]["certificate"]}
    assert "兵庫県指令健第0001号:a1" in tables
    labels = " ".join(t["label"] for t in leak[0]["certificate"])
    assert "登録済み公表物 兵庫県指令健第0001号" in labels
    # Text and HTML name the publication too (Japanese first).
    text = run("check", b, "--registry", db).stdout
    assert "既公表値（登録済み公表物）: 兵庫県指令健第0001号" in text
    html = run("check", b, "--registry", db, "--format", "html").stdout
    assert 'id="registry"' in html and "兵庫県指令健第0001号" in html
    # verify needs the registry and reproduces the report with it.
    v = run("verify", tmp_path / "b-reg.json", b, "--registry", db)
    assert v.returncode == 0, v.stdout + v.stderr
    v = run("verify", tmp_path / "b-reg.json", b)
    assert v.returncode == 2 and "--registry" in v.stderr


def test_filters_leave_publications_out(tmp_path):
    db = registry_with_a(tmp_path)
    b = submission_b(tmp_path / "b")
    assert checked(b, tmp_path / "1.json", "--registry", db, "--since", "2024-05-01")[0] == 0
    assert checked(b, tmp_path / "2.json", "--registry", db, "--until", "2024-03-31")[0] == 0
    assert checked(b, tmp_path / "3.json", "--registry", db, "--data-years", "2020-2021")[0] == 0
    assert checked(b, tmp_path / "4.json", "--registry", db, "--data-years", "2019")[0] == 1
    assert checked(b, tmp_path / "5.json", "--registry", db, "--since", "2024-04-01")[0] == 1
    r = run("check", b, "--registry", db, "--since", "April")
    assert r.returncode == 2 and "--since" in r.stderr


def test_registry_commands_and_what_is_stored(tmp_path):
    db = registry_with_a(tmp_path)
    listing = run("registry", "list", db)
    assert listing.returncode == 0 and "兵庫県指令健第0001号" in listing.stdout and "2016-2019" in listing.stdout
    shown = run("registry", "show", db, "兵庫県指令健第0001号")
    assert shown.returncode == 0 and "a1" in shown.stdout and "sha256" in shown.stdout
    assert run("registry", "check", db).returncode == 0
    # A re-add of the same approval is refused; nothing changes.
    before = Path(db).read_bytes()
    r = run("registry", "add", db, tmp_path / "a" / "manifest.yaml", tmp_path / "a.json")
    assert r.returncode == 2 and "登録済み" in r.stderr
    assert Path(db).read_bytes() == before
    # Only published values are stored: a suppressed cell of an approved submission has no value at all.
    # (B alone: beside A it leaks, and a report checked without the registry is not registered beside A.)
    b = submission_b(tmp_path / "b", approval="兵庫県指令健第0009号")
    assert checked(b, tmp_path / "b.json")[0] == 0
    assert run("registry", "add", db, b, tmp_path / "b.json").returncode == 2
    assert run("registry", "remove", db, "兵庫県指令健第0001号").returncode == 0
    assert run("registry", "add", db, b, tmp_path / "b.json").returncode == 0
    con = sqlite3.connect(db)
    (published,) = con.execute("SELECT published FROM publication_table WHERE table_id = 'b1'").fetchone()
    con.close()
    values = json.loads(published)
    assert values.count(None) == 4 and 5 not in values and 17 not in values and 27 not in values
    assert run("registry", "remove", db, "兵庫県指令健第0009号").returncode == 0
    assert "0009" not in run("registry", "list", db).stdout
    assert run("registry", "remove", db, "兵庫県指令健第0009号").returncode == 2


def test_registry_gives_the_same_audit_as_a_declared_earlier_publication(tmp_path):
    """The registry adds nothing of its own: B with A declared under earlier_publications in its manifest
    gets the same rule ⑤ findings and attacker intervals as B checked against a registry holding A."""
    db = registry_with_a(tmp_path)
    b = submission_b(tmp_path / "b")
    (b.parent / "a1.csv").write_bytes((tmp_path / "a" / "a1.csv").read_bytes())
    text = b.read_text(encoding="utf-8")
    text += ("earlier_publications:\n  - {id: a1, title: 表 a1, file: a1.csv, layout: long, dimensions: {area: area},"
             " count: count, true_value_column: true}\n")
    declared = tmp_path / "b" / "declared.yaml"
    declared.write_text(text, encoding="utf-8")
    _, by_manifest = checked(declared, tmp_path / "m.json")
    _, by_registry = checked(b, tmp_path / "r.json", "--registry", db)

    def audit(report, rename):
        cells = {(c["table"], tuple(sorted(c["cell"].items()))): (c["interval"], c["recoverable"], c["needs_earlier_publication"])
                 for c in report["suppressed_cells"]}
        rule5 = sorted((f["table"], tuple(sorted(f["cell"].items())), f["severity"],
                        tuple(sorted((rename.get(t["table"], t["table"]), t["coefficient"]) for t in f.get("certificate", []))))
                       for f in report["findings"] if f["rule"] == "5")
        return cells, rule5

    assert audit(by_manifest, {}) == audit(by_registry, {"兵庫県指令健第0001号:a1": "a1"})
    assert by_manifest["verdict"] == by_registry["verdict"] == "fail"


def test_one_dimension_id_is_one_variable_whatever_each_side_declares(tmp_path):
    """B names its area's variable `municipality`, A declared none: the same dimension id still links them
    (else A's areas would be a variable of their own and the leak would go unseen)."""
    db = registry_with_a(tmp_path)
    b = submission_b(tmp_path / "b")
    text = b.read_text(encoding="utf-8").replace("  area:\n    label: 市町\n", "  area:\n    label: 市町\n    variable: municipality\n")
    assert "variable: municipality" in text
    b.write_text(text, encoding="utf-8")
    assert checked(b, tmp_path / "alone.json")[0] == 0
    code, report = checked(b, tmp_path / "reg.json", "--registry", db)
    assert code == 1 and report["registry_publications"][0]["approval"]["number"] == "兵庫県指令健第0001号"


def test_the_same_codes_under_another_dimension_id_are_one_variable(tmp_path):
    """B calls its municipalities `shicho` (A: `area`), with the same codes and names and no `variable:` on either
    side. The registry once chose publications by variable or id only, so A was left out and B passed."""
    db = registry_with_a(tmp_path)
    b = submission_b(tmp_path / "b")
    text = b.read_text(encoding="utf-8").replace("  area:\n", "  shicho:\n").replace("{area: area,", "{shicho: area,")
    assert "  shicho:" in text and "{shicho: area," in text
    b.write_text(text, encoding="utf-8")
    assert checked(b, tmp_path / "alone.json")[0] == 0
    code, report = checked(b, tmp_path / "reg.json", "--registry", db)
    assert code == 1 and report["registry_publications"][0]["approval"]["number"] == "兵庫県指令健第0001号"
    leak = [f for f in report["findings"] if f["rule"] == "5" and f["severity"] == "error" and f["cell"] == {"shicho": "28201", "sex": "1"}]
    assert leak, report["findings"]
    # A variable declared on B's side only (names are each researcher's choice): still one variable.
    b.write_text(text.replace("  shicho:\n    label: 市町\n", "  shicho:\n    label: 市町\n    variable: municipality\n"),
                 encoding="utf-8")
    assert "variable: municipality" in b.read_text(encoding="utf-8")
    assert checked(b, tmp_path / "declared.json", "--registry", db)[0] == 1
    # Other codes (a district list) are another variable: A is not taken.
    other = text.replace("label: 姫路市", "label: 姫路地区")
    b.write_text(other, encoding="utf-8")
    code, report = checked(b, tmp_path / "other.json", "--registry", db)
    assert code == 0 and "registry_publications" not in report


def test_the_same_names_under_other_codes_are_one_variable(tmp_path):
    """B writes its municipalities with 6-digit codes (check digit) or full-width digits, the names as A's. No code
    links them, yet A's 姫路市 = 17 beside B's 12 women gives B's hidden 5 men away: B must fail."""
    db = registry_with_a(tmp_path)
    for name, spell in (("six", lambda code: code + "1"), ("wide", lambda code: code.translate(str.maketrans("0123456789", "０１２３４５６７８９")))):
        b = submission_b(tmp_path / name)
        text, rows = b.read_text(encoding="utf-8"), (b.parent / "b1.csv").read_text(encoding="utf-8")
        for code in ("28000", "28100", "28201", "28202"):
            text = text.replace('"%s"' % code, '"%s"' % spell(code))
            rows = rows.replace(code + ",", spell(code) + ",")
        b.write_text(text, encoding="utf-8")
        (b.parent / "b1.csv").write_text(rows, encoding="utf-8")
        assert checked(b, tmp_path / (name + "_alone.json"))[0] == 0
        code, report = checked(b, tmp_path / (name + ".json"), "--registry", db)
        leak = [f for f in report["findings"] if f["rule"] == "5" and f["severity"] == "error"
                and f["cell"] == {"area": spell("28201"), "sex": "1"}]
        assert code == 1 and leak, (name, report["findings"])


def test_another_publication_under_the_same_approval_is_still_an_earlier_publication(tmp_path):
    """The abstract A and the paper B come from one approval (one data provision). The registry left out every
    publication with the submission's approval number (meant for a re-check of A itself), so B passed."""
    db = registry_with_a(tmp_path)
    b = submission_b(tmp_path / "b", approval="兵庫県指令健第0001号")
    code, report = checked(b, tmp_path / "reg.json", "--registry", db)
    assert code == 1 and report["registry_publications"][0]["approval"]["number"] == "兵庫県指令健第0001号"
    # A itself, checked again against the registry that holds it, does not find itself.
    code, report = checked(tmp_path / "a" / "manifest.yaml", tmp_path / "a-again.json", "--registry", db)
    assert code == 0 and "registry_publications" not in report


REGISTRY_HEAD = """manifest_version: 1
policy: hyogo-2018
submission:
  title: TITLE
  approval: {date: "DATE", number: NUMBER}
  purpose: 試験
  publication: {venue: 例, date: "2025-01"}
  attribution: 本成果は、がん登録等の推進に関する法律に基づき提供を受けた情報を利用者が独自に作成・加工したものである。
dimensions:
  area: {label: 市町, codes: [{code: T, label: 計}, {code: A, label: 甲町, parent: T}, {code: B, label: 乙町, parent: T}]}
  sex: {label: 性別, codes: [{code: "0", label: 計}, {code: "1", label: 男, parent: "0"}, {code: "2", label: 女, parent: "0"}]}
  age: {label: 年齢, codes: [{code: 計, label: 計}, {code: y, label: 0-64, parent: 計}, {code: o, label: 65+, parent: 計}]}
tables:
"""


def test_a_registered_rate_still_bounds_the_count_it_was_printed_beside(tmp_path):
    """年報 printed the crude rate 2 (per 100,000 of 200,000, no decimals, half up) beside the suppressed 甲町 × 男:
    3 or 4. This submission's 乙町 × 女 × 0-64 = 26 of 乙町 45 gives 甲町 × 男 >= 4, so 4 (and 乙町 × 男 = 19).
    The registry kept the counts only and the check passed; it now keeps what the rate told."""
    p1 = tmp_path / "p1"
    p1.mkdir()
    (p1 / "manifest.yaml").write_text(REGISTRY_HEAD.replace("TITLE", "年報").replace("DATE", "2024-01-10").replace(
        "NUMBER", "第0001号") + """  - id: t1
    title: 年報 市町別・性別
    file: t1.csv
    layout: long
    dimensions: {area: 市町, sex: 性別}
    count: 件数
    true_value_column: 真値
    derived:
      - {column: 粗罹患率, kind: rate, per: 100000, decimals: 0, rounding: half_up, population: {file: pop.csv, column: 人口}}
""", encoding="utf-8")
    (p1 / "t1.csv").write_text("市町,性別,件数,粗罹患率,真値\nT,0,60,,\nT,1,23,,\nT,2,37,,\nA,0,15,,\nA,1,*,2,4\n"
                               "A,2,*,,11\nB,0,45,,\nB,1,*,,19\nB,2,*,,26\n", encoding="utf-8")
    (p1 / "pop.csv").write_text("市町,性別,人口\n" + "".join(f"{a},{x},{n}\n" for a, n in (("T", 500000), ("A", 200000), ("B", 300000))
                                                         for x in "012"), encoding="utf-8")
    p2 = tmp_path / "p2"
    p2.mkdir()
    (p2 / "manifest.yaml").write_text(REGISTRY_HEAD.replace("TITLE", "乙町の罹患").replace("DATE", "2024-06-01").replace(
        "NUMBER", "第0002号") + """  - {id: t2, title: 乙町 性別・年齢別, file: t2.csv, layout: long, fixed: {area: B}, dimensions: {sex: 性別, age: 年齢},
     count: 件数, true_value_column: 真値}
""", encoding="utf-8")
    (p2 / "t2.csv").write_text("性別,年齢,件数,真値\n0,計,45,\n0,y,*,36\n0,o,*,9\n1,計,*,19\n1,y,*,10\n1,o,*,9\n2,計,*,26\n"
                               "2,y,26,\n2,o,*,0\n", encoding="utf-8")
    db = tmp_path / "registry.sqlite"
    assert run("registry", "init", db).returncode == 0
    assert checked(p1 / "manifest.yaml", tmp_path / "p1.json")[0] == 0
    r = run("registry", "add", db, p1 / "manifest.yaml", tmp_path / "p1.json")
    assert r.returncode == 0, r.stderr
    assert checked(p2 / "manifest.yaml", tmp_path / "alone.json")[0] == 0
    code, report = checked(p2 / "manifest.yaml", tmp_path / "reg.json", "--registry", db)
    assert code == 1 and next(r for r in report["rules"] if r["rule"] == "5")["verdict"] == "fail"
    men = next(c for c in report["suppressed_cells"] if c["cell"] == {"area": "B", "sex": "1", "age": "計"})
    assert men["recoverable"], men
    # The rate is what did it: the same 年報 registered without it leaves the submission safe.
    text = (p1 / "manifest.yaml").read_text(encoding="utf-8")
    (p1 / "manifest.yaml").write_text(text[:text.index("    derived:")], encoding="utf-8")
    (p1 / "t1.csv").write_text("\n".join(",".join(row.split(",")[:3] + row.split(",")[4:])
                                         for row in (p1 / "t1.csv").read_text(encoding="utf-8").splitlines()) + "\n", encoding="utf-8")
    db2 = tmp_path / "without_rate.sqlite"
    assert run("registry", "init", db2).returncode == 0
    assert checked(p1 / "manifest.yaml", tmp_path / "p1b.json")[0] == 0
    assert run("registry", "add", db2, p1 / "manifest.yaml", tmp_path / "p1b.json").returncode == 0
    assert checked(p2 / "manifest.yaml", tmp_path / "reg2.json", "--registry", db2)[0] == 0


def test_a_registered_publications_hidden_count_given_away_fails_though_its_value_is_unknown(tmp_path):
    """B (registered) hid 姫路市×男 with 姫路市×計; C prints 姫路市 = 17 by area alone, and B printed
    姫路市×女 = 12: 姫路市×男 = 17 − 12. The registry holds no true value, so the cell is taken as
    possibly small: an error naming B's cell and the values that give it away (C alone passes)."""
    db = tmp_path / "registry.sqlite"
    assert run("registry", "init", db).returncode == 0
    b = submission_b(tmp_path / "b")
    assert checked(b, tmp_path / "b.json")[0] == 0
    assert run("registry", "add", db, b, tmp_path / "b.json").returncode == 0
    c = publication_a(tmp_path / "c", approval="兵庫県指令健第0003号")
    assert checked(c, tmp_path / "c.json")[0] == 0, "C alone is safe"
    code, report = checked(c, tmp_path / "c-reg.json", "--registry", db)
    assert code == 1 and report["verdict"] == "fail"
    leaks = [f for f in report["findings"] if f["rule"] == "5" and f["severity"] == "error"]
    hidden = {(f["table"], tuple(sorted(f["cell"].items()))) for f in leaks}
    assert ("兵庫県指令健第0002号:b1", (("area", "28201"), ("sex", "1"))) in hidden
    leak = next(f for f in leaks if f["cell"] == {"area": "28201", "sex": "1"})
    assert {t["table"] for t in leak["certificate"]} == {"a1", "兵庫県指令健第0002号:b1"}
    assert "真値を持たない" in leak["reason"]["ja"] and "no true values" in leak["reason"]["en"]
    # C's own cells give B's hidden municipal totals (17, 27: counts of 10 or more, hidden to protect
    # others): C prints them again, a warning, not an error. 尼崎市×男 = 27 − 14 is unknown to the
    # registry and C has no sex: an error like 姫路市×男.
    by_cell = {(f["cell"]["area"], f["cell"]["sex"]): f["severity"] for f in report["findings"]
               if f["rule"] == "5" and f["table"] == "兵庫県指令健第0002号:b1"}
    assert by_cell == {("28201", "0"): "warning", ("28202", "0"): "warning",
                       ("28201", "1"): "error", ("28202", "1"): "error"}
    v = run("verify", tmp_path / "c-reg.json", c, "--registry", db)
    assert v.returncode == 0, v.stdout + v.stderr


def test_a_registered_derived_value_the_audit_could_not_read_is_an_error_not_dropped(tmp_path):
    """A standardised rate whose integer form does not fit the audit's rows was approved under a rule ④ exception.
    The registry kept nothing of it, so a later submission printing the town totals passed where the same
    publication declared as an earlier one fails rule ⑤ ("not audited")."""
    from test_derived_pinned_sums import HEAD, write_case
    p1 = tmp_path / "p1"
    p1.mkdir()
    pops = {"A": [1016194, 985357, 43927096], "B": [837040, 509089, 3000000]}
    write_case(p1, [1, 8, 14], [18, 10, 11], pops, [1000, 1000, 300], 2, False)
    manifest = p1 / "manifest.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") +
                        "exceptions:\n  - {rule: \"4\", table: t1, basis: committee, reference: 専門委員会 第3号}\n", encoding="utf-8")
    db = tmp_path / "registry.sqlite"
    assert run("registry", "init", db).returncode == 0
    code, report = checked(manifest, tmp_path / "p1.json")
    assert code == 0 and any("NOT audited" in f["reason"]["en"] for f in report["findings"])
    assert run("registry", "add", db, manifest, tmp_path / "p1.json").returncode == 0
    p2 = tmp_path / "p2"
    p2.mkdir()
    head = HEAD[:HEAD.index("tables:")].replace("兵庫県指令健第0000号", "兵庫県指令健第0007号")
    (p2 / "manifest.yaml").write_text(head + "tables:\n  - {id: t2, title: 市町別, file: t2.csv, layout: long, "
                                      "fixed: {age: 計}, dimensions: {area: 市町}, count: 罹患数}\n", encoding="utf-8")
    (p2 / "t2.csv").write_text("市町,罹患数\nT,62\nA,23\nB,39\n", encoding="utf-8")
    assert checked(p2 / "manifest.yaml", tmp_path / "alone.json")[0] == 0
    code, report = checked(p2 / "manifest.yaml", tmp_path / "reg.json", "--registry", db)
    assert code == 1
    assert any(f["rule"] == "5" and f["severity"] == "error" and "NOT audited" in f["reason"]["en"] for f in report["findings"])


def test_verify_with_the_registry_names_a_publication_the_report_did_not_meet(tmp_path):
    """B's report made without --registry passes; A in the registry gives B's hidden 5 away. A reviewer who
    verifies with --registry must hear that the report never met A, not 'match'. The run log may not be the report."""
    db = registry_with_a(tmp_path)
    b = submission_b(tmp_path / "b")
    code, _ = checked(b, tmp_path / "b.json")
    assert code == 0
    r = run("verify", tmp_path / "b.json", b, "--registry", db)
    assert r.returncode == 1 and "兵庫県指令健第0001号" in r.stdout + r.stderr, r.stdout + r.stderr
    assert run("verify", tmp_path / "b.json", b).returncode == 0  # without the registry: what the report claims
    code, _ = checked(b, tmp_path / "b_reg.json", "--registry", db)
    assert code == 1 and run("verify", tmp_path / "b_reg.json", b, "--registry", db).returncode == 0
    before = (tmp_path / "b.json").read_bytes()
    r = run("verify", tmp_path / "b.json", b, "--run-log", tmp_path / "b.json")
    assert r.returncode == 2 and (tmp_path / "b.json").read_bytes() == before, r.stderr
    r = run("verify", tmp_path / "b_reg.json", b, "--registry", db, "--run-log", db)
    assert r.returncode == 2, r.stderr
