// Rule ② "in combination" for counts no table shows: a code left out of a table with `codes:` is
// still a count of people, and a small one that published values give away by subtraction is a
// finding (engine/src/rules/hidden_cells.cpp). Checked against an enumeration of every integer
// completion of the inner cells (combination_bruteforce.h), not against the engine.
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <set>

#include "combination_bruteforce.h"
#include "hitoku/audit/inner_space.h"
#include "hitoku/protect/protect.h"
#include "hitoku/rules/check.h"
#include "rules/hidden_cells.h"
#include "test_support.h"

using namespace hitoku;

namespace {

constexpr const char* kHiddenMark = "〔表にないセル〕";

// The value of every cell of t from the inner cells z (leaf tuples, row-major over all dimensions).
void fill_values(const Submission& s, Table& t, const std::vector<std::int64_t>& z) {
  t.value.assign(t.cell_count(), 0);
  t.status.assign(t.cell_count(), CellStatus::Published);
  for (std::size_t f = 0; f < t.cell_count(); ++f)
    for (int i : test::brute_cell(s, t, f).inner) t.value[f] += z[static_cast<std::size_t>(i)];
}

Table table_of(const Submission& s, const std::string& id, const std::vector<int>& dims,
               const std::vector<std::vector<int>>& codes, const std::vector<std::int64_t>& z) {
  Table t;
  t.id = id;
  t.title = id;
  t.dims = dims;
  t.codes = codes;
  fill_values(s, t, z);
  return t;
}

// Area T = {a1, a2, a3}, sex 0 = {1, 2}: six inner cells.
Submission area_sex() {
  Submission s;
  s.policy = test::hyogo_like_policy();
  s.policy.small_combinations = true;
  s.dimensions.push_back(test::flat_dimension("area", "T", {"a1", "a2", "a3"}));
  s.dimensions.push_back(test::flat_dimension("sex", "0", {"1", "2"}));
  return s;
}

using test::inner_of;

std::vector<int> all_leaves(const Dimension& dim) { return dim.leaves_under(dim.root()); }

// Per dimension, the leaf sets a hidden count may take: every code, and every group of leaves that
// no shown code of any table tells apart and that no code names.
std::vector<std::vector<std::vector<int>>> leaf_choices(const Submission& s) {
  std::vector<std::vector<std::vector<int>>> out(s.dimensions.size());
  for (std::size_t d = 0; d < s.dimensions.size(); ++d) {
    const Dimension& dim = s.dimensions[d];
    std::map<int, std::set<std::pair<int, int>>> key;  // leaf -> shown (table, code) over it
    for (int l : all_leaves(dim)) key[l];
    for (std::size_t ti = 0; ti < s.tables.size(); ++ti)
      for (std::size_t td = 0; td < s.tables[ti].dims.size(); ++td)
        if (s.tables[ti].dims[td] == static_cast<int>(d))
          for (int c : s.tables[ti].codes[td])
            for (int l : dim.leaves_under(c)) key[l].insert({static_cast<int>(ti), c});
    std::map<std::set<std::pair<int, int>>, std::vector<int>> groups;
    for (const auto& [l, k] : key) groups[k].push_back(l);
    for (int c = 0; c < dim.size(); ++c) out[d].push_back(dim.leaves_under(c));
    for (const auto& [k, g] : groups)
      if (std::find(out[d].begin(), out[d].end(), g) == out[d].end()) out[d].push_back(g);
  }
  return out;
}

// Brute force: every count a planned table would have with every code (or group of leaves never
// told apart) of its dimensions shown, neither shown nor published nor suppressed anywhere, that
// takes one value in [lo, hi] over every completion: their inner cells.
std::set<std::vector<int>> brute_hidden(const Submission& s, std::int64_t bound) {
  const auto all = test::brute_completions(s, bound, 1);
  std::set<std::vector<int>> known;  // published or suppressed somewhere
  for (const auto& t : s.tables)
    for (std::size_t f = 0; f < t.cell_count(); ++f) known.insert(test::brute_cell(s, t, f).inner);
  const auto choices = leaf_choices(s);
  std::set<std::vector<int>> out;
  for (const auto& t : s.tables) {
    if (t.earlier_publication) continue;
    std::vector<std::size_t> pick(t.dims.size(), 0);
    while (true) {
      std::vector<std::vector<int>> leaves(s.dimensions.size());
      for (std::size_t d = 0; d < s.dimensions.size(); ++d) leaves[d] = all_leaves(s.dimensions[d]);
      for (std::size_t td = 0; td < t.dims.size(); ++td)
        leaves[static_cast<std::size_t>(t.dims[td])] = choices[static_cast<std::size_t>(t.dims[td])][pick[td]];
      const auto inner = inner_of(s, leaves);
      if (!known.count(inner)) {
        std::set<std::int64_t> values;
        for (const auto& z : all) {
          std::int64_t v = 0;
          for (int i : inner) v += z[static_cast<std::size_t>(i)];
          values.insert(v);
          if (values.size() > 1) break;
        }
        if (values.size() == 1 && s.policy.in_small_range(*values.begin())) out.insert(inner);
      }
      std::size_t td = pick.size();
      while (td-- > 0) {
        if (++pick[td] < choices[static_cast<std::size_t>(t.dims[td])].size()) break;
        pick[td] = 0;
      }
      if (td == static_cast<std::size_t>(-1)) break;
    }
  }
  return out;
}

// The engine: rule ② errors about one count no table shows, alone, as inner cells (from the codes
// the finding names: a group never told apart is its codes joined by '+').
std::set<std::vector<int>> engine_hidden(const Submission& s, const Report& r) {
  std::set<std::vector<int>> out;
  for (const auto& f : r.findings) {
    if (f.rule != "2" || f.severity != Severity::Error || f.cells.size() != 1 ||
        f.cells[0].label.rfind(kHiddenMark, 0) != 0)
      continue;
    std::vector<std::vector<int>> leaves(s.dimensions.size());
    for (std::size_t d = 0; d < s.dimensions.size(); ++d) {
      const Dimension& dim = s.dimensions[d];
      const auto it = f.cells[0].cell.find(dim.id());
      if (it == f.cells[0].cell.end()) {
        leaves[d] = all_leaves(dim);
        continue;
      }
      std::string codes = it->second + "+";
      for (std::size_t at = 0, next; (next = codes.find('+', at)) != std::string::npos; at = next + 1)
        for (int l : dim.leaves_under(dim.find(codes.substr(at, next - at)))) leaves[d].push_back(l);
      std::sort(leaves[d].begin(), leaves[d].end());
    }
    out.insert(inner_of(s, leaves));
  }
  return out;
}

}  // namespace

