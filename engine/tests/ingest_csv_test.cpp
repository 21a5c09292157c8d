// CSV splitting and text decoding as Excel users produce them.
#include <doctest/doctest.h>

#include "hitoku/ingest/csv.h"
#include "hitoku/model/error.h"
#include "hitoku/ingest/text_encoding.h"

using namespace hitoku;

TEST_CASE("csv: quotes, doubled quotes, CRLF and newlines inside quotes") {
  auto rows = parse_csv("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\r\n1,\"two\nlines\",3\r\nlast,,", "t.csv");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].line == 1);
  CHECK(rows[0].fields == std::vector<std::string>{"a", "b,c", "say \"hi\""});
  // The blank line 2 is skipped; the record on line 3 spans lines 3-4.
  CHECK(rows[1].line == 3);
  CHECK(rows[1].fields == std::vector<std::string>{"1", "two\nlines", "3"});
  CHECK(rows[2].line == 5);
  CHECK(rows[2].fields == std::vector<std::string>{"last", "", ""});
}

TEST_CASE("csv: fields are trimmed of ASCII and ideographic spaces") {
  auto rows = parse_csv(" 28100 ,\xE3\x80\x80神戸市\xE3\x80\x80, 12\n", "t.csv");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].fields == std::vector<std::string>{"28100", "神戸市", "12"});
}

TEST_CASE("csv: unterminated quote and text after a quote name the line") {
  try {
    parse_csv("a,b\n1,\"open\n2,3\n", "bad.csv");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.where().file == "bad.csv");
    CHECK(e.where().line == 2);
  }
  try {
    parse_csv("a,b\n1,2\n\"x\"y,3\n", "bad.csv");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.where().line == 3);
  }
}

TEST_CASE("csv: writer quotes what needs quoting and parses back") {
  std::vector<std::string> fields{"plain", "a,b", "q\"q", "multi\nline", "神戸市"};
  auto rows = parse_csv(csv_record(fields) + "\r\n", "t.csv");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].fields == fields);
}

TEST_CASE("encoding: BOM, plain UTF-8 and CP932 are told apart") {
  const std::string kobe_utf8 = "神戸市";
  // 神戸市 in CP932 (Shift_JIS): 神 90 5F, 戸 8C CB, 市 8E 73 (JIS X 0208 tables).
  const std::string kobe_cp932 = "\x90\x5F\x8C\xCB\x8E\x73";
  auto bom = decode_text("\xEF\xBB\xBF" + kobe_utf8, std::nullopt, "f");
  CHECK(bom.encoding == TextEncoding::Utf8Bom);
  CHECK(bom.utf8 == kobe_utf8);
  auto plain = decode_text(kobe_utf8, std::nullopt, "f");
  CHECK(plain.encoding == TextEncoding::Utf8);
  auto sjis = decode_text(kobe_cp932, std::nullopt, "f");
  CHECK(sjis.encoding == TextEncoding::Cp932);
  CHECK(sjis.utf8 == kobe_utf8);
  CHECK(encode_text(kobe_utf8, TextEncoding::Cp932) == kobe_cp932);
  // CP932 (as Excel writes it) maps 0x817C to the full-width hyphen-minus U+FF0D, a suppression marker.
  CHECK(decode_text("\x81\x7C", TextEncoding::Cp932, "f").utf8 == "\xEF\xBC\x8D");
}

TEST_CASE("encoding: undecodable bytes name the line") {
  // Line 3 holds 0x81 0x20: a CP932 lead byte followed by an invalid trail byte, and not UTF-8 either.
  std::string bytes = "code,count\n28100,5\n\x81\x20,3\n";
  try {
    decode_text(bytes, std::nullopt, "t1.csv");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.where().file == "t1.csv");
    CHECK(e.where().line == 3);
  }
  // Declared UTF-8 but CP932 bytes on line 2.
  try {
    decode_text("a\n\x90\x5F\n", TextEncoding::Utf8, "t1.csv");
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(e.where().line == 2);
  }
}

TEST_CASE("encoding: invalid UTF-8 forms are detected") {
  CHECK(!first_invalid_utf8("abc 神戸"));
  CHECK(first_invalid_utf8("ab\xC0\xAF") == 2u);          // overlong '/'
  CHECK(first_invalid_utf8("\xED\xA0\x80") == 0u);        // surrogate
  CHECK(first_invalid_utf8("x\xE3\x81") == 1u);           // truncated
}

TEST_CASE("width folding: full-width digits, minus and markers") {
  CHECK(fold_width("１２３") == "123");
  CHECK(fold_width("－５") == "-5");
  CHECK(fold_width("\xE2\x88\x92" "5") == "-5");  // U+2212
  CHECK(fold_width("＊") == "*");
  CHECK(fold_width("ｘ") == "x");
  CHECK(fold_width("秘匿") == "秘匿");
  CHECK(fold_width("…") == "…");
}
