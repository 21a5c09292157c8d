// Plan tables kept to a subset of the records by a filter other tables do not have: each distinct
// filter is a binary dimension of the inner cells (該当 / 非該当), the filtered tables are fixed
// "in" on it, and the audit sees every relation between filtered and unfiltered tables.
#include <doctest/doctest.h>

#include <algorithm>
#include <set>

#include "hitoku/audit/audit.h"
#include "hitoku/ingest/load_submission.h"
#include "hitoku/registry/table_plan.h"
#include "hitoku/ingest/table_writer.h"
#include "registry_test_util.h"

using namespace hitoku;
using hitoku::test::ScratchDir;

namespace {

const std::string kHeader = "提供情報患者番号,集約性別,集約診断日,集約診断病院コード,DCO 区分,集約外科的治療の有無\n";

struct Records {
  std::string text = kHeader;
  int patient = 0;
  // n records of one year and sex; dco: 1 = DCO, 2 = not; surgery: 1 yes, 2 no.
  Records& add(int n, const std::string& year, int sex, int dco, int surgery = 2) {
    for (int i = 0; i < n; ++i)
      text += std::to_string(++patient) + "," + std::to_string(sex) + "," + year + "0601,A0001," + std::to_string(dco) +
              "," + std::to_string(surgery) + "\n";
    return *this;
  }
};

std::string plan_text(const std::string& extract, const std::string& tables) {
  return "plan_version: 1\n"
         "submission: {title: テスト}\n"
         "policy: hyogo-2018\n"
         "extract: {path: " + extract + "}\n"
         "dimensions:\n"
         "  - {id: year, label: 診断年, field: 集約診断日, recode: {base: year, from: 2017, to: 2018}}\n"
         "  - {id: sex, label: 性別, field: 集約性別, recode: sex}\n"
         "tables:\n" + tables;
}

const std::string kAllAndNonDco =
    "  - {id: all, title: 全体, dimensions: [year, sex]}\n"
    "  - {id: nondco, title: DCOを除く, dimensions: [year, sex], filters: [{field: DCO 区分, in: [2]}]}\n";

Submission build(const ScratchDir& dir, const Records& r, const std::string& tables, SubmissionLayout* layout = nullptr) {
  auto e = dir.file("extract.csv", r.text);
  return build_submission_from_plan(dir.file("plan.yaml", plan_text(e, tables)), nullptr, layout);
}

const Table& table(const Submission& s, const std::string& id) {
  for (const auto& t : s.tables)
    if (t.id == id) return t;
  FAIL("no table " << id);
  throw;
}
int table_index(const Submission& s, const std::string& id) {
  for (std::size_t i = 0; i < s.tables.size(); ++i)
    if (s.tables[i].id == id) return static_cast<int>(i);
  return -1;
}

// The flat index of a (year, sex) cell of a table whose last two dimensions are year and sex.
std::size_t cell(const Submission& s, const Table& t, const std::string& year, const std::string& sex) {
  std::vector<int> pos(t.dims.size(), 0);
  const std::size_t n = t.dims.size();
  const auto& y = t.codes[n - 2];
  const auto& x = t.codes[n - 1];
  pos[n - 2] = static_cast<int>(std::find(y.begin(), y.end(), s.dimensions[t.dims[n - 2]].find(year)) - y.begin());
  pos[n - 1] = static_cast<int>(std::find(x.begin(), x.end(), s.dimensions[t.dims[n - 1]].find(sex)) - x.begin());
  return t.flat_index(pos);
}

// Suppresses the four year × sex cells of 2017/2018 × 男/女 of a table (margins stay published).
void suppress_inner_block(Submission& s, const std::string& id) {
  Table& t = s.tables[static_cast<std::size_t>(table_index(s, id))];
  for (const char* y : {"2017", "2018"})
    for (const char* x : {"1", "2"}) t.status[cell(s, t, y, x)] = CellStatus::SuppressedByUser;
}

const CellAudit& audit_of(const Submission& s, const AuditResult& r, const std::string& id, const std::string& year,
                          const std::string& sex) {
  const int ti = table_index(s, id);
  const std::size_t flat = cell(s, s.tables[static_cast<std::size_t>(ti)], year, sex);
  for (const auto& c : r.cells)
    if (c.table == ti && c.flat == flat) return c;
  FAIL("cell not audited");
  throw;
}

}  // namespace

