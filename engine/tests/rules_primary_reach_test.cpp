#include <doctest/doctest.h>

#include "combination_bruteforce.h"
#include "hitoku/rules/check.h"
#include "test_support.h"

using namespace hitoku;

namespace {

// area (a1 a2 a3) × sex (m f) with totals; a1's and a2's rows suppressed. With `earlier`, an earlier
// publication by area printed a1 = 7, which alone keeps a1's cells below 10.
Submission rows_with_earlier_total(bool earlier) {
  Submission s;
  s.policy = test::hyogo_like_policy();
  s.policy.primary_upper_reach = true;
  s.dimensions.push_back(test::flat_dimension("area", "T", {"a1", "a2", "a3"}));
  s.dimensions.push_back(test::flat_dimension("sex", "0", {"m", "f"}));
  s.tables.push_back(test::full_table(s, "t1", {0, 1},
                                      {63, 26, 37,    // T
                                       7, 3, 4,       // a1
                                       32, 12, 20,    // a2
                                       24, 11, 13}));  // a3
  for (std::size_t i : {3u, 4u, 5u, 6u, 7u, 8u}) s.tables[0].status[i] = CellStatus::SuppressedByUser;
  if (earlier) {
    s.tables.push_back(test::full_table(s, "e1", {0}, {63, 7, 32, 24}));
    s.tables[1].earlier_publication = true;
    s.tables[1].status[2] = CellStatus::SuppressedByUser;
  }
  return s;
}

std::int64_t brute_upper(const Submission& s, std::size_t flat) {
  const auto cell = test::brute_cell(s, s.tables[0], flat);
  std::int64_t hi = -1;
  for (const auto& z : test::brute_completions(s, 63)) {
    std::int64_t v = 0;
    for (int i : cell.inner) v += z[static_cast<std::size_t>(i)];
    hi = std::max(hi, v);
  }
  return hi;
}

std::vector<const Finding*> reach_findings(const Report& r, const std::string& rule) {
  std::vector<const Finding*> out;
  for (const auto& f : r.findings)
    if (f.rule == rule && f.reason_en.find("upper bound") != std::string::npos) out.push_back(&f);
  return out;
}

}  // namespace

TEST_CASE("primary_upper_reach: an upper bound only an earlier publication keeps below 10 is rule ⑤, not ④") {
  const auto own = rows_with_earlier_total(false);
  const auto with_earlier = rows_with_earlier_total(true);
  CHECK(brute_upper(own, 4) == 15);          // a1 × m from this table alone: up to 26 - 11
  CHECK(brute_upper(with_earlier, 4) == 7);  // with the earlier a1 = 7
  CHECK(reach_findings(check(own), "4").empty());
  const Report r = check(with_earlier);
  CHECK(reach_findings(r, "4").empty());
  const auto found = reach_findings(r, "5");
  REQUIRE(found.size() == 2);  // a1 × m (3) and a1 × f (4)
  REQUIRE(found[0]->interval.has_value());
  CHECK(found[0]->interval->upper == 7);
  CHECK(found[0]->reason_en.find("earlier publications") != std::string::npos);
  CHECK(found[0]->reason_ja.find("規約第12(3)②⑤") != std::string::npos);
  for (const auto& rule : r.rules)
    if (rule.rule == "4") CHECK(rule.state == RuleState::Pass);
}
