#include <doctest/doctest.h>

#include "hitoku/model/dimension.h"
#include "hitoku/io/sha256.h"
#include "hitoku/model/table.h"

using namespace hitoku;

TEST_CASE("sha256 matches the FIPS 180-4 examples") {
  CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  // 1,000,000 'a': crosses many blocks and the two-block padding case.
  CHECK(sha256_hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("dimension derives leaves and the leaves under each code") {
  Dimension area("area", "市町");
  REQUIRE(area.add_code("28000", "兵庫県", ""));
  REQUIRE(area.add_code("MA01", "神戸", "28000"));
  REQUIRE(area.add_code("MA06", "但馬", "28000"));
  REQUIRE(area.add_code("28100", "神戸市", "MA01"));
  REQUIRE(area.add_code("28209", "豊岡市", "MA06"));
  REQUIRE(area.add_code("28222", "養父市", "MA06"));
  CHECK_FALSE(area.add_code("28100", "dup", "MA01"));
  area.finalize();
  CHECK(area.root() == area.find("28000"));
  CHECK(area.leaves().size() == 3);
  CHECK(area.leaves_under(area.find("MA06")).size() == 2);
  CHECK(area.leaves_under(area.find("28000")).size() == 3);
  CHECK(area.is_leaf(area.find("28209")));
  CHECK(area.depth(area.find("28209")) == 2);
  CHECK(area.find_label("但馬") == area.find("MA06"));
  CHECK(area.find("99999") == -1);
}

TEST_CASE("dimension rejects a broken hierarchy with the code named") {
  Dimension two_roots("sex", "性別");
  two_roots.add_code("0", "計", "");
  two_roots.add_code("9", "不明", "");
  CHECK_THROWS_WITH_AS(two_roots.finalize(), doctest::Contains("two roots"), std::invalid_argument);
  Dimension orphan("sex", "性別");
  orphan.add_code("0", "計", "");
  orphan.add_code("1", "男", "X");
  CHECK_THROWS_WITH_AS(orphan.finalize(), doctest::Contains("unknown parent 'X'"), std::invalid_argument);
  Dimension cycle("c", "c");
  cycle.add_code("r", "root", "");
  cycle.add_code("a", "a", "b");
  cycle.add_code("b", "b", "a");
  CHECK_THROWS_WITH_AS(cycle.finalize(), doctest::Contains("cycle"), std::invalid_argument);
}

TEST_CASE("table flat index and positions are inverse, last dimension fastest") {
  Table t;
  t.dims = {0, 1};
  t.codes = {{0, 1, 2}, {5, 6}};
  CHECK(t.cell_count() == 6);
  for (std::size_t i = 0; i < 6; ++i) CHECK(t.flat_index(t.positions(i)) == i);
  CHECK(t.positions(1) == std::vector<int>{0, 1});
  CHECK(t.cell_codes(3) == std::vector<int>{1, 6});
}