TEST_CASE("plan filters: a filter of one table becomes a binary dimension fixed to 該当") {
  ScratchDir dir;
  Records r;
  r.add(3, "2017", 1, 2).add(2, "2017", 2, 2).add(4, "2018", 1, 2).add(1, "2018", 1, 1).add(3, "2018", 2, 2).add(1, "2018", 2, 1);
  SubmissionLayout layout;
  Submission s = build(dir, r, kAllAndNonDco, &layout);
  REQUIRE(s.dimensions.size() == 3);
  const Dimension& f = s.dimensions[2];
  CHECK(f.id() == "filter1");
  CHECK(f.label() == "絞り込み「DCO 区分 ∈ {2}」");
  CHECK(f.code_label(f.find("in")) == "該当");
  CHECK(f.code_label(f.find("out")) == "非該当");
  CHECK(f.code_label(f.root()) == "計");
  const Table& nondco = table(s, "nondco");
  REQUIRE(nondco.dims.size() == 3);
  CHECK(nondco.dims[0] == 2);
  CHECK(nondco.codes[0] == std::vector<int>{f.find("in")});
  CHECK(layout.of(nondco.id).fixed == std::vector<bool>{true, false, false});
  CHECK(table(s, "all").dims.size() == 2);  // sums over 該当 and 非該当
  CHECK(nondco.value[cell(s, nondco, "2018", "1")] == 4);
  CHECK(table(s, "all").value[cell(s, table(s, "all"), "2018", "1")] == 5);
  // The manifest declares the dimension and fixes the filtered table to 該当.
  const std::string manifest = render_manifest(s, layout);
  CHECK(manifest.find("filter1:") != std::string::npos);
  CHECK(manifest.find("fixed: {filter1: \"in\"}") != std::string::npos);
}

TEST_CASE("plan filters: a filter every table has needs no dimension") {
  ScratchDir dir;
  Records r;
  r.add(3, "2017", 1, 2).add(2, "2018", 2, 1);
  SubmissionLayout layout;
  Submission s = build(dir, r,
                       "  - {id: a, dimensions: [year], filters: [{field: DCO 区分, in: [2]}]}\n"
                       "  - {id: b, dimensions: [sex], filters: [{field: DCO区分, in: [\"02\"]}]}\n", &layout);  // same filter
  CHECK(s.dimensions.size() == 2);
  CHECK(layout.of(table(s, "a").id).fixed.empty());
}

TEST_CASE("plan filters: a filtered cell recoverable only with the unfiltered table") {
  // Records (non-DCO unless said):   2017: 男 3, 女 2;   2018: 男 4 + 1 DCO, 女 3 + 1 DCO.
  //   all    (every record):  2017: 男 3, 女 2, 計 5;  2018: 男 5, 女 4, 計 9
  //   nondco (DCO 区分 = 2):   2017: 男 3, 女 2, 計 5;  2018: 男 4, 女 3, 計 7;  総数: 男 7, 女 5
  // nondco's four year × sex cells are suppressed. Alone, its margins leave 2017 男 = a with
  // 女 = 5 - a, 2018 男 = 7 - a, 2018 女 = 5 - (5 - a) = a: a in [0, 5]. With all published, the DCO
  // part of 2017 is all(2017, 計) - nondco(2017, 計) = 5 - 5 = 0, so no 2017 cell has a DCO record
  // (counts are >= 0) and nondco(2017, 男) = all(2017, 男) = 3; then 2018 男 = 4 and 2018 女 = 3 follow.
  // No sum of published cells gives it (the DCO parts cancel only together with the non-DCO parts):
  // the proof needs nonnegativity, so there is no certificate; see the next test for one.
  ScratchDir dir;
  Records r;
  r.add(3, "2017", 1, 2).add(2, "2017", 2, 2).add(4, "2018", 1, 2).add(1, "2018", 1, 1).add(3, "2018", 2, 2).add(1, "2018", 2, 1);
  SubmissionLayout layout;
  Submission s = build(dir, r, kAllAndNonDco, &layout);
  suppress_inner_block(s, "nondco");

  {  // nondco alone is safe: the attacker interval of 2017 男 is [0, 5]
    Submission alone = s;
    alone.tables.erase(alone.tables.begin() + table_index(alone, "all"));
    const AuditResult a = audit_cells(alone, false);
    const CellAudit& c = audit_of(alone, a, "nondco", "2017", "1");
    CHECK_FALSE(c.recoverable);
    CHECK(c.lower == 0);
    CHECK(c.upper == 5);
  }
  const AuditResult a = audit_cells(s, false);
  CHECK(a.inconsistencies.empty());
  for (const char* y : {"2017", "2018"})
    for (const char* x : {"1", "2"}) CHECK(audit_of(s, a, "nondco", y, x).recoverable);
  const CellAudit& c = audit_of(s, a, "nondco", "2017", "1");
  CHECK(c.lower == 3);
  CHECK(c.upper == 3);
  CHECK(c.uses_nonnegativity);

  // The manifest `hitoku tables` writes reads back (no contradiction) and gives the same audit.
  const std::string manifest = dir.path("out/manifest.yaml");
  std::filesystem::create_directories(dir.path("out"));
  write_submission(s, layout, manifest);
  Submission back = load_submission(manifest);
  const AuditResult b = audit_cells(back, false);
  CHECK(b.inconsistencies.empty());
  REQUIRE(b.cells.size() == a.cells.size());
  for (std::size_t i = 0; i < a.cells.size(); ++i) {
    CHECK(b.cells[i].recoverable == a.cells[i].recoverable);
    CHECK(b.cells[i].lower == a.cells[i].lower);
    CHECK(b.cells[i].upper == a.cells[i].upper);
  }
}

