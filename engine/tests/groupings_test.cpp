// One variable, several groupings: linking them (the common refinement, its errors) and the audit
// and protect over random groupings against an independent brute force over the refinement.
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>

#include "audit_compare.h"
#include "audit_fixtures.h"
#include "hitoku/audit/audit.h"
#include "hitoku/model/groupings.h"
#include "hitoku/protect/protect.h"
#include "model/numeric_bands.h"

using namespace hitoku;
using hitoku::testing::make_dimension;
using hitoku::testing::Tally;
using hitoku::testing::World;

namespace {

Dimension grouping(const std::string& id, const std::string& variable,
                   const std::vector<std::pair<std::string, std::string>>& codes) {
  Dimension d = make_dimension(id, codes);
  d.set_variable(variable);
  return d;
}

std::vector<std::string> leaf_codes(const Dimension& d) {
  std::vector<std::string> out;
  for (int leaf : d.leaves()) out.push_back(d.code(leaf));
  return out;
}

std::string link_error(std::vector<Dimension> dims) {
  try {
    link_groupings(dims, {SourcePos{"manifest.yaml", 7, "variable"}});
  } catch (const InputError& e) {
    CHECK(e.where().file == "manifest.yaml");
    CHECK(e.where().line == 7);
    CHECK(e.where().field == "variable");
    return e.message_en();
  }
  return "";
}

}  // namespace

TEST_CASE("groupings: 10-year bands and 0-39/40-64/65+ over 5-year bands share one refinement") {
  // age10: 0-39 | 40-49 50-59 | 60-69 split in 60-64 65-69 | 70+; age3: 0-39 | 40-64 | 65+.
  std::vector<Dimension> dims{
      grouping("age10", "age", {{"T", ""}, {"0-39", "T"}, {"40-49", "T"}, {"50-59", "T"}, {"60-69", "T"},
                                {"60-64", "60-69"}, {"65-69", "60-69"}, {"70+", "T"}}),
      grouping("age3", "age", {{"all", ""}, {"0-39", "all"}, {"40-64", "all"}, {"40-49", "40-64"}, {"50-59", "40-64"},
                               {"60-64", "40-64"}, {"65+", "all"}, {"65-69", "65+"}, {"70+", "65+"}}),
      make_dimension("sex", {{"T", ""}, {"m", "T"}, {"f", "T"}})};
  link_groupings(dims);
  const std::vector<std::string> units{"0-39", "40-49", "50-59", "60-64", "65-69", "70+"};
  CHECK(leaf_codes(dims[0]) == units);
  CHECK(leaf_codes(dims[1]) == units);
  CHECK(leaf_codes(dims[2]) == std::vector<std::string>{"m", "f"});
  CHECK(same_variable(dims[0], dims[1]));
  CHECK_FALSE(same_variable(dims[0], dims[2]));
  // A leaf of one grouping that another splits gets the units under it, marked as refinement.
  std::vector<Dimension> coarse{
      grouping("age10", "age", {{"T", ""}, {"0-39", "T"}, {"40-49", "T"}, {"50-69", "T"}, {"70+", "T"}}),
      grouping("age3", "age", {{"T", ""}, {"0-49", "T"}, {"0-39", "0-49"}, {"40-49", "0-49"}, {"50-69", "T"},
                               {"50-59", "50-69"}, {"60-69", "50-69"}, {"70+", "T"}})};
  link_groupings(coarse);
  CHECK(leaf_codes(coarse[0]) == std::vector<std::string>{"0-39", "40-49", "50-59", "60-69", "70+"});
  const int added = coarse[0].find("50-59");
  REQUIRE(added >= 0);
  CHECK(coarse[0].is_refinement(added));
  CHECK(coarse[0].code(coarse[0].parent(added)) == "50-69");
  CHECK_FALSE(coarse[0].is_refinement(coarse[0].find("50-69")));
}

