#!/usr/bin/python3
"""Writes one minimal bad submission per kind of input error, and expected.json saying where
each error is (file, line, field) as placed here by hand. Run by hand; outputs are committed.

  /usr/bin/python3 testdata/bad/generate.py

The base submission is valid: 3 municipalities under 兵庫県 by sex. Its totals add up:
兵庫県 60/35/25 = 神戸市 40/25/15 + 姫路市 12/7/5 + 尼崎市 8/3/5 (計/男/女), and every count 1..9 is
suppressed with its true value in the 真値 column. Each case changes one thing.
"""
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))

MANIFEST = """\
manifest_version: 1
policy: hyogo-2018
submission:
  title: 入力エラーの例
  attribution: 本成果は提供を受けた情報を利用して独自に作成したものである。
dimensions:
  area:
    label: 市町
    codes:
      - {code: "28000", label: 兵庫県}
      - {code: "28100", label: 神戸市, parent: "28000"}
      - {code: "28201", label: 姫路市, parent: "28000"}
      - {code: "28202", label: 尼崎市, parent: "28000"}
  sex:
    label: 性別
    codes:
      - {code: "0", label: 計}
      - {code: "1", label: 男, parent: "0"}
      - {code: "2", label: 女, parent: "0"}
tables:
  - id: t1
    title: 表1 市町別・性別 罹患数
    file: t1.csv
    encoding: auto
    layout: long
    dimensions: {area: 市町コード, sex: 性別}
    count: 罹患数
    true_value_column: 真値
"""

# Line numbers: 1 header, 2-4 兵庫県, 5-7 神戸市, 8-10 姫路市, 11-13 尼崎市 (計, 男, 女).
TABLE = """\
市町コード,性別,罹患数,真値
28000,計,60,
28000,男,35,
28000,女,25,
28100,計,40,
28100,男,25,
28100,女,15,
28201,計,12,
28201,男,*,7
28201,女,*,5
28202,計,*,8
28202,男,*,3
28202,女,*,5
"""


# A second table, men by area, without a sex column: `fixed: {sex: "1"}` (its manifest entry starts at
# line 29). Its counts are t1's 男 column, so the valid pair agrees.
T2_ENTRY = """\
  - id: t2
    title: 表2 市町別 罹患数（男）
    file: t2.csv
    layout: long
    fixed: {sex: "1"}
    dimensions: {area: 市町コード}
    count: 罹患数
    true_value_column: 真値
"""
T2 = """\
市町コード,罹患数,真値
28000,35,
28100,25,
28201,*,7
28202,*,3
"""


def sub(text, old, new):
    assert old in text, old
    return text.replace(old, new, 1)