TEST_CASE("plan filters: the DCO-only table is all minus non-DCO, with a certificate naming both") {
  // Same records as above. Tables: all and nondco (year × sex, nothing suppressed) and dco (DCO 区分 1,
  // by sex) with 男 and 女 suppressed. Alone dco only says 男 + 女 = 2. But DCO 区分 ∈ {1} keeps exactly
  // the records DCO 区分 ∈ {2} drops, so dco(男) = all(計, 男) - nondco(計, 男) = 8 - 7 = 1
  // (or the same by year, 5 - 4): a sum of published cells of both other tables.
  ScratchDir dir;
  Records r;
  r.add(3, "2017", 1, 2).add(2, "2017", 2, 2).add(4, "2018", 1, 2).add(1, "2018", 1, 1).add(3, "2018", 2, 2).add(1, "2018", 2, 1);
  Submission s = build(dir, r, kAllAndNonDco + "  - {id: dco, dimensions: [sex], filters: [{field: DCO 区分, in: [1]}]}\n");
  // One dimension for the field: 計 = 該当 DCO 区分 ∈ {2} + 該当 DCO 区分 ∈ {1} (no record has another value).
  REQUIRE(s.dimensions.size() == 3);
  const Dimension& f = s.dimensions[2];
  CHECK(f.label() == "絞り込み「DCO 区分」");
  CHECK(f.leaves().size() == 2);
  const Table& dco = table(s, "dco");
  const Table& nondco = table(s, "nondco");
  CHECK(dco.dims.front() == 2);
  CHECK(nondco.dims.front() == 2);
  CHECK(dco.codes.front() != nondco.codes.front());
  CHECK(f.is_leaf(dco.codes.front()[0]));
  CHECK(f.is_leaf(nondco.codes.front()[0]));
  Table& d = s.tables[static_cast<std::size_t>(table_index(s, "dco"))];
  REQUIRE(d.value[1] == 1);
  REQUIRE(d.value[2] == 1);
  d.status[1] = d.status[2] = CellStatus::SuppressedByUser;
  const AuditResult a = audit_cells(s, false);
  CHECK(a.inconsistencies.empty());
  REQUIRE(a.cells.size() == 2);
  const CellAudit& c = a.cells[0];
  CHECK(c.recoverable);
  CHECK(c.lower == 1);
  std::set<int> tables;
  for (const auto& t : c.certificate) tables.insert(table_index(s, t.table));
  CHECK(tables.count(table_index(s, "all")) == 1);
  CHECK(tables.count(table_index(s, "nondco")) == 1);
  // Without "all" nothing gives dco away.
  Submission without = s;
  without.tables.erase(without.tables.begin() + table_index(without, "all"));
  CHECK_FALSE(audit_cells(without, false).cells[0].recoverable);
}