TEST_CASE("groupings: numeric bands are read from their names, else their codes") {
  auto band = [](const char* text) { return parse_numeric_band(text); };
  CHECK(band("40-49") == NumericBand{40, 49});
  CHECK(band("４０～４９歳") == NumericBand{40, 49});
  CHECK(band("40歳〜49歳") == NumericBand{40, 49});
  CHECK(band("85+") == NumericBand{85, NumericBand::kNoUpper});
  CHECK(band("85歳以上") == NumericBand{85, NumericBand::kNoUpper});
  CHECK(band("40未満") == NumericBand{0, 39});
  CHECK(band("～39") == NumericBand{0, 39});
  CHECK(band("40代") == NumericBand{40, 49});
  CHECK(band("7") == NumericBand{7, 7});
  for (const char* not_a_band : {"不明", "計", "49-40", "40-49年", "45代", "0未満", "", "-", "40--49", "1234567890"})
    CHECK_MESSAGE(!band(not_a_band), not_a_band);
  // A name that is not the code decides: 01 named 0～4歳 is the band 0-4, not the number 1.
  const Dimension named = make_dimension("age", {{"T", ""}, {"01", "T"}, {"02", "T"}});
  Dimension d("age", "年齢");
  d.add_code("T", "計", "");
  d.add_code("01", "0～4歳", "T");
  d.add_code("99", "不明", "T");
  d.finalize();
  CHECK(band_of(d, d.find("01")) == NumericBand{0, 4});
  CHECK_FALSE(band_of(d, d.find("99")));
  CHECK(band_of(named, named.find("02")) == NumericBand{2, 2});
}

TEST_CASE("groupings: bands that overlap without a mapping are cut at every bound") {
  // 10-year-like bands against 0-29 / 30-64 / 65+ (written in Japanese), both with 不明.
  std::vector<Dimension> dims{
      grouping("a", "age", {{"T", ""}, {"0-19", "T"}, {"20-39", "T"}, {"40-59", "T"}, {"60-79", "T"}, {"80+", "T"}, {"unk", "T"}}),
      Dimension("b", "年齢")};
  for (const auto& [code, label, parent] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"T", "計", ""}, {"y", "0～29歳", "T"}, {"m", "30～64歳", "T"}, {"o", "65歳以上", "T"}, {"unk", "unk", "T"}})
    dims[1].add_code(code, label, parent);
  dims[1].finalize();
  dims[1].set_variable("age");
  link_groupings(dims);
  const std::vector<std::string> units{"0-19", "20-29", "30-39", "40-59", "60-64", "65-79", "80+", "unk"};
  CHECK(leaf_codes(dims[0]) == units);
  CHECK(leaf_codes(dims[1]) == units);
  const int piece = dims[1].find("20-29");
  REQUIRE(piece >= 0);
  CHECK(dims[1].is_refinement(piece));
  CHECK(dims[1].code(dims[1].parent(piece)) == "y");
  CHECK(dims[0].code(dims[0].parent(dims[0].find("20-29"))) == "20-39");
  // Undeclared, the two look like one numeric variable; a list of other names does not.
  CHECK(same_numeric_cover(dims[0], dims[1]));
  CHECK_FALSE(same_numeric_cover(dims[0], make_dimension("s", {{"T", ""}, {"m", "T"}, {"f", "T"}})));
}

TEST_CASE("groupings: bad groupings are refused with the variable's position and the codes") {
  // Overlapping leaves without a common finer code list.
  const std::string overlap = link_error(
      {grouping("age10", "age", {{"T", ""}, {"0-9", "T"}, {"10-19", "T"}}),
       grouping("age3", "age", {{"T", ""}, {"0-14", "T"}, {"15-24", "T"}})});  // bands of different ranges
  CHECK(overlap.find("does not cover") != std::string::npos);
  CHECK(overlap.find("age") != std::string::npos);
  CHECK(overlap.find("0-14") != std::string::npos);
  // A code under two parents of one grouping (via another grouping's split).
  const std::string two_parents = link_error(
      {grouping("a", "v", {{"T", ""}, {"x", "T"}, {"y", "T"}, {"z", "T"}}),
       grouping("b", "v", {{"T", ""}, {"x", "T"}, {"y", "x"}, {"z", "T"}})});
  CHECK(two_parents.find("under both") != std::string::npos);
  // The same code split differently by two groupings.
  const std::string differ = link_error(
      {grouping("a", "v", {{"T", ""}, {"g", "T"}, {"u1", "g"}, {"u2", "g"}, {"u3", "T"}}),
       grouping("b", "v", {{"T", ""}, {"g", "T"}, {"u1", "g"}, {"u3", "g"}, {"u2", "T"}})});
  CHECK(differ.find("different members") != std::string::npos);
  CHECK(differ.find("'g'") != std::string::npos);
  // A grouping that leaves out part of the variable.
  const std::string partial = link_error(
      {grouping("a", "v", {{"T", ""}, {"u1", "T"}, {"u2", "T"}, {"u3", "T"}}),
       grouping("b", "v", {{"T", ""}, {"u1", "T"}, {"u2", "T"}})});
  CHECK(partial.find("'u3'") != std::string::npos);
  // Cycles across groupings.
  const std::string cycle = link_error(
      {grouping("a", "v", {{"T", ""}, {"p", "T"}, {"q", "p"}}), grouping("b", "v", {{"T", ""}, {"q", "T"}, {"p", "q"}})});
  CHECK(cycle.find("cycle") != std::string::npos);
}

