// The registry of approved publications: what it stores (published values only) and rule ⑤ from it,
// cross-checked against a brute force over every integer table the attacker cannot tell apart.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <random>

#include "hitoku/rules/check.h"
#include "hitoku/model/error.h"
#include "hitoku/publications/publications.h"
#include "test_support.h"

namespace hitoku {
namespace {

using publications::Publication;
using publications::StoredCode;
using publications::StoredDimension;
using publications::StoredTable;

// area: 28000 = a1 + a2 + a3; sex: 0 = 1 + 2. The inner cells are x[a][s], a < 3, s < 2.
Submission base_submission(const std::vector<std::int64_t>& x) {
  Submission s;
  s.policy = test::hyogo_like_policy();
  s.policy.attacker_knows_small_range = false;  // the brute force knows nothing but the published values
  s.info.approval_number = "new";
  s.dimensions.push_back(test::flat_dimension("area", "28000", {"a1", "a2", "a3"}));
  s.dimensions.push_back(test::flat_dimension("sex", "0", {"1", "2"}));
  std::vector<std::int64_t> v;
  for (int a = 0; a < 4; ++a)
    for (int g = 0; g < 3; ++g) {
      std::int64_t sum = 0;
      for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 2; ++j)
          if ((a == 0 || a == i + 1) && (g == 0 || g == j + 1)) sum += x[static_cast<std::size_t>(i * 2 + j)];
      v.push_back(sum);
    }
  s.tables.push_back(test::full_table(s, "t", {0, 1}, v));
  return s;
}

// A published cell as a set of inner cells and its value (suppressed: nullopt).
struct Row {
  std::vector<int> inner;
  std::optional<std::int64_t> value;
};

// Row of area code index a (0 = total, 1..3) × sex code index g (0 = total, 1..2).
std::vector<int> support(const std::vector<int>& areas, int g) {
  std::vector<int> out;
  for (int a : areas)
    for (int j = 0; j < 2; ++j)
      if (g == 0 || g == j + 1) out.push_back(a * 2 + j);
  return out;
}

// The earlier publication, drawn at random: by area alone, by district (d12 = a1 + a2, a3) alone, by sex
// alone, or by area × sex; some cells suppressed. Returns its rows for the brute force too.
Publication random_publication(std::mt19937& rng, const std::vector<std::int64_t>& x, std::vector<Row>& rows) {
  Publication p;
  p.meta.approval_number = "old";
  p.meta.title = "earlier";
  const int kind = static_cast<int>(rng() % 4);
  std::bernoulli_distribution hide(0.3);
  auto value_of = [&](const std::vector<int>& inner) {
    std::int64_t v = 0;
    for (int c : inner) v += x[static_cast<std::size_t>(c)];
    return v;
  };
  StoredTable t{"p1", "p1", {}, {}, {}, {}};
  std::vector<std::pair<std::vector<int>, std::string>> area_codes;  // inner areas, code
  if (kind == 3) {
    p.dimensions.push_back({"district", "地区", "area", {{"28000", "計", ""}, {"d12", "d12", "28000"}, {"a3", "a3", "28000"},
                                                        {"a1", "a1", "d12"}, {"a2", "a2", "d12"}}});
    area_codes = {{{0, 1, 2}, "28000"}, {{0, 1}, "d12"}, {{2}, "a3"}};
  } else if (kind != 1) {
    p.dimensions.push_back({"area", "area", "", {{"28000", "計", ""}, {"a1", "a1", "28000"}, {"a2", "a2", "28000"}, {"a3", "a3", "28000"}}});
    area_codes = {{{0, 1, 2}, "28000"}, {{0}, "a1"}, {{1}, "a2"}, {{2}, "a3"}};
  } else {
    area_codes = {{{0, 1, 2}, ""}};
  }
  const bool by_sex = kind == 1 || kind == 2;
  if (by_sex) p.dimensions.push_back({"sex", "sex", "", {{"0", "計", ""}, {"1", "1", "0"}, {"2", "2", "0"}}});
  if (kind != 1) {
    t.dims.push_back(p.dimensions.front().id);
    std::vector<std::string> codes;
    for (const auto& [inner, code] : area_codes) codes.push_back(code);
    t.codes.push_back(codes);
  }
  if (by_sex) {
    t.dims.push_back("sex");
    t.codes.push_back({"0", "1", "2"});
  }
  for (const auto& [areas, code] : area_codes)
    for (int g = 0; g < (by_sex ? 3 : 1); ++g) {
      const auto inner = support(areas, g);
      const bool hidden = hide(rng);
      t.published.push_back(hidden ? std::nullopt : std::optional<long long>(value_of(inner)));
      rows.push_back({inner, hidden ? std::nullopt : std::optional<std::int64_t>(value_of(inner))});
    }
  p.tables.push_back(std::move(t));
  p.meta.content_sha256 = publications::content_digest(p);
  return p;
}

// Every nonnegative x' agreeing with the published rows; per suppressed planned cell its [min, max].
std::vector<std::pair<std::int64_t, std::int64_t>> brute_force(const std::vector<Row>& rows, const std::vector<Row>& objectives,
                                                               std::int64_t total) {
  std::vector<std::pair<std::int64_t, std::int64_t>> range(objectives.size(), {std::numeric_limits<std::int64_t>::max(), -1});
  std::vector<std::int64_t> y(6, 0);
  auto visit = [&](auto&& self, int k, std::int64_t left) -> void {
    if (k == 5) {
      y[5] = left;
      for (const Row& r : rows) {
        if (!r.value) continue;
        std::int64_t v = 0;
        for (int c : r.inner) v += y[static_cast<std::size_t>(c)];
        if (v != *r.value) return;
      }
      for (std::size_t o = 0; o < objectives.size(); ++o) {
        std::int64_t v = 0;
        for (int c : objectives[o].inner) v += y[static_cast<std::size_t>(c)];
        range[o] = {std::min(range[o].first, v), std::max(range[o].second, v)};
      }
      return;
    }
    for (std::int64_t v = 0; v <= left; ++v) {
      y[static_cast<std::size_t>(k)] = v;
      self(self, k + 1, left - v);
    }
  };
  visit(visit, 0, total);
  return range;
}

}  // namespace

