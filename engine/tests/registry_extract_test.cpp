// The extract layout and the streaming reader.
#include <doctest/doctest.h>

#include "hitoku/registry/extract.h"
#include "hitoku/io/sha256.h"
#include "hitoku/ingest/text_encoding.h"
#include "registry_test_util.h"

using namespace hitoku;
using hitoku::test::ScratchDir;

TEST_CASE("registry layout: 74 fields in the order of 様式第1号 別紙") {
  const auto& f = extract_fields();
  REQUIRE(f.size() == 74);
  for (std::size_t i = 0; i < f.size(); ++i) CHECK(f[i].number == static_cast<int>(i) + 1);
  CHECK(f[1].header == "提供情報患者番号");
  CHECK(f[72].header == "統計対象区分");
  // Header names match without the spaces of the listing and with full-width parentheses.
  CHECK(find_extract_field("ICD-10コード") == 18);
  CHECK(find_extract_field("ICD-10 コード") == 18);
  CHECK(find_extract_field("診断時年齢（小児用）") == 5);
  CHECK(find_extract_field("診断時年齢") == 4);
  CHECK(find_extract_field("生存期間（日）") == 66);
  CHECK(find_extract_field("患者番号") == -1);
}

TEST_CASE("registry layout: code validation per field") {
  const auto& f = extract_fields();
  const auto& sex = f[3];
  CHECK(extract_value_valid(sex, "0"));
  CHECK(extract_value_valid(sex, "2"));
  CHECK_FALSE(extract_value_valid(sex, "3"));
  CHECK_FALSE(extract_value_valid(sex, ""));  // not nullable
  const auto& age = f[4];
  CHECK(extract_value_valid(age, "0"));
  CHECK(extract_value_valid(age, "120"));
  CHECK(extract_value_valid(age, "999"));
  CHECK_FALSE(extract_value_valid(age, "121"));
  CHECK_FALSE(extract_value_valid(age, "-1"));
  CHECK_FALSE(extract_value_valid(age, "4a"));
  const auto& pref = f[6];
  CHECK(extract_value_valid(pref, "28"));
  CHECK(extract_value_valid(pref, "88"));
  CHECK_FALSE(extract_value_valid(pref, "48"));
  const auto& stage = f[26];  // 集約進展度・治療前: null allowed
  CHECK(extract_value_valid(stage, ""));
  CHECK(extract_value_valid(stage, "499"));
  CHECK_FALSE(extract_value_valid(stage, "450"));
  const auto& hospital = f[42];  // 集約診断病院コード: text of at most 5 characters
  CHECK(extract_value_valid(hospital, "Z0001"));
  CHECK_FALSE(extract_value_valid(hospital, "Z00011"));
  const auto& source = f[65];  // D or V
  CHECK(extract_value_valid(source, "D"));
  CHECK_FALSE(extract_value_valid(source, "X"));
}

TEST_CASE("registry reader: needed fields only, in the order asked, quoting and line numbers") {
  ScratchDir dir;
  std::string csv =
      "行番号,提供情報患者番号,集約性別,診断時年齢,診断名 (和名)\r\n"
      "1,101,1,65,胃\r\n"
      "\r\n"                                    // blank line: skipped, still counted
      "2,102,2,70,\"胃, 体部 \"\"前壁\"\"\"\r\n"  // comma and doubled quotes inside quotes
      "3,103, 2 ,71,\"二行\n目\"\r\n"           // newline inside quotes
      "4,104,1,999,肺";                          // no final newline
  auto path = dir.file("x.csv", csv);
  ExtractReader reader(path, {"診断名（和名）", "提供情報患者番号", "集約性別"});
  CHECK(reader.encoding() == TextEncoding::Utf8);
  std::vector<std::string_view> v;
  REQUIRE(reader.next(v));
  CHECK(reader.line() == 2);
  CHECK(v[0] == "胃");
  CHECK(v[1] == "101");
  CHECK(v[2] == "1");
  REQUIRE(reader.next(v));
  CHECK(reader.line() == 4);
  CHECK(v[0] == "胃, 体部 \"前壁\"");
  REQUIRE(reader.next(v));
  CHECK(reader.line() == 5);
  CHECK(v[0] == "二行\n目");
  CHECK(v[2] == "2");  // spaces trimmed
  REQUIRE(reader.next(v));
  CHECK(reader.line() == 7);
  CHECK(v[0] == "肺");
  CHECK_FALSE(reader.next(v));
  CHECK(reader.records_read() == 4);
  CHECK(reader.sha256_hex() == sha256_hex(csv));
}