namespace {

// A random grouping of units u1..un: consecutive blocks, each a code with its units as children;
// a block equal to one of `known` keeps that code and (sometimes) leaves its split to the other.
Dimension random_grouping(const std::string& id, const std::string& variable, int units, std::mt19937& rng,
                          const Dimension* other) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<std::pair<std::string, std::string>> codes{{id + "T", ""}};
  for (int start = 1; start <= units;) {
    const int len = std::min(units - start + 1, pick(1, 3));
    std::string name = id + "g" + std::to_string(start);
    bool split_elsewhere = false;
    if (other) {  // the same block in the other grouping: share its code
      const int o = other->find(other->variable() + "u" + std::to_string(start));
      const int p = o >= 0 ? other->parent(o) : -1;
      if (p >= 0 && static_cast<int>(other->leaves_under(p).size()) == len && other->parent(p) >= 0 &&
          other->code(other->children(p).back()) == variable + "u" + std::to_string(start + len - 1)) {
        name = other->code(p);
        split_elsewhere = len > 1 && pick(0, 1) == 0;
      }
    }
    if (len == 1 && pick(0, 1) == 0) {
      codes.push_back({variable + "u" + std::to_string(start), id + "T"});
    } else {
      codes.push_back({name, id + "T"});
      if (!split_elsewhere)
        for (int u = start; u < start + len; ++u) codes.push_back({variable + "u" + std::to_string(u), name});
    }
    start += len;
  }
  return grouping(id, variable, codes);
}

// 1-3 grouped variables (2-3 groupings each, 2-5 units), with sex when there is one; tables over each grouping (with
// sex or alone), small counts suppressed and some random secondary cells.
World grouped_world(std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  World w;
  const int variables = pick(1, 3);
  std::vector<std::vector<int>> groupings_of(static_cast<std::size_t>(variables));
  for (int v = 0; v < variables; ++v) {
    const std::string name = v == 0 ? "age" : v == 1 ? "area" : "site";
    const int units = variables == 1 ? pick(3, 5) : variables == 2 ? 3 : 2;
    const int count = variables == 1 ? pick(2, 3) : 2;
    for (int g = 0; g < count; ++g) {
      const Dimension* other = g == 0 ? nullptr : &w.sub.dimensions[static_cast<std::size_t>(groupings_of[v].front())];
      groupings_of[static_cast<std::size_t>(v)].push_back(static_cast<int>(w.sub.dimensions.size()));
      w.sub.dimensions.push_back(random_grouping(name + std::to_string(g), name, units, rng, other));
    }
  }
  link_groupings(w.sub.dimensions);
  const int sex = static_cast<int>(w.sub.dimensions.size());
  if (variables == 1) w.sub.dimensions.push_back(make_dimension("sex", {{"T", ""}, {"m", "T"}, {"f", "T"}}));
  w.sub.policy.small_min = 1;
  w.sub.policy.small_max = 3;
  w.sub.policy.attacker_knows_small_range = pick(0, 2) == 0;
  w.truth.resize(w.inner_size());
  for (auto& v : w.truth) v = pick(0, variables == 1 ? 4 : 3);
  int n = 0;
  for (const auto& gs : groupings_of)
    for (int d : gs) {
      std::vector<int> dims{d};
      if (variables == 1 && pick(0, 3) != 0) dims.push_back(sex);
      // Two or three variables: each grouping is crossed with a grouping of the next variable.
      if (variables > 1) {
        const auto v = static_cast<std::size_t>(std::find_if(groupings_of.begin(), groupings_of.end(), [&](const auto& g) {
                                                   return std::find(g.begin(), g.end(), d) != g.end();
                                                 }) - groupings_of.begin());
        const auto& next = groupings_of[(v + 1) % groupings_of.size()];
        dims.push_back(next[static_cast<std::size_t>(n % 2)]);
      }
      w.add_table("t" + std::to_string(++n), dims);
    }
  // Sometimes the last table is an earlier publication (rule ⑤) in its own grouping.
  if (w.sub.tables.size() > 1 && pick(0, 2) == 0) w.sub.tables.back().earlier_publication = true;
  for (auto& t : w.sub.tables)
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      const auto v = t.value[f];
      if (t.earlier_publication) t.status[f] = pick(0, 2) == 0 ? CellStatus::SuppressedByUser : CellStatus::Published;
      else if (v >= 1 && v <= 3 && pick(0, 3) != 0) t.status[f] = CellStatus::SuppressedPrimary;
      else if (pick(0, 2) == 0) t.status[f] = CellStatus::SuppressedSecondary;
    }
  return w;
}

}  // namespace

