#include <doctest/doctest.h>


#include "combination_bruteforce.h"
#include "hitoku/rules/check.h"
#include "test_support.h"

using namespace hitoku;

namespace {

// Area total A with leaves a1 a2 a3, one table; a2 and a3 suppressed.
Submission row_of_three(std::int64_t a1, std::int64_t a2, std::int64_t a3) {
  Submission s;
  s.policy = test::hyogo_like_policy();
  s.policy.small_combinations = true;
  s.dimensions.push_back(test::flat_dimension("area", "A", {"a1", "a2", "a3"}));
  s.tables.push_back(test::full_table(s, "t1", {0}, {a1 + a2 + a3, a1, a2, a3}));
  s.tables[0].status[2] = CellStatus::SuppressedByUser;
  s.tables[0].status[3] = CellStatus::SuppressedByUser;
  return s;
}

// A nested hierarchy: A = R1 + R2, R1 = a + b, R2 = c + d, all in one table.
Submission nested(std::int64_t a, std::int64_t b, std::int64_t c, std::int64_t d) {
  Submission s;
  s.policy = test::hyogo_like_policy();
  s.policy.small_combinations = true;
  Dimension area("area", "area");
  area.add_code("A", "計", "");
  area.add_code("R1", "R1", "A");
  area.add_code("R2", "R2", "A");
  area.add_code("a", "a", "R1");
  area.add_code("b", "b", "R1");
  area.add_code("c", "c", "R2");
  area.add_code("d", "d", "R2");
  area.finalize();
  s.dimensions.push_back(area);
  s.tables.push_back(test::full_table(s, "t1", {0}, {a + b + c + d, a + b, c + d, a, b, c, d}));
  for (std::size_t i : {1u, 2u, 4u, 5u}) s.tables[0].status[i] = CellStatus::SuppressedByUser;  // R1 R2 b c
  return s;
}

std::vector<const Finding*> combination_findings(const Report& r) {
  std::vector<const Finding*> out;
  for (const auto& f : r.findings)
    if (f.rule == "2" && f.severity == Severity::Error && f.cell_label.find(" + ") != std::string::npos)
      out.push_back(&f);
  return out;
}

std::string sorted_parts(const std::string& label) {
  std::vector<std::string> parts;
  std::string::size_type at = 0;
  while (true) {
    const auto next = label.find(" + ", at);
    parts.push_back(label.substr(at, next == std::string::npos ? std::string::npos : next - at));
    if (next == std::string::npos) break;
    at = next + 3;
  }
  std::sort(parts.begin(), parts.end());
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " + ") + p;
  return out;
}

std::set<std::string> engine_sums(const Report& r) {
  std::set<std::string> out;
  for (const Finding* f : combination_findings(r)) out.insert(sorted_parts(f->cell_label));
  return out;
}

std::set<std::string> brute_sums(const Submission& s, std::int64_t bound) {
  std::set<std::string> out;
  for (const auto& label : test::brute_small_sums(s, bound, s.policy.small_min, s.policy.small_max))
    if (label.find(" + ") != std::string::npos) out.insert(sorted_parts(label));
  return out;
}

}  // namespace

TEST_CASE("rule ② combinations: a total minus its published part gives away two suppressed cells' small sum") {
  // The example: 23 = 15 + 5 + 3; neither 5 nor 3 is recoverable, but 5 + 3 = 23 - 15 is.
  auto s = row_of_three(15, 5, 3);
  const Report r = check(s);
  CHECK_FALSE(r.passed);
  const auto found = combination_findings(r);
  REQUIRE(found.size() == 1);
  CHECK(found[0]->certificate.size() == 2);  // + total, - a1
  CHECK(found[0]->certificate[0].coefficient == 1);
  CHECK(found[0]->certificate[1].coefficient == -1);
  CHECK(found[0]->reason_ja.find("規約第12(3)②") != std::string::npos);
  CHECK(found[0]->reason_en.find("in combination") != std::string::npos);
  // The sum itself (8) is never printed: it is as secret as the cells.
  CHECK(found[0]->reason_ja.find("8") == std::string::npos);
  CHECK(engine_sums(r) == brute_sums(s, 23));

  // The same table with the setting off passes: this is what the setting adds.
  s.policy.small_combinations = false;
  CHECK(check(s).passed);
}

TEST_CASE("rule ② combinations: a derived sum of ten or more passes (safe control)") {
  auto s = row_of_three(15, 6, 4);  // 6 + 4 = 10
  const Report r = check(s);
  CHECK(combination_findings(r).empty());
  CHECK(r.passed);
  CHECK(brute_sums(s, 25).empty());
}

