"""Bad registries and bad additions: exit 2 with a clear message and nothing written; two writers at once
leave the registry consistent."""
import sqlite3
import subprocess
import sys
from pathlib import Path

from committee_fixtures import publication_a, submission_b
from conftest import HITOKU, run, tree_hashes


def make_registry(tmp_path):
    tmp_path.mkdir(parents=True, exist_ok=True)
    db = tmp_path / "reg.sqlite"
    assert run("registry", "init", db).returncode == 0
    return db


def added_a(tmp_path, db, approval="兵庫県指令健第0001号"):
    a = publication_a(tmp_path / approval, approval=approval)
    assert run("check", a, "--format", "json", "-o", tmp_path / f"{approval}.json").returncode == 0
    r = run("registry", "add", db, a, tmp_path / f"{approval}.json")
    assert r.returncode == 0, r.stderr
    return a


def refused_everywhere(db, b, out, words):
    """Every command refuses the file with exit 2, names it, and writes nothing."""
    before = tree_hashes(Path(db).parent)
    for args in (["registry", "list", db], ["registry", "show", db, "x"], ["registry", "check", db],
                 ["registry", "remove", db, "x"], ["check", b, "--registry", db, "-o", out]):
        r = run(*args)
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert str(db) in r.stderr and "エラー" in r.stderr and "error" in r.stderr
        assert any(w in r.stderr for w in words), r.stderr
    assert tree_hashes(Path(db).parent) == before
    assert not Path(out).exists()


def test_corrupt_foreign_and_old_registries_are_refused(tmp_path):
    b = submission_b(tmp_path / "b")
    work = tmp_path / "dbs"
    work.mkdir()
    corrupt = work / "corrupt.sqlite"
    corrupt.write_bytes(b"this is not a database\n" * 40)
    refused_everywhere(corrupt, b, tmp_path / "o1.json", ["not an SQLite database"])
    foreign = work / "foreign.sqlite"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE patients(id INTEGER)")
    con.commit()
    con.close()
    refused_everywhere(foreign, b, tmp_path / "o2.json", ["not a hitoku publication registry"])
    old = make_registry(work)
    con = sqlite3.connect(old)
    con.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    con.commit()
    con.close()
    refused_everywhere(old, b, tmp_path / "o3.json", ["schema version 0"])
    # A registry truncated in the middle (SQLite header intact, pages missing).
    good = make_registry(tmp_path / "g")
    added_a(tmp_path, good)
    truncated = work / "truncated.sqlite"
    truncated.write_bytes(Path(good).read_bytes()[:2048])
    refused_everywhere(truncated, b, tmp_path / "o4.json", ["SQLite", "registry"])
    # init never overwrites.
    r = run("registry", "init", old)
    assert r.returncode == 2 and "already exists" in r.stderr


def test_a_report_that_does_not_match_its_submission_is_not_registered(tmp_path):
    db = make_registry(tmp_path)
    a = publication_a(tmp_path / "a")
    report = tmp_path / "a.json"
    assert run("check", a, "--format", "json", "-o", report).returncode == 0
    table = Path(a).parent / "a1.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("28100,30,", "28100,31,").replace("28000,74,", "28000,75,"),
                     encoding="utf-8")
    before = Path(db).read_bytes()
    r = run("registry", "add", db, a, report)
    assert r.returncode == 2 and "does not verify" in r.stderr and "一致しません" in r.stderr
    assert Path(db).read_bytes() == before
    # A failing report verifies but is not registered either.
    b = submission_b(tmp_path / "b", suppressed=set())
    assert run("check", b, "--format", "json", "-o", tmp_path / "b.json").returncode == 1
    r = run("registry", "add", db, b, tmp_path / "b.json")
    assert r.returncode == 2 and "fail" in r.stderr
    assert Path(db).read_bytes() == before


def test_an_entry_missing_a_dimension_is_bad_input(tmp_path):
    db = make_registry(tmp_path)
    added_a(tmp_path, db)
    con = sqlite3.connect(db)
    con.execute("DELETE FROM publication_dimension")
    con.commit()
    con.close()
    b = submission_b(tmp_path / "b")
    out = tmp_path / "out.json"
    r = run("check", b, "--registry", db, "-o", out)
    assert r.returncode == 2 and "兵庫県指令健第0001号" in r.stderr and "incomplete entry" in r.stderr
    assert not out.exists()
    r = run("registry", "check", db)
    assert r.returncode == 1 and "content does not match" in r.stdout


