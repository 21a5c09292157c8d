// hitoku protect with derived values (issue 19): rates go with their suppressed counts, the written
// tables show the marker in the rate column, and what is left reveals no suppressed count (checked by
// a brute force over the integer counts consistent with the written tables, not by the audit).
#include <doctest/doctest.h>

#include <functional>
#include <set>

#include "hitoku/rules/check.h"
#include "hitoku/ingest/table_writer.h"
#include "hitoku/workflow/protect.h"
#include "ingest_scratch.h"
#include "manifest_fixtures.h"

using namespace hitoku;
using hitoku::testing::Scratch;

namespace {

const std::string kManifest = testing::manifest_head({testing::kTowns}) + R"(  - id: t1
    title: 表1
    file: t1.csv
    layout: long
    dimensions: {area: 市町}
    count: 罹患数
    derived:
      - {column: 粗罹患率, kind: rate, per: 100000, decimals: 1, population: {file: pop.csv, column: 人口}}
      - {column: 割合, kind: percent, base: {area: "0"}, decimals: 1}
    not_modelled: {生存率: 5年相対生存率}
)";

}  // namespace

TEST_CASE("protect withholds the rates and shares of suppressed counts, and the written tables read back safe") {
  Scratch in, out;
  // a1 = 1 is small (rule ②); its rate 0.4 per 100,000 of 250,000 would give it back.
  in.write("t1.csv", "市町,罹患数,粗罹患率,割合,生存率\n0,30,3.0,100.0,60\na1,1,0.4,3.3,0\na2,12,4.8,40.0,58\na3,17,3.4,56.7,70\n");
  in.write("pop.csv", "市町,人口\n0,1000000\na1,250000\na2,250000\na3,500000\n");
  SubmissionLayout layout;
  const Submission input = testing::load(in.write("m.yaml", kManifest), &layout);
  const workflow::GatedProtection run = workflow::protect_and_gate(input, {});
  REQUIRE(run.result.ok);
  // The not-modelled survival column keeps rule ④ failing until the reviewer has checked it by hand
  // (an exception with its basis then lets it pass): protect hands nothing back on its own.
  REQUIRE(run.gate.has_value());
  CHECK(run.gate->rule == "4");
  write_submission(run.result.submission, layout, out.path("m.yaml"));
  const Submission back = testing::load(out.path("m.yaml"));
  const Table& t = back.tables[0];
  REQUIRE(t.derived.size() == 2);
  // Every suppressed count has the marker in both derived columns and in the not-modelled one.
  std::vector<std::size_t> hidden;
  for (std::size_t f = 0; f < t.cell_count(); ++f) {
    if (!is_suppressed(t.status[f])) continue;
    hidden.push_back(f);
    CHECK(t.derived[0].values[f].state == DerivedValue::State::Marked);
    CHECK(t.derived[1].values[f].state == DerivedValue::State::Marked);
    CHECK(t.unaudited[0].cells[f].text == t.derived[0].values[f].text);
  }
  REQUIRE(hidden.size() >= 2);
  CHECK(std::find(hidden.begin(), hidden.end(), 1u) != hidden.end());  // a1
  // The written file, as printed: the rate column of a1 holds the marker.
  const std::string text = out.read("t1.csv");
  CHECK(text.find("a1,*,*,*,*") != std::string::npos);
  // Brute force over the hidden leaves (the total stays published): every split of what the
  // published leaves leave over, kept only if each rate still printed beside it rounds to its text.
  REQUIRE_FALSE(is_suppressed(t.status[0]));
  std::int64_t rest = t.value[0];
  for (std::size_t f = 1; f < t.cell_count(); ++f)
    if (!is_suppressed(t.status[f])) rest -= t.value[f];
  std::map<std::size_t, std::set<std::int64_t>> seen;
  std::vector<std::int64_t> x(t.cell_count(), 0);
  std::function<void(std::size_t, std::int64_t)> walk = [&](std::size_t k, std::int64_t left) {
    if (k + 1 == hidden.size()) {
      x[hidden[k]] = left;
      for (std::size_t f : hidden) {
        const DerivedValue& r = t.derived[0].values[f];  // half-up to 1 decimal per 100,000
        if (r.published() && (20 * x[f] * 100000 + t.derived[0].population[f]) / (2 * t.derived[0].population[f]) != r.scaled)
          return;
      }
      for (std::size_t f : hidden) seen[f].insert(x[f]);
      return;
    }
    for (std::int64_t a = 0; a <= left; ++a) {
      x[hidden[k]] = a;
      walk(k + 1, left - a);
    }
  };
  walk(0, rest);
  for (std::size_t f : hidden) CHECK(seen[f].size() >= 2);
  // The protected tables' report lists the withheld values.
  bool listed = false;
  for (const auto& f : run.report.findings) listed = listed || f.reason_en.find("withheld with their suppressed counts") != std::string::npos;
  CHECK(listed);
}

TEST_CASE("protect with rates and shares only: the pattern passes the gate and the report names the withheld values") {
  Scratch in;
  in.write("t1.csv", "市町,罹患数,粗罹患率,割合\n0,30,3.0,100.0\na1,1,0.4,3.3\na2,12,4.8,40.0\na3,17,3.4,56.7\n");
  in.write("pop.csv", "市町,人口\n0,1000000\na1,250000\na2,250000\na3,500000\n");
  std::string manifest = kManifest;
  manifest.erase(manifest.find("    not_modelled"));
  const Submission input = testing::load(in.write("m.yaml", manifest));
  const Report before = check(input);
  CHECK_FALSE(before.passed);  // a1 = 1 published (rule ②)
  const workflow::GatedProtection run = workflow::protect_and_gate(input, {});
  REQUIRE(run.ok());
  CHECK(run.report.passed);
  long long withheld = 0;
  for (const auto& c : run.result.submission.tables[0].derived)
    for (const auto& v : c.values) withheld += v.state == DerivedValue::State::Withheld;
  CHECK(withheld >= 4);  // two suppressed leaves at least, each with a rate and a share
}
