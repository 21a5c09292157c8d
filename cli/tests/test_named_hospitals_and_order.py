"""Tables that print what no count audit reads: a table by hospital (each hospital's own count identifies it,
rule ③), a hospital listed twice under two codes (one hospital counted as two passed rule ③), and a table
sorted by its counts with suppressed cells (the order pins a hidden count between its neighbours, rule ④)."""
import json

from conftest import run

SEX = """  sex:
    codes:
      - {code: "0", label: 計}
      - {code: "1", label: 男, parent: "0"}
      - {code: "2", label: 女, parent: "0"}
"""


def write(folder, rows_dim, rows, title="表1", hospitals=None):
    folder.mkdir()
    codes = "".join(f"      - {{code: {c}, label: {label}, parent: T}}\n" for c, label, _ in rows)
    (folder / "t1.csv").write_text("r,計,男,女\n" + "".join(f"{c},{v}\n" for c, _, v in rows), encoding="utf-8")
    hospital_key = ""
    if hospitals:
        (folder / "hospitals.csv").write_text("hospital_code,name,municipality_code,surgery\n" + hospitals, encoding="utf-8")
        hospital_key = "hospitals: {file: hospitals.csv}\n"
    (folder / "manifest.yaml").write_text(f"""manifest_version: 1
submission: {{title: 病院と並び順}}
policy: hyogo-2018
dimensions:
  {rows_dim}:
    codes:
      - {{code: T, label: 計}}
{codes}{SEX}{hospital_key}tables:
  - {{id: t1, title: "{title}", file: t1.csv, layout: wide, rows: [{rows_dim}], columns: sex, codes: {{{rows_dim}: [{", ".join(c for c, _, _ in rows)}]}}}}
""", encoding="utf-8")
    return folder / "manifest.yaml"


def findings(manifest, rule, marker):
    r = run("check", manifest, "--format", "json")
    assert r.returncode in (0, 1), r.stderr
    report = json.loads(r.stdout)
    return r.returncode, [f for f in report["findings"] if f["rule"] == rule and f.get("cell_label", "").startswith(marker)]


HOSPITAL_ROWS = [("H1", "甲町立病院", "20,10,10"), ("H2", "乙町中央病院", "40,25,15"), ("H3", "乙町南病院", "40,20,20")]


def test_a_table_by_hospital_fails_rule_3_by_list_or_by_name(tmp_path):
    listed = "H1,甲町立病院,28301,1\nH2,乙町中央病院,28302,1\nH3,乙町南病院,28302,1\n"
    code, found = findings(write(tmp_path / "listed", "hosp", HOSPITAL_ROWS, hospitals=listed), "3", "〔病院別の表〕")
    assert code == 1 and len(found) == 1 and "甲町立病院" in found[0]["cell_label"], found
    assert found[0]["severity"] == "error" and "exceptions" in found[0]["reason"]["ja"]
    # without a hospital list the names say it
    code, found = findings(write(tmp_path / "named", "hosp", HOSPITAL_ROWS), "3", "〔病院別の表〕")
    assert code == 1 and len(found) == 1
    # codes of the list under other names say it too
    coded = [(c, "施設" + c, v) for c, _, v in HOSPITAL_ROWS]
    code, found = findings(write(tmp_path / "coded", "hosp", coded, hospitals=listed), "3", "〔病院別の表〕")
    assert code == 1 and len(found) == 1
    # a hospital's usual printed form, with its town; kinds of facility name no one
    towns_named = [(c, n + "（尼崎市）", v) for c, n, v in HOSPITAL_ROWS]
    assert findings(write(tmp_path / "with_town", "hosp", towns_named), "3", "〔病院別の表〕")[0] == 1
    kinds = [("k1", "がん診療連携拠点病院", "20,10,10"), ("k2", "それ以外の病院", "40,25,15"), ("k3", "診療所", "40,20,20")]
    assert findings(write(tmp_path / "kinds", "kind", kinds), "3", "〔病院別の表〕") == (0, [])
    # the same counts by municipality are no such table
    towns = [("m1", "甲町", "20,10,10"), ("m2", "乙町", "40,25,15"), ("m3", "丙町", "40,20,20")]
    code, found = findings(write(tmp_path / "towns", "mu", towns), "3", "〔病院別の表〕")
    assert code == 0 and found == []