TEST_CASE("rule ② combinations: the exact elimination finds a sum no single relation shows") {
  // b + c = A - a - d = 7 although b and c sit under different parents and neither is recoverable.
  auto s = nested(15, 3, 4, 18);
  const Report r = check(s);
  CHECK_FALSE(r.passed);
  const auto sums = engine_sums(r);
  CHECK(sums == brute_sums(s, 40));
  REQUIRE(sums.size() == 1);
  const Finding* f = combination_findings(r).front();
  CHECK(f->certificate.size() == 3);  // A - a - d
  // Safe control: with b + c = 12 nothing is found, by the engine or by the brute force.
  auto safe = nested(15, 5, 7, 18);
  for (std::size_t i : {4u, 5u}) REQUIRE(safe.tables[0].value[i] > 0);
  CHECK(engine_sums(check(safe)).empty());
  CHECK(brute_sums(safe, 45).empty());
}

TEST_CASE("rule ② combinations: an earlier publication completes a sum (rule ⑤ knowledge)") {
  // Planned: a1 published, a2 a3 suppressed, total suppressed too; an earlier report printed the total.
  auto s = row_of_three(15, 5, 3);
  s.tables[0].status[0] = CellStatus::SuppressedByUser;
  s.tables[0].status[1] = CellStatus::Published;
  CHECK(engine_sums(check(s)).empty());
  Table earlier = test::full_table(s, "old", {0}, {23, 15, 5, 3});
  earlier.earlier_publication = true;
  for (std::size_t i : {1u, 2u, 3u}) earlier.status[i] = CellStatus::SuppressedByUser;
  s.tables.push_back(earlier);
  const Report r = check(s);
  const auto found = combination_findings(r);
  REQUIRE(found.size() == 1);
  CHECK(found[0]->reason_en.find("earlier publications") != std::string::npos);
  CHECK(engine_sums(r) == brute_sums(s, 23));
}

namespace {

// Area (a1 a2) × column (c1 c2 c3) with totals; the 2×2 block a1..a2 × c1..c2 suppressed.
Submission block(std::int64_t a1c1, std::int64_t a1c2, bool combinations) {
  Submission s;
  s.policy = test::hyogo_like_policy();
  s.policy.small_combinations = combinations;
  s.policy.primary_upper_reach = true;
  s.dimensions.push_back(test::flat_dimension("area", "A", {"a1", "a2"}));
  s.dimensions.push_back(test::flat_dimension("col", "C", {"c1", "c2", "c3"}));
  const std::int64_t a2c1 = 15, a2c2 = 18, c3 = 20;
  const std::int64_t a1 = a1c1 + a1c2 + c3, a2 = a2c1 + a2c2 + c3;
  s.tables.push_back(test::full_table(s, "t1", {0, 1},
                                      {a1 + a2, a1c1 + a2c1, a1c2 + a2c2, 2 * c3,  // A
                                       a1, a1c1, a1c2, c3,                          // a1
                                       a2, a2c1, a2c2, c3}));                       // a2
  for (std::size_t i : {5u, 6u, 9u, 10u}) s.tables[0].status[i] = CellStatus::SuppressedByUser;
  return s;
}

std::int64_t brute_upper(const Submission& s, std::size_t flat, std::int64_t bound) {
  const auto cell = test::brute_cell(s, s.tables[0], flat);
  std::int64_t hi = -1;
  for (const auto& z : test::brute_completions(s, bound)) {
    std::int64_t v = 0;
    for (int i : cell.inner) v += z[static_cast<std::size_t>(i)];
    hi = std::max(hi, v);
  }
  return hi;
}

std::vector<const Finding*> reach_findings(const Report& r) {
  std::vector<const Finding*> out;
  for (const auto& f : r.findings)
    if (f.rule == "4" && f.reason_en.find("upper bound") != std::string::npos) out.push_back(&f);
  return out;
}

}  // namespace

TEST_CASE("primary_upper_reach: a small suppressed cell whose upper bound stays below 10 is a finding") {
  auto s = block(3, 4, false);  // a1's suppressed pair sums to 7: neither can exceed 7
  const Report r = check(s);
  CHECK_FALSE(r.passed);
  const auto found = reach_findings(r);
  REQUIRE(found.size() == 2);  // a1c1 = 3 and a1c2 = 4 (a2's cells are not small)
  REQUIRE(found[0]->interval.has_value());
  CHECK(found[0]->interval->upper == brute_upper(s, 5, 60));
  CHECK(found[0]->interval->upper == 7);
  CHECK(found[0]->reason_ja.find("規約第12(3)②④") != std::string::npos);
  // Both settings together: the combination finding is reported as well.
  CHECK(combination_findings(check(block(3, 4, true))).size() == 1);
}

TEST_CASE("primary_upper_reach: an upper bound of 10 or more passes (safe control)") {
  auto s = block(3, 9, true);  // the pair sums to 12: each may be up to 12
  CHECK(brute_upper(s, 5, 60) == 12);
  const Report r = check(s);
  CHECK(reach_findings(r).empty());
  CHECK(combination_findings(r).empty());
  CHECK(r.passed);
}