TEST_CASE("registry reader: CP932 and UTF-8 with BOM give the same values") {
  ScratchDir dir;
  const std::string utf8 = "提供情報患者番号,診断名 (和名),集約性別\n7,食道　,2\n";
  auto p1 = dir.file("sjis.csv", encode_text(utf8, TextEncoding::Cp932));
  auto p2 = dir.file("bom.csv", "\xEF\xBB\xBF" + utf8);
  for (const auto& p : {p1, p2}) {
    ExtractReader reader(p, {"提供情報患者番号", "診断名 (和名)", "集約性別"});
    std::vector<std::string_view> v;
    REQUIRE(reader.next(v));
    CHECK(v[0] == "7");
    CHECK(v[1] == "食道");  // trailing ideographic space trimmed
    CHECK(v[2] == "2");
  }
  CHECK(ExtractReader(p1, {"集約性別"}).encoding() == TextEncoding::Cp932);
  CHECK(ExtractReader(p2, {"集約性別"}).encoding() == TextEncoding::Utf8Bom);
  // Declared UTF-8 for a CP932 file: its Japanese header does not decode.
  CHECK_THROWS_AS(ExtractReader(p1, {"診断名 (和名)"}, TextEncoding::Utf8), InputError);
}

TEST_CASE("registry reader: header and record errors name line and field") {
  ScratchDir dir;
  auto unknown = dir.file("u.csv", "提供情報患者番号,患者氏名\n1,x\n");
  try {
    ExtractReader r(unknown, {"提供情報患者番号"});
    FAIL("unknown header accepted");
  } catch (const InputError& e) {
    CHECK(e.where().line == 1);
    CHECK(e.where().field == "患者氏名");
  }
  auto missing = dir.file("m.csv", "提供情報患者番号,集約性別\n1,1\n");
  try {
    ExtractReader r(missing, {"診断時年齢"});
    FAIL("missing field accepted");
  } catch (const InputError& e) {
    CHECK(e.where().field == "診断時年齢");
  }
  CHECK_THROWS_AS(ExtractReader(dir.file("d.csv", "集約性別,集約性別\n1,1\n"), {"集約性別"}), InputError);
  CHECK_THROWS_AS(ExtractReader(dir.file("e.csv", ""), {"集約性別"}), InputError);

  // A row with a wrong number of columns is reported and reading goes on.
  auto ragged = dir.file("r.csv", "提供情報患者番号,集約性別\n1,1\n2\n3,2\n4,\"x\n");
  ExtractReader r(ragged, {"集約性別"});
  std::vector<std::string_view> v;
  REQUIRE(r.next(v));
  CHECK(v[0] == "1");
  try {
    r.next(v);
    FAIL("short row accepted");
  } catch (const InputError& e) {
    CHECK(e.where().line == 3);
  }
  REQUIRE(r.next(v));
  CHECK(v[0] == "2");
  try {
    r.next(v);
    FAIL("unterminated quote accepted");
  } catch (const InputError& e) {
    CHECK(e.where().line == 5);
  }
  CHECK_FALSE(r.next(v));
}

TEST_CASE("registry reader: records straddling read blocks") {
  ScratchDir dir;
  std::string csv = "提供情報患者番号,診断名 (和名),集約性別\n";
  const int n = 120000;  // about 6 MB: more than one 4 MB block
  for (int i = 1; i <= n; ++i)
    csv += std::to_string(i) + ",\"" + std::string(static_cast<std::size_t>(i % 50), 'a') + "\"\"q\"," +
           std::to_string(i % 3) + "\n";
  auto path = dir.file("big.csv", csv);
  ExtractReader r(path, {"提供情報患者番号", "診断名 (和名)", "集約性別"});
  std::vector<std::string_view> v;
  long long sum = 0;
  int count = 0;
  bool all_ok = true;
  while (r.next(v)) {
    ++count;
    int id = std::stoi(std::string(v[0]));
    sum += id;
    all_ok = all_ok && v[1].size() == static_cast<std::size_t>(id % 50) + 2 && v[1].back() == 'q' &&
             v[2] == std::to_string(id % 3) && r.line() == id + 1;
  }
  CHECK(count == n);
  CHECK(sum == static_cast<long long>(n) * (n + 1) / 2);
  CHECK(all_ok);
  CHECK(r.sha256_hex() == sha256_hex(csv));
}