TEST_CASE("publications: rule 5 from a registered publication equals a brute force over the attacker's tables") {
  std::mt19937 rng(2105);
  int compared = 0, recovered_by_registry = 0;
  for (int round = 0; round < 60; ++round) {
    std::vector<std::int64_t> x(6);
    for (auto& v : x) v = static_cast<std::int64_t>(rng() % 5);
    Submission s = base_submission(x);
    Table& t = s.tables.front();
    std::vector<Row> rows, objectives;
    for (int a = 0; a < 4; ++a)
      for (int g = 0; g < 3; ++g) {
        const std::size_t f = static_cast<std::size_t>(a * 3 + g);
        std::vector<int> areas = a == 0 ? std::vector<int>{0, 1, 2} : std::vector<int>{a - 1};
        const bool hidden = f != 0 && rng() % 100 < 35;  // the grand total stays published
        if (hidden) t.status[f] = CellStatus::SuppressedByUser;
        rows.push_back({support(areas, g), hidden ? std::nullopt : std::optional<std::int64_t>(t.value[f])});
        if (hidden) objectives.push_back({support(areas, g), t.value[f]});
      }
    if (objectives.empty()) continue;
    const std::int64_t total = t.value[0];  // `t` dangles once the publication's tables join
    const Publication p = random_publication(rng, x, rows);
    publications::add_as_earlier_publications(s, {p}, "registry.sqlite");
    REQUIRE(s.registry_publications.size() == 1);
    const Report r = check(s);
    const auto truth = brute_force(rows, objectives, total);
    std::size_t k = 0;
    for (const auto& a : r.audit) {
      if (a.table != "t") continue;
      REQUIRE(k < truth.size());
      INFO("round " << round << " cell " << a.cell_label);
      const bool pinned = truth[k].first == truth[k].second;
      CHECK(a.recoverable == pinned);
      if (!a.interval_withheld) {
        CHECK(a.interval.lower == truth[k].first);
        CHECK(a.interval.upper == truth[k].second);
      }
      recovered_by_registry += a.needs_earlier_publication;
      ++k;
      ++compared;
    }
    CHECK(k == truth.size());
  }
  CHECK(compared > 60);
  CHECK(recovered_by_registry > 0);  // the draw reaches the case the registry exists for
}

TEST_CASE("publications: the registry file stores published values only and refuses a second copy") {
  const auto dir = std::filesystem::temp_directory_path() / ("hitoku_publications_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string db = (dir / "r.sqlite").string();
  publications::init_registry(db);
  CHECK_THROWS_AS(publications::init_registry(db), InputError);
  Submission s = base_submission({5, 6, 7, 8, 9, 10});
  s.tables.front().status[4] = CellStatus::SuppressedSecondary;  // a1 × 1 = 5
  Report report;
  report.policy_id = "test";
  Publication p = publications::publication_from_submission(s, report, std::string(64, 'a'));
  publications::add_publication(db, p);
  CHECK_THROWS_AS(publications::add_publication(db, p), InputError);
  const Publication back = publications::show_publication(db, "new");
  REQUIRE(back.tables.size() == 1);
  CHECK_FALSE(back.tables.front().published[4].has_value());
  CHECK(back.tables.front().published[0] == 45);
  CHECK(publications::content_digest(back) == p.meta.content_sha256);
  CHECK(publications::check_integrity(db).ok);
  CHECK(publications::publications_sharing(db, {"sex"}, {}).size() == 1);
  CHECK(publications::publications_sharing(db, {"stage"}, {}).empty());
  publications::Filter later;
  later.since = "2030-01-01";
  CHECK(publications::publications_sharing(db, {"area"}, later).empty());
  std::filesystem::remove_all(dir);
}

}  // namespace hitoku
