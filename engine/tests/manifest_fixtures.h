#pragma once
// Manifest pieces the ingest, linked-table and derived-value tests share, so that what a test's
// submission looks like is written once; and expect_input_error for tests of bad input.
#include <doctest/doctest.h>

#include <initializer_list>
#include <string>

#include "hitoku/model/error.h"

namespace hitoku::testing {

// Dimension blocks (under `dimensions:`).
// 兵庫県 28000 = 神戸市 28100 + 姫路市 28201.
inline constexpr const char* kHyogoAreas = R"(  area:
    label: 市町
    codes:
      - {code: "28000", label: 兵庫県}
      - {code: "28100", label: 神戸市, parent: "28000"}
      - {code: "28201", label: 姫路市, parent: "28000"}
)";
// 計 0 = 男 1 + 女 2.
inline constexpr const char* kSexes = R"(  sex:
    label: 性別
    codes:
      - {code: "0", label: 計}
      - {code: "1", label: 男, parent: "0"}
      - {code: "2", label: 女, parent: "0"}
)";
// 総数 ALL = 胃 C16 + 膵臓 C25.
inline constexpr const char* kSites = R"(  site:
    label: 部位
    codes:
      - {code: ALL, label: 総数}
      - {code: C16, label: 胃, parent: ALL}
      - {code: C25, label: 膵臓, parent: ALL}
)";
// 計 0 = 甲町 a1 + 乙町 a2 + 丙町 a3.
inline constexpr const char* kTowns = R"(  area:
    label: 市町
    codes:
      - {code: "0", label: 計}
      - {code: a1, label: 甲町, parent: "0"}
      - {code: a2, label: 乙町, parent: "0"}
      - {code: a3, label: 丙町, parent: "0"}
)";

// Towns a1..a4 and districts d1 = {a1, a3}, d2 = {a2, a4}: two groupings of the variable `town`, then
// t1 by town and the earlier publication e1 by district (long, with true-value columns), up to e1's
// `derived:` list.
inline constexpr const char* kTownsByDistrict = R"(manifest_version: 1
policy: hyogo-2018
dimensions:
  area:
    variable: town
    label: 市町
    codes: [{code: "0", label: 計}, {code: a1, label: 甲町, parent: "0"}, {code: a2, label: 乙町, parent: "0"},
            {code: a3, label: 丙町, parent: "0"}, {code: a4, label: 丁町, parent: "0"}]
  district:
    variable: town
    label: 地区
    codes: [{code: "0", label: 計}, {code: d1, label: 東地区, parent: "0"}, {code: d2, label: 西地区, parent: "0"},
            {code: a1, parent: d1}, {code: a3, parent: d1}, {code: a2, parent: d2}, {code: a4, parent: d2}]
tables:
  - {id: t1, title: 表1, file: t1.csv, layout: long, dimensions: {area: 市町}, count: 罹患数, true_value_column: 真値}
earlier_publications:
  - id: e1
    title: 年報2019
    file: e1.csv
    layout: long
    dimensions: {district: 地区}
    count: 罹患数
    true_value_column: 真値
    derived:
)";

// A manifest up to its `tables:` line: version, the hyogo-2018 policy and the dimension blocks.
// Table t1 by town (long, with a true-value column), as the first entry under `tables:`.
inline constexpr const char* kTownTable = R"(  - id: t1
    title: 表1
    file: t1.csv
    layout: long
    dimensions: {area: 市町}
    count: 罹患数
    true_value_column: 真値
)";

inline std::string manifest_head(std::initializer_list<const char*> dimensions) {
  std::string out = "manifest_version: 1\npolicy: hyogo-2018\ndimensions:\n";
  for (const char* d : dimensions) out += d;
  return out + "tables:\n";
}

// The InputError f throws (the test fails when it throws none).
template <class F>
InputError expect_input_error(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e;
  }
  FAIL("no InputError");
  return InputError({}, "", "");
}

}  // namespace hitoku::testing
