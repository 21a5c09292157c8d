"""Dimension blocks the rule ① tests' manifests share (YAML under `dimensions:`)."""

TWO_TOWNS = """  area:
    codes:
      - {code: T, label: 計}
      - {code: m1, label: 甲町, parent: T}
      - {code: m2, label: 乙町, parent: T}
"""
STAGE = """  stage:
    variable: stage
    codes:
      - {code: "000", label: 計}
      - {code: "410", label: 限局, parent: "000"}
      - {code: "420", label: 領域, parent: "000"}
      - {code: "430", label: 遠隔, parent: "000"}
"""
VITAL = """  vital:
    variable: vital_status
    codes:
      - {code: "0", label: 計}
      - {code: "1", label: 生存, parent: "0"}
      - {code: "2", label: 死亡, parent: "0"}
"""
SEX = """  sex:
    codes:
      - {code: "0", label: 計}
      - {code: "1", label: 男, parent: "0"}
      - {code: "2", label: 女, parent: "0"}
"""

# A manifest of one long table t1.csv by sex (columns sex, 件数, 真値), its declarations to follow.
SEX_TABLE = """manifest_version: 1
policy: hyogo-2018
dimensions:
""" + SEX + """tables:
  - id: t1
    title: 表1
    file: t1.csv
    layout: long
    dimensions: {sex: sex}
    count: 件数
    true_value_column: 真値
"""