TEST_CASE("plan filters: the subset leaves a safe pattern") {
  // As above, with 2 DCO records more for each sex in 2017:
  //   all 2017: 男 5, 女 4, 計 9;  2018: 男 5, 女 4;   nondco unchanged (2017 男 3, 女 2; 2018 男 4, 女 3).
  // With a = nondco(2017, 男): nondco gives 女 5 - a, 2018 男 7 - a, 2018 女 a, and all gives the
  // DCO parts 2017 男 5 - a, 2017 女 4 - (5 - a) = a - 1, 2018 男 5 - (7 - a) = a - 2,
  // 2018 女 4 - a. All >= 0: a in [2, 4] (true value 3), so nothing is recoverable.
  ScratchDir dir;
  Records r;
  r.add(3, "2017", 1, 2).add(2, "2017", 1, 1).add(2, "2017", 2, 2).add(2, "2017", 2, 1);
  r.add(4, "2018", 1, 2).add(1, "2018", 1, 1).add(3, "2018", 2, 2).add(1, "2018", 2, 1);
  Submission s = build(dir, r, kAllAndNonDco);
  suppress_inner_block(s, "nondco");
  const AuditResult a = audit_cells(s, false);
  CHECK(a.inconsistencies.empty());
  const CellAudit& c = audit_of(s, a, "nondco", "2017", "1");
  CHECK_FALSE(c.recoverable);
  CHECK(c.lower == 2);
  CHECK(c.upper == 4);
  for (const char* y : {"2017", "2018"})
    for (const char* x : {"1", "2"}) CHECK_FALSE(audit_of(s, a, "nondco", y, x).recoverable);
  const DifferencingOutput d = audit_differencing(s);
  CHECK(d.rule4.result.state == RuleState::Pass);
}

TEST_CASE("plan filters: two different filters, overlapping, are two dimensions without contradiction") {
  // surgery: DCO 区分 2 and surgery 1 overlap (records 2017 男 non-DCO with surgery).
  ScratchDir dir;
  Records r;
  r.add(3, "2017", 1, 2, 1).add(2, "2017", 1, 2, 2).add(1, "2017", 1, 1, 2).add(4, "2017", 2, 2, 1);
  r.add(2, "2018", 1, 2, 1).add(1, "2018", 2, 1, 2).add(5, "2018", 2, 2, 2);
  SubmissionLayout layout;
  Submission s = build(dir, r,
                       kAllAndNonDco +
                           "  - {id: surgery, dimensions: [sex], filters: [{field: 集約外科的治療の有無, in: [1]}]}\n"
                           "  - {id: both, dimensions: [sex], filters: [{field: 集約外科的治療の有無, in: [1]},"
                           " {field: DCO 区分, in: [2]}]}\n", &layout);
  REQUIRE(s.dimensions.size() == 4);
  const int dco = 2, surgery = 3;
  CHECK(table(s, "nondco").dims == std::vector<int>{dco, 0, 1});
  CHECK(table(s, "surgery").dims == std::vector<int>{surgery, 1});
  std::vector<int> both = table(s, "both").dims;
  CHECK(std::set<int>(both.begin(), both.begin() + 2) == std::set<int>{dco, surgery});
  CHECK(layout.of(table(s, "both").id).fixed == std::vector<bool>{true, true, false});
  // both(男) = 3 + 2 = 5 (surgery and non-DCO), surgery(男) = 5, nondco 男 = 3 + 2 + 2 = 7
  const Table& b = table(s, "both");
  CHECK(b.value[1] == 5);
  CHECK(b.value[2] == 4);
  Table& bt = s.tables[static_cast<std::size_t>(table_index(s, "both"))];
  bt.status[1] = bt.status[2] = CellStatus::SuppressedByUser;
  const AuditResult a = audit_cells(s, false);
  CHECK(a.inconsistencies.empty());
  // Written and read back: the linked-table check finds no contradiction.
  std::filesystem::create_directories(dir.path("out"));
  write_submission(s, layout, dir.path("out/manifest.yaml"));
  CHECK_NOTHROW(load_submission(dir.path("out/manifest.yaml")));
}