TEST_CASE("groupings: audit over random groupings equals the brute force over their refinement") {
  std::mt19937 rng(1717);
  Tally tally;
  for (int k = 0; k < 60; ++k) {
    const World w = grouped_world(rng);
    compare(w, false, false, "groupings #" + std::to_string(k), tally);
    if (w.sub.tables.back().earlier_publication)
      compare(w, true, false, "groupings #" + std::to_string(k) + " with an earlier publication", tally);
  }
  MESSAGE("groupings: " << tally.cells << " cells, " << tally.recoverable << " recoverable (" << tally.linear
                        << " by subtraction), " << tally.safe << " safe");
  CHECK(tally.recoverable > 0);
  CHECK(tally.safe > 0);
  CHECK(tally.linear > 0);
}

TEST_CASE("groupings: the difference of two groupings recovers a cell that each table alone protects") {
  // Units u1 u2 u3; grouping A: {u1,u2} u3; grouping B: u1 {u2,u3}. Table A suppresses u3 and its
  // total, which alone leaves both unbounded; table B publishes the total, so u3 = B.T - A.g12.
  World w;
  w.sub.dimensions = {grouping("A", "v", {{"T", ""}, {"g12", "T"}, {"u1", "g12"}, {"u2", "g12"}, {"u3", "T"}}),
                      grouping("B", "v", {{"all", ""}, {"u1", "all"}, {"g23", "all"}, {"u2", "g23"}, {"u3", "g23"}})};
  link_groupings(w.sub.dimensions);
  w.truth = {5, 2, 11};
  Table& a = w.add_table("A", {0}, {{"g12", "u3", "T"}});
  a.status[1] = a.status[2] = CellStatus::SuppressedSecondary;
  const auto alone = audit_cells(w.sub, false);
  REQUIRE(alone.cells.size() == 2);
  for (const auto& c : alone.cells) CHECK_FALSE(c.recoverable);
  w.add_table("B", {1}, {{"u1", "g23", "all"}});
  const auto both = audit_cells(w.sub, false);
  const auto brute = hitoku::testing::brute_force(w, false);
  REQUIRE(both.cells.size() == brute.size());
  for (std::size_t i = 0; i < brute.size(); ++i) {
    CHECK(brute[i].min == brute[i].max);
    CHECK(both.cells[i].recoverable);
    CHECK(both.cells[i].lower == brute[i].min);
  }
  // The certificate names cells of both groupings: u3 = B(all) - A(g12).
  REQUIRE_FALSE(both.cells[0].certificate.empty());
  std::set<std::string> tables;
  for (const auto& term : both.cells[0].certificate) tables.insert(term.table);
  CHECK(tables == std::set<std::string>{"A", "B"});
}

TEST_CASE("groupings: protect's pattern over random groupings survives the brute force") {
  std::mt19937 rng(2323);
  int protected_cases = 0;
  for (int k = 0; k < 25; ++k) {
    World w = grouped_world(rng);
    for (auto& t : w.sub.tables)
      for (std::size_t f = 0; f < t.cell_count(); ++f)
        if (!t.earlier_publication) t.status[f] = CellStatus::Published;
    w.sub.policy.attacker_knows_small_range = false;
    INFO("case " << k);
    const ProtectResult r = protect(w.sub);
    if (!r.ok) {  // an earlier publication may give a small count away: then protect says which
      CHECK(w.sub.tables.back().earlier_publication);
      CHECK_FALSE(r.conflicts.empty());
      continue;
    }
    ++protected_cases;
    World out = w;
    out.sub = r.submission;
    for (const auto& t : out.sub.tables)
      for (std::size_t f = 0; f < t.cell_count(); ++f)
        if (t.value[f] >= 1 && t.value[f] <= 3) CHECK(is_suppressed(t.status[f]));
    for (const auto& range : hitoku::testing::brute_force(out, true)) CHECK(range.min < range.max);
  }
  CHECK(protected_cases >= 15);
}