TEST_CASE("rule ② hidden counts: a total minus the codes a table shows gives the code it leaves out") {
  auto s = area_sex();
  // a3 = T - a1 - a2 = 5 (3 men, 2 women); the table shows T, a1, a2 by sex.
  const std::vector<std::int64_t> z{30, 30, 25, 30, 3, 2};
  s.tables.push_back(table_of(s, "t1", {0, 1}, {{0, 1, 2}, {0, 1, 2}}, z));
  const Report r = check(s);
  CHECK_FALSE(r.passed);
  CHECK(engine_hidden(s, r) == brute_hidden(s, 60));
  const Finding* f = nullptr;
  for (const auto& x : r.findings)
    if (x.cells.size() == 1 && x.cells[0].label == std::string(kHiddenMark) + "t1: a3 × 計") f = &x;
  REQUIRE(f != nullptr);
  CHECK(f->cells[0].cell.at("area") == "a3");
  CHECK(f->reason_ja.find("表に載せていない") != std::string::npos);
  CHECK(f->reason_en.find("no table shows") != std::string::npos);
  CHECK(f->reason_ja.find("5") == std::string::npos);  // the count itself is never printed
  std::int64_t computed = 0;                           // the computation printed gives it
  for (const auto& term : f->certificate) {
    const auto& t = s.tables[0];
    for (std::size_t g = 0; g < t.cell_count(); ++g)
      if (s.cell_key(t, g) == term.cell) computed += term.coefficient * t.value[g];
  }
  CHECK(computed == 5 * f->certificate_divisor);

  // Safe control: a3 = 22 (10 men, 12 women) holds no small count.
  auto safe = area_sex();
  safe.tables.push_back(table_of(safe, "t1", {0, 1}, {{0, 1, 2}, {0, 1, 2}}, {30, 30, 25, 30, 10, 12}));
  CHECK(engine_hidden(safe, check(safe)).empty());
  CHECK(brute_hidden(safe, 60).empty());
  CHECK(check(safe).passed);
}