def test_one_hospital_listed_twice_in_one_municipality_is_an_input_error(tmp_path):
    towns = [("m1", "甲町", "20,10,10"), ("m2", "乙町", "40,25,15"), ("m3", "丙町", "40,20,20")]
    twice = "H1,甲町立病院,28301,1\nH2,乙町中央病院,28302,1\nH3,甲町立病院,28301,1\n"
    r = run("check", write(tmp_path / "twice", "mu", towns, hospitals=twice))
    assert r.returncode == 2 and r.stdout == "", r.stdout
    assert "hospitals.csv:4 [name]" in r.stderr and "甲町立病院" in r.stderr and "line 2" in r.stderr, r.stderr
    # the same name with a full-width digit or a space is the same hospital
    spelled = "H1,甲町病院1,28301,1\nH2,乙町中央病院,28302,1\nH3,甲町病院　１,28301,1\n"
    r = run("check", write(tmp_path / "spelled", "mu", towns, hospitals=spelled))
    assert r.returncode == 2 and "hospitals.csv:4 [name]" in r.stderr, r.stderr
    # one name in two municipalities is two hospitals
    two_towns = "H1,甲町立病院,28301,1\nH2,乙町中央病院,28302,1\nH3,甲町立病院,28303,1\n"
    assert run("check", write(tmp_path / "two", "mu", towns, hospitals=two_towns)).returncode in (0, 1)


def test_a_table_sorted_by_its_counts_with_hidden_cells_fails(tmp_path):
    """胃 15, 大腸 *, 肺 15 in order of their counts: 15 ≥ 大腸 ≥ 15, so 大腸 = 15 and 肝 = 50 − 45 = 5."""
    rows = [("s1", "胃", "15,8,7"), ("s2", "大腸", "15,*,*"), ("s3", "肺", "15,9,6"), ("s4", "肝", "5,*,*")]
    folder = tmp_path / "ranked"
    manifest = write(folder, "site", rows, title="表1 部位別 罹患数（罹患数の多い順）")
    (folder / "t1.csv").write_text("r,計,男,女\ns1,15,*,*\ns2,*,*,*\ns3,15,*,*\ns4,*,*,*\n", encoding="utf-8")
    (folder / "t1_true.csv").write_text("r,計,男,女\ns1,15,8,7\ns2,15,8,7\ns3,15,9,6\ns4,5,3,2\n", encoding="utf-8")
    text = manifest.read_text(encoding="utf-8").replace("columns: sex,", "columns: sex, true_values: t1_true.csv,")
    manifest.write_text(text, encoding="utf-8")
    code, found = findings(manifest, "4", "〔順位の表〕")
    assert code == 1 and len(found) == 1 and found[0]["severity"] == "error", found
    for title in ("表1 部位別 罹患数（件数順）", "表1 罹患数 TOP4", "表1 罹患の多　い　部位", "表1 頻度順", "Leading cancer sites",
                  "Most common sites", "sorted by count"):
        manifest.write_text(text.replace("表1 部位別 罹患数（罹患数の多い順）", title), encoding="utf-8")
        assert findings(manifest, "4", "〔順位の表〕")[0] == 1, title
    # the same title over a table with nothing hidden says nothing
    (folder / "t1.csv").write_text("r,計,男,女\ns1,15,8,7\ns2,15,8,7\ns3,15,9,6\ns4,5,3,2\n", encoding="utf-8")
    manifest.write_text(text.replace(" true_values: t1_true.csv,", ""), encoding="utf-8")
    assert findings(manifest, "4", "〔順位の表〕")[1] == []