# kind: (manifest, t1.csv bytes or None for no file (or {file name: bytes}), expected {file, line, field}, words the message must hold)
CASES = {
    "unreadable_file": (MANIFEST, None, {"file": "t1.csv", "line": 0, "field": ""}, []),
    "mis_encoded": (sub(MANIFEST, "encoding: auto", "encoding: utf-8"),
                    TABLE.encode("utf-8").replace("28202,女".encode("utf-8"), "28202,女".encode("cp932")),
                    {"file": "t1.csv", "line": 13, "field": ""}, ["UTF-8"]),
    "unknown_column": (sub(MANIFEST, "count: 罹患数", "count: 件数"), TABLE,
                       {"file": "t1.csv", "line": 1, "field": "件数"}, ["件数"]),
    "unknown_code": (MANIFEST, sub(TABLE, "28100,女", "28199,女"),
                     {"file": "t1.csv", "line": 7, "field": "市町コード"}, ["28199"]),
    "duplicate_cell": (MANIFEST, sub(TABLE, "28100,女", "28100,男"),
                       {"file": "t1.csv", "line": 7, "field": "罹患数"}, ["28100"]),
    "negative_count": (MANIFEST, sub(TABLE, "28100,女,15", "28100,女,-15"),
                       {"file": "t1.csv", "line": 7, "field": "罹患数"}, ["-15"]),
    "non_integer_count": (MANIFEST, sub(TABLE, "28100,女,15", "28100,女,15.5"),
                          {"file": "t1.csv", "line": 7, "field": "罹患数"}, ["15.5"]),
    "missing_cell": (MANIFEST, sub(TABLE, "28100,女,15,\n", ""),
                     {"file": "t1.csv", "line": 0, "field": "area=28100, sex=2"}, ["神戸市 × 女"]),
    # 神戸市 男 26 (was 25) and 兵庫県 男 36 (was 35): every area sum still holds, and the first total
    # checked, 兵庫県 計 60 on line 2, no longer equals 男 36 + 女 25 = 61.
    "total_mismatch": (MANIFEST, sub(sub(TABLE, "28100,男,25", "28100,男,26"), "28000,男,35", "28000,男,36"),
                       {"file": "t1.csv", "line": 2, "field": "罹患数"}, ["60", "61", "兵庫県 × 計", "男, 女"]),
    "marker_without_true_value": (MANIFEST, sub(TABLE, "28201,女,*,5", "28201,女,*,"),
                                  {"file": "t1.csv", "line": 10, "field": "罹患数"}, ["姫路市 × 女"]),
    "true_value_mismatch": (MANIFEST, sub(TABLE, "28100,女,15,", "28100,女,15,14"),
                            {"file": "t1.csv", "line": 7, "field": "真値"}, ["14", "15"]),
    "unknown_policy": (sub(MANIFEST, "policy: hyogo-2018", "policy: no-such-policy"), TABLE,
                       {"file": "manifest.yaml", "line": 2, "field": "policy"}, ["no-such-policy"]),
    "unknown_manifest_key": (sub(MANIFEST, "true_value_column:", "true_value_colum:"), TABLE,
                             {"file": "manifest.yaml", "line": 28, "field": "true_value_colum"}, []),
    "fixed_unknown_code": (MANIFEST + sub(T2_ENTRY, 'fixed: {sex: "1"}', 'fixed: {sex: "3"}'),
                           {"t1.csv": TABLE, "t2.csv": T2},
                           {"file": "manifest.yaml", "line": 33, "field": "fixed"}, ["'3'"]),
    "fixed_and_column": (MANIFEST + sub(T2_ENTRY, 'fixed: {sex: "1"}', 'fixed: {area: "28000"}'),
                         {"t1.csv": TABLE, "t2.csv": T2},
                         {"file": "manifest.yaml", "line": 33, "field": "fixed"}, ["area"]),
    # t2 says 神戸市 男 26 and 兵庫県 男 36 (adding up by itself); t1 says 25 and 35. The first cell
    # compared is t1's 兵庫県 男 (line 3) against t2's 兵庫県 (line 2).
    "tables_disagree": (MANIFEST + T2_ENTRY,
                        {"t1.csv": TABLE, "t2.csv": sub(sub(T2, "28100,25,", "28100,26,"), "28000,35,", "28000,36,")},
                        {"file": "t1.csv", "line": 3, "field": "罹患数"}, ["t2.csv:2 [罹患数]", "35", "36"]),
    # Two values for one key (issue 16): yaml-cpp would silently keep the first; both places are named.
    "duplicate_yaml_key": (sub(MANIFEST, "    file: t1.csv\n", "    file: t1.csv\n    file: ../fail/t1.csv\n"), TABLE,
                           {"file": "manifest.yaml", "line": 24, "field": "file"}, ["23"]),
    "duplicate_yaml_key_nested": (sub(MANIFEST, '{code: "28201", label: 姫路市,', '{code: "28201", label: 姫路市, code: "28202",'),
                                  TABLE, {"file": "manifest.yaml", "line": 12, "field": "code"}, []),
}


def main():
    expected = {}
    for kind, (manifest, table, where, words) in CASES.items():
        d = os.path.join(HERE, kind)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        with open(os.path.join(d, "manifest.yaml"), "w", encoding="utf-8") as f:
            f.write(manifest)
        files = table if isinstance(table, dict) else {"t1.csv": table} if table is not None else {}
        for name, content in files.items():
            with open(os.path.join(d, name), "wb") as f:
                f.write(content if isinstance(content, bytes) else content.encode("utf-8"))
        expected[kind] = dict(where, words=words)
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=2, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