TEST_CASE("groupings: an earlier publication by districts that cross the planned medical areas") {
  // Municipalities m1..m6; medical areas A1 = m1 m2 m3, A2 = m4 m5 m6; districts D1 = m1 m2,
  // D2 = m3 m4, D3 = m5 m6, published earlier by sex. The planned table by medical area × sex has
  // small counts; protect must find a pattern the brute force over the municipalities cannot break
  // (once a code with two parents could not even be declared).
  World w;
  w.sub.dimensions = {
      grouping("area", "municipality", {{"T", ""}, {"A1", "T"}, {"A2", "T"}, {"m1", "A1"}, {"m2", "A1"}, {"m3", "A1"},
                                        {"m4", "A2"}, {"m5", "A2"}, {"m6", "A2"}}),
      grouping("district", "municipality", {{"T", ""}, {"D1", "T"}, {"D2", "T"}, {"D3", "T"}, {"m1", "D1"}, {"m2", "D1"},
                                            {"m3", "D2"}, {"m4", "D2"}, {"m5", "D3"}, {"m6", "D3"}}),
      make_dimension("sex", {{"T", ""}, {"m", "T"}, {"f", "T"}})};
  link_groupings(w.sub.dimensions);
  w.sub.policy.small_min = 1;
  w.sub.policy.small_max = 3;
  w.truth = {4, 5, 6, 2, 1, 7, 5, 1, 6, 0, 3, 1};  // (m1,m) (m1,f) (m2,m) … (m6,f): A2 × f = 2
  Table& earlier = w.add_table("districts", {1, 2}, {{"D1", "D2", "D3", "T"}, {"m", "f", "T"}}, true);
  (void)earlier;
  w.add_table("areas", {0, 2}, {{"A1", "A2", "T"}, {"m", "f", "T"}});
  const ProtectResult r = protect(w.sub);
  REQUIRE(r.ok);
  World out = w;
  out.sub = r.submission;
  const Table& planned = out.sub.tables[1];
  int suppressed = 0;
  for (std::size_t f = 0; f < planned.cell_count(); ++f) {
    if (planned.value[f] >= 1 && planned.value[f] <= 3) CHECK(is_suppressed(planned.status[f]));
    suppressed += is_suppressed(planned.status[f]);
  }
  CHECK(suppressed > 0);
  for (const auto& range : hitoku::testing::brute_force(out, true)) CHECK(range.min < range.max);
}

TEST_CASE("groupings: when an earlier publication in another grouping gives a small count away, protect says which") {
  // District D2 covers exactly medical area A2, so the earlier table prints A2 × f = 2 under another name.
  World w;
  w.sub.dimensions = {
      grouping("area", "municipality", {{"T", ""}, {"A1", "T"}, {"A2", "T"}, {"m1", "A1"}, {"m2", "A1"}, {"m3", "A1"},
                                        {"m4", "A2"}, {"m5", "A2"}, {"m6", "A2"}}),
      grouping("district", "municipality", {{"T", ""}, {"D1", "T"}, {"D2", "T"}, {"m1", "D1"}, {"m2", "D1"},
                                            {"m3", "D1"}, {"m4", "D2"}, {"m5", "D2"}, {"m6", "D2"}}),
      make_dimension("sex", {{"T", ""}, {"m", "T"}, {"f", "T"}})};
  link_groupings(w.sub.dimensions);
  w.sub.policy.small_min = 1;
  w.sub.policy.small_max = 3;
  w.truth = {4, 5, 6, 2, 1, 7, 5, 1, 6, 0, 3, 1};
  w.add_table("districts", {1, 2}, {{"D1", "D2", "T"}, {"m", "f", "T"}}, true);
  w.add_table("areas", {0, 2}, {{"A1", "A2", "T"}, {"m", "f", "T"}});
  const ProtectResult r = protect(w.sub);
  CHECK_FALSE(r.ok);
  REQUIRE_FALSE(r.conflicts.empty());
  std::string named;
  for (const auto& c : r.conflicts)
    for (const auto& cell : c.cells) named += cell + "\n";
  INFO(named);
  CHECK(named.find("districts") != std::string::npos);
}