TEST_CASE("rule ② hidden counts: across tables, and codes no table tells apart count together") {
  // t1 shows the prefecture by sex, t2 only a1 by sex: a2 and a3 are never told apart, and their
  // count together (a2 + a3 = 4) is given by t1 - t2.
  auto s = area_sex();
  const std::vector<std::int64_t> z{20, 25, 1, 1, 1, 1};
  s.tables.push_back(table_of(s, "t1", {0, 1}, {{0}, {0, 1, 2}}, z));
  s.tables.push_back(table_of(s, "t2", {0, 1}, {{1}, {0, 1, 2}}, z));
  const Report r = check(s);
  CHECK_FALSE(r.passed);
  bool together = false;  // named by the codes joined
  for (const auto& f : r.findings)
    for (const auto& c : f.cells) together = together || c.label.find("a2・a3 × 計") != std::string::npos;
  CHECK(together);
  // With a2 + a3 = 11 men and 11 women nothing is small.
  auto safe = area_sex();
  const std::vector<std::int64_t> z2{20, 25, 6, 5, 5, 6};
  safe.tables.push_back(table_of(safe, "t1", {0, 1}, {{0}, {0, 1, 2}}, z2));
  safe.tables.push_back(table_of(safe, "t2", {0, 1}, {{1}, {0, 1, 2}}, z2));
  CHECK(check(safe).passed);
}

TEST_CASE("rule ② hidden counts agree with the brute force on random tables that leave codes out") {
  std::mt19937 rng(20261206);
  int small_found = 0;
  for (int trial = 0; trial < 60; ++trial) {
    auto s = area_sex();
    std::uniform_int_distribution<int> cell(0, 4);
    std::vector<std::int64_t> z(6);
    for (auto& v : z) v = cell(rng);
    // One or two tables, each showing a random nonempty subset of each dimension's codes.
    const int tables = 1 + static_cast<int>(rng() % 2);
    for (int k = 0; k < tables; ++k) {
      std::vector<std::vector<int>> codes(2);
      for (int d = 0; d < 2; ++d) {
        for (int c = 0; c < s.dimensions[static_cast<std::size_t>(d)].size(); ++c)
          if (rng() % 3 != 0) codes[static_cast<std::size_t>(d)].push_back(c);
        if (codes[static_cast<std::size_t>(d)].empty()) codes[static_cast<std::size_t>(d)].push_back(0);
      }
      s.tables.push_back(table_of(s, "t" + std::to_string(k + 1), {0, 1}, codes, z));
      // Cells of 1-9 suppressed, as rule ② asks of shown cells.
      auto& t = s.tables.back();
      for (std::size_t f = 0; f < t.cell_count(); ++f)
        if (s.policy.in_small_range(t.value[f])) t.status[f] = CellStatus::SuppressedByUser;
    }
    const auto expected = brute_hidden(s, 24);
    CAPTURE(trial);
    CHECK(engine_hidden(s, check(s)) == expected);
    small_found += static_cast<int>(expected.size());
  }
  CHECK(small_found > 0);  // the generator does make the case this test is about
}

TEST_CASE("protect cuts the computation of a small count a table leaves out, and the brute force agrees") {
  std::mt19937 rng(7);
  int repaired = 0;
  for (int trial = 0; trial < 20; ++trial) {
    auto s = area_sex();
    std::uniform_int_distribution<int> big(10, 30), small(1, 4);
    // a3 (left out of the table) small by sex, the shown cells large: only secondary cells can help.
    const std::vector<std::int64_t> z{big(rng), big(rng), big(rng), big(rng), small(rng), small(rng)};
    s.tables.push_back(table_of(s, "t1", {0, 1}, {{0, 1, 2}, {0, 1, 2}}, z));
    CAPTURE(trial);
    REQUIRE_FALSE(brute_hidden(s, 130).empty());
    for (const auto method : {ProtectMethod::Greedy, ProtectMethod::Optimal}) {
      ProtectOptions o;
      o.method = method;
      o.polish_max_groups = 0;  // the greedy's own pattern and reasons (the polish would give Cbc's)
      const ProtectResult r = protect(s, o);
      CAPTURE(static_cast<int>(method));
      REQUIRE(r.ok);
      CHECK(check(r.submission).passed);
      CHECK(brute_hidden(r.submission, 130).empty());  // independent of the engine
      // The greedy says why; the exact model keeps those reasons when the greedy's pattern is already
      // least-cost, else says "least-cost pattern". Either way every added cell has a reason.
      bool cites_hidden = false;
      for (const auto& c : r.changes) {
        cites_hidden = cites_hidden || c.reason_ja.find("表に載せていない") != std::string::npos;
        CHECK_FALSE(c.reason_ja.empty());
      }
      if (method == ProtectMethod::Greedy) CHECK(cites_hidden);
    }
    ++repaired;
  }
  CHECK(repaired == 20);
}