def test_an_entry_whose_table_names_an_unstored_dimension_is_bad_input(tmp_path):
    db = make_registry(tmp_path)
    added_a(tmp_path, db)
    # Rename the stored dimension, and the digest with it, as a buggy writer might: the table's 'area'
    # is then held by no dimension of the entry.
    con = sqlite3.connect(db)
    con.execute("UPDATE publication_dimension SET dimension_id = 'region'")
    con.commit()
    con.close()
    r = run("check", submission_b(tmp_path / "b"), "--registry", db)
    assert r.returncode == 2 and "兵庫県指令健第0001号" in r.stderr, r.stderr
    r = run("registry", "check", db)
    assert r.returncode == 1 and "not stored" in r.stdout


def test_an_edited_entry_is_refused(tmp_path):
    db = make_registry(tmp_path)
    added_a(tmp_path, db)
    con = sqlite3.connect(db)
    con.execute("UPDATE publication_table SET published = '[74,30,null,27]'")
    con.commit()
    con.close()
    r = run("check", submission_b(tmp_path / "b"), "--registry", db)
    assert r.returncode == 2 and "differs from what was registered" in r.stderr


def test_an_entry_that_contradicts_the_submission_is_bad_input(tmp_path):
    """A publication of other data (姫路市 = 18 where the submission's true total is 17) is refused, not audited."""
    db = make_registry(tmp_path)
    from committee_fixtures import write_submission
    other = {("28000",): 75, ("28100",): 30, ("28201",): 18, ("28202",): 27}
    a = write_submission(tmp_path / "other", "第X号", {"a1": (["area"], other, set())})
    assert run("check", a, "--format", "json", "-o", tmp_path / "x.json").returncode == 0
    assert run("registry", "add", db, a, tmp_path / "x.json", "--data-years", "2015").returncode == 0
    r = run("check", submission_b(tmp_path / "b"), "--registry", db)
    assert r.returncode == 2 and "contradicts the submission" in r.stderr and "--data-years" in r.stderr
    assert run("check", submission_b(tmp_path / "b2"), "--registry", db, "--data-years", "2019").returncode == 0


def test_two_writers_at_once_leave_the_registry_consistent(tmp_path):
    db = make_registry(tmp_path)
    jobs = []
    for writer in ("甲", "乙"):
        script = []
        for k in range(6):
            approval = f"第{writer}{k}号"
            a = publication_a(tmp_path / approval, approval=approval)
            report = tmp_path / f"{approval}.json"
            assert run("check", a, "--format", "json", "-o", report).returncode == 0
            script.append(f'"{HITOKU}" registry add "{db}" "{a}" "{report}" || exit 1')
        jobs.append(subprocess.Popen(["bash", "-c", "\n".join(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE))
    for j in jobs:
        out, err = j.communicate(timeout=300)
        assert j.returncode == 0, err.decode()
    listing = run("registry", "list", db).stdout
    assert "12 registered publication(s)" in listing
    r = run("registry", "check", db)
    assert r.returncode == 0 and "12 publication(s)" in r.stdout


def test_a_writer_killed_mid_transaction_is_rolled_back_by_the_next_reader(tmp_path):
    """kill -9 during a write leaves SQLite's hot journal: the next command rolls it back (the registry is as
    before the write) instead of reading a half-written file."""
    db = make_registry(tmp_path)
    added_a(tmp_path, db)
    writer = ("import sqlite3, sys, time\n"
              "con = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
              "con.execute('PRAGMA cache_size=1')\n"
              "con.execute('BEGIN IMMEDIATE')\n"
              "con.execute('DELETE FROM publication_table')\n"
              "for i in range(20000):\n"
              "    con.execute('INSERT INTO meta(key, value) VALUES (?, ?)', ('k%d' % i, 'x' * 200))\n"
              "print('ready', flush=True)\n"
              "time.sleep(60)\n")
    p = subprocess.Popen([sys.executable, "-c", writer, str(db)], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "ready"
    p.kill()
    p.wait()
    assert Path(str(db) + "-journal").exists()
    r = run("registry", "check", db)
    assert r.returncode == 0 and "1 publication(s), 1 table(s)" in r.stdout, r.stdout + r.stderr
    assert not Path(str(db) + "-journal").exists()
    assert run("check", submission_b(tmp_path / "b"), "--registry", db).returncode == 1