TEST_CASE("plan filters: a filter on a dimension the tables use is refused, with what to write instead") {
  ScratchDir dir;
  Records r;
  r.add(3, "2017", 1, 2);
  auto e = dir.file("extract.csv", r.text);
  // 集約性別 is the field of the sex dimension: the filter is a function of it.
  auto p = dir.file("plan.yaml", plan_text(e,
                                           "  - {id: all, dimensions: [year, sex]}\n"
                                           "  - {id: men, dimensions: [year], filters: [{field: 集約性別, in: [1]}]}\n"));
  try {
    build_submission_from_plan(p);
    FAIL("accepted");
  } catch (const InputError& err) {
    CHECK(err.where().file == p);
    CHECK(err.where().line == 10);  // the filter of table men
    CHECK(std::string(err.message_ja()).find("{dimension: sex") != std::string::npos);
  }
  // The same as a dimension filter on one code is a fixed dimension.
  auto q = dir.file("plan2.yaml", plan_text(e,
                                            "  - {id: all, dimensions: [year, sex]}\n"
                                            "  - {id: men, dimensions: [year], filters: [{dimension: sex, in: [\"1\"]}]}\n"));
  SubmissionLayout layout;
  Submission s = build_submission_from_plan(q, nullptr, &layout);
  CHECK(s.dimensions.size() == 2);
  CHECK(layout.of(table(s, "men").id).fixed == std::vector<bool>{true, false});
  // Two filters on one field that overlap only in part (surgery 1 or 2, and 2 or 9) are refused.
  Records three;
  three.add(1, "2017", 1, 2, 1).add(1, "2017", 1, 2, 2).add(1, "2017", 1, 2, 9);
  auto e3 = dir.file("extract3.csv", three.text);
  auto z = dir.file("plan3.yaml", plan_text(e3,
                                            "  - {id: all, dimensions: [year, sex]}\n"
                                            "  - {id: a, dimensions: [year], filters: [{field: 集約外科的治療の有無, in: [1, 2]}]}\n"
                                            "  - {id: b, dimensions: [year], filters: [{field: 集約外科的治療の有無, in: [2, 9]}]}\n"));
  CHECK_THROWS_AS(build_submission_from_plan(z), InputError);
}

TEST_CASE("plan filters: nested filters on one field are a hierarchy of one dimension") {
  // 集約外科的治療の有無: 1 (yes) ×3, 2 (no) ×2, 9 (unknown) ×1, all 2017 男.
  // ops12 keeps 1 and 2 (5 records), ops1 keeps 1 (3), both keeps what both keep (= ops1, 3).
  // Dimension: 計 = in1 (∈ {1, 2}) + out (9: neither);  in1 = in2 (∈ {1}) + in1_rest (2).
  ScratchDir dir;
  Records r;
  r.add(3, "2017", 1, 2, 1).add(2, "2017", 1, 2, 2).add(1, "2017", 1, 2, 9);
  SubmissionLayout layout;
  Submission s = build(dir, r,
                       "  - {id: all, dimensions: [sex]}\n"
                       "  - {id: ops12, dimensions: [sex], filters: [{field: 集約外科的治療の有無, in: [1, 2]}]}\n"
                       "  - {id: ops1, dimensions: [sex], filters: [{field: 集約外科的治療の有無, in: [1]}]}\n"
                       "  - {id: both, dimensions: [sex], filters: [{field: 集約外科的治療の有無, in: [2, 1]},"
                       " {field: 集約外科的治療の有無, in: [1]}]}\n", &layout);
  REQUIRE(s.dimensions.size() == 2);  // sex and the filter (year is used by no table)
  const Dimension& f = s.dimensions[1];
  const int in1 = f.find("in1"), in2 = f.find("in2");
  REQUIRE(in1 >= 0);
  REQUIRE(in2 >= 0);
  CHECK(f.parent(in2) == in1);
  CHECK(f.parent(f.find("in1_rest")) == in1);
  CHECK(f.parent(f.find("out")) == f.root());
  CHECK(f.leaves().size() == 3);
  CHECK(table(s, "ops12").codes.front() == std::vector<int>{in1});
  CHECK(table(s, "ops1").codes.front() == std::vector<int>{in2});
  CHECK(table(s, "both").codes.front() == std::vector<int>{in2});  // the smaller of the two
  CHECK(table(s, "both").dims.size() == 2);
  CHECK(table(s, "ops12").value[0] == 5);
  CHECK(table(s, "ops1").value[0] == 3);
  CHECK(table(s, "both").value[0] == 3);
  CHECK(table(s, "all").value[0] == 6);
  std::filesystem::create_directories(dir.path("out"));
  write_submission(s, layout, dir.path("out/manifest.yaml"));
  CHECK_NOTHROW(load_submission(dir.path("out/manifest.yaml")));
}