TEST_CASE("rule ② hidden counts: one earlier publications alone give away is a warning, and protect leaves it") {
  // The earlier report printed T = 47, a1 = 20, a2 = 22: a3 = 5 follows from it alone. The planned
  // table (the prefecture by sex) adds nothing to that, and nothing it suppresses could change it.
  auto s = area_sex();
  const std::vector<std::int64_t> z{10, 10, 12, 10, 3, 2};
  s.tables.push_back(table_of(s, "t1", {0, 1}, {{0}, {0, 1, 2}}, z));
  s.tables.push_back(table_of(s, "e1", {0, 1}, {{0, 1, 2}, {0}}, z));
  s.tables.back().earlier_publication = true;
  const Report r = check(s);
  CHECK(r.passed);
  const Finding* warned = nullptr;
  for (const auto& f : r.findings) {
    const bool hidden = !f.cells.empty() && f.cells[0].label.rfind(kHiddenMark, 0) == 0;
    if (!hidden) continue;
    CHECK(f.severity == Severity::Warning);
    if (f.cells[0].label == std::string(kHiddenMark) + "t1: a3 × 計") warned = &f;
  }
  REQUIRE(warned != nullptr);
  CHECK(warned->reason_ja.find("既公表値だけから求まり") != std::string::npos);
  for (const auto& c : warned->certificate) CHECK(c.table == "e1");  // the earlier report's own computation
  const ProtectResult p = protect(s, {});
  REQUIRE(p.ok);
  CHECK(p.conflicts.empty());
  CHECK(p.changes.empty());
  // The same count given by the planned table itself is this submission's: an error.
  auto own = area_sex();
  own.tables.push_back(table_of(own, "t1", {0, 1}, {{0, 1, 2}, {0}}, z));
  CHECK_FALSE(check(own).passed);
}

TEST_CASE("rule ② hidden counts: a sum of them that only adds printed cells together is not reported") {
  // t1 shows the areas (both sexes), the earlier report the men of the prefecture (4, public):
  // a1 men + a2 men + a3 men are three counts no table shows whose sum is that printed cell.
  auto s = area_sex();
  const std::vector<std::int64_t> z{2, 12, 1, 11, 1, 13};
  s.tables.push_back(table_of(s, "t1", {0, 1}, {{0, 1, 2, 3}, {0}}, z));
  s.tables.push_back(table_of(s, "e1", {0, 1}, {{0}, {1}}, z));
  s.tables.back().earlier_publication = true;
  const Report r = check(s);
  CHECK(r.passed);
  for (const auto& f : r.findings) CHECK(f.rule != "2");
  CHECK(brute_hidden(s, 60).empty());  // no single count is pinned either
}

TEST_CASE("rule ② hidden counts: when only the earlier publications' left-out counts overflow the limit, the planned ones still enter") {
  // t1 leaves a3 out (one hidden count per sex column); e1 leaves more out.
  auto s = area_sex();
  const std::vector<std::int64_t> z{10, 10, 12, 10, 3, 2};
  s.tables.push_back(table_of(s, "t1", {0, 1}, {{0, 1, 2}, {0}}, z));
  s.tables.push_back(table_of(s, "e1", {0, 1}, {{1}, {1}}, z));
  s.tables.back().earlier_publication = true;
  const InnerSpace space(s);
  const HiddenForms all = hidden_forms(s, space, 1000);
  REQUIRE_FALSE(all.over_limit);
  REQUIRE_FALSE(all.earlier_dropped);
  std::size_t planned = 0;
  for (const auto& f : all.forms) planned += f.cell.table == 0 ? 1 : 0;
  REQUIRE(planned > 0);
  REQUIRE(all.forms.size() > planned);  // e1's left-out counts are forms too
  for (std::size_t k = 0; k < planned; ++k) CHECK(all.forms[k].cell.table == 0);  // the planned ones first
  const HiddenForms cut = hidden_forms(s, space, planned + 1);
  CHECK_FALSE(cut.over_limit);
  CHECK(cut.earlier_dropped);
  CHECK(cut.forms.size() == planned);
  const HiddenForms none = hidden_forms(s, space, planned - 1);
  CHECK(none.over_limit);  // the planned ones alone overflow it: none enter, as before
  CHECK(none.forms.empty());
}
