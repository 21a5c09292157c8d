// Tables built from a synthetic extract equal brute-force counts computed independently here:
// the extract is read with the whole-file CSV reader and every cell is counted by scanning all
// records with membership rules written out in this file.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "hitoku/ingest/csv.h"
#include "hitoku/geography/geography.h"
#include "hitoku/ingest/load_submission.h"
#include "hitoku/registry/synth_registry.h"
#include "hitoku/registry/table_plan.h"
#include "hitoku/ingest/table_writer.h"
#include "registry_test_util.h"

using namespace hitoku;
using hitoku::test::ScratchDir;

namespace {

struct Rec {
  std::string patient, sex, muni, icd, hospital;
  int age = 0, year = 0, stats = 0;
};

std::string synth_extract(const ScratchDir& dir, long long records) {
  SynthOptions o;
  o.seed = 99;
  o.records = records;
  o.first_year = 2016;
  o.years = 3;
  o.hospitals = HITOKU_TESTDATA "/hospitals/hyogo_hospitals_synthetic.csv";
  o.reference = HITOKU_REFERENCE "/hyogo_municipalities.csv";
  std::ostringstream out;
  write_synthetic_extract(o, out);
  return dir.file("extract.csv", out.str());
}

const char* kPlan = R"(plan_version: 1
policy: hyogo-2018
extract: extract.csv
allowed_folders: [)" HITOKU_REFERENCE R"(]
reference: )" HITOKU_REFERENCE R"(/hyogo_municipalities.csv
filters:
  - {field: 統計対象区分, in: [1]}
dimensions:
  - {id: area, field: 集約診断時患者住所市区町村コード, recode: municipality}
  - {id: sex, field: 集約性別, recode: sex}
  - {id: age, field: 診断時年齢, recode: age10}
  - {id: site, field: ICD-10 コード, recode: icd10_sites}
  - {id: year, field: 集約診断日, recode: {base: year, from: 2016, to: 2018}}
tables:
  - {id: area_sex_year, dimensions: [area, sex, year]}
  - {id: age_site, dimensions: [age, site], unit: patients, filters: [{dimension: year, in: ["2017"]}]}
)";

}  // namespace

TEST_CASE("registry build: tables equal brute-force counts over a synthetic extract") {
  ScratchDir dir;
  const std::string extract = synth_extract(dir, 4000);
  Submission sub = build_submission_from_plan(dir.file("plan.yaml", kPlan));

  // Independent reading of the records.
  CsvFile csv = read_csv_file(extract);
  const auto& h = csv.rows.front().fields;
  auto col = [&](const char* name) { return static_cast<std::size_t>(std::find(h.begin(), h.end(), name) - h.begin()); };
  const auto c_pat = col("提供情報患者番号"), c_sex = col("集約性別"), c_age = col("診断時年齢"),
             c_muni = col("集約診断時患者住所市区町村コード"), c_icd = col("ICD-10 コード"), c_date = col("集約診断日"),
             c_hosp = col("集約診断病院コード"), c_stats = col("統計対象区分");
  std::vector<Rec> recs;
  for (std::size_t i = 1; i < csv.rows.size(); ++i) {
    const auto& f = csv.rows[i].fields;
    Rec r{f[c_pat], f[c_sex], f[c_muni], f[c_icd], f[c_hosp], std::stoi(f[c_age]), std::stoi(f[c_date].substr(0, 4)),
          std::stoi(f[c_stats])};
    if (r.stats == 1) recs.push_back(r);
  }
  REQUIRE(recs.size() > 3500);

  // Municipality -> medical area name (Kobe's wards -> Kobe) from the reference.
  std::map<std::string, std::string> city, area_name;
  for (const auto& m : load_reference_municipalities(HITOKU_REFERENCE "/hyogo_municipalities.csv")) {
    city[m.code] = m.parent.empty() ? m.code : m.parent;
    area_name[m.code] = m.medical_area;
  }

  // 表 area × sex × year: membership per code written out.
  const Table& t = sub.tables[0];
  const Dimension& area = sub.dimensions[t.dims[0]];
  auto in_area = [&](const Rec& r, int code) {
    const std::string& c = area.code(code);
    if (c == "28000") return true;
    if (r.muni.empty()) return c == "unknown";
    if (area.code_label(code).ends_with("医療圏")) return area.code_label(code) == area_name[r.muni] + "医療圏";
    return c == city[r.muni];
  };
  auto in_sex = [](const Rec& r, const std::string& c) {
    return c == "total" || c == r.sex || (c == "unknown" && r.sex == "0");
  };
  auto in_year = [](const Rec& r, const std::string& c) { return c == "total" || c == std::to_string(r.year); };
  bool all_equal = true;
  for (std::size_t flat = 0; flat < t.cell_count(); ++flat) {
    auto codes = t.cell_codes(flat);
    std::int64_t n = 0;
    std::set<std::string> patients, hospitals;
    for (const auto& r : recs) {
      if (!in_area(r, codes[0]) || !in_sex(r, sub.dimensions[t.dims[1]].code(codes[1])) ||
          !in_year(r, sub.dimensions[t.dims[2]].code(codes[2])))
        continue;
      ++n;
      patients.insert(r.patient);
      if (!r.hospital.empty()) hospitals.insert(r.hospital);
    }
    bool eq = t.value[flat] == n && (*t.contributors)[flat] == static_cast<std::int64_t>(patients.size()) &&
              (*t.hospitals)[flat] == static_cast<std::int64_t>(hospitals.size());
    if (!eq) MESSAGE("cell " << sub.cell_label(t, flat) << ": built " << t.value[flat] << " brute " << n);
    all_equal = all_equal && eq;
  }
  CHECK(all_equal);

  // 表 age10 × site in 2017, distinct patients; sites checked: 胃 C16, 肺 C33-C34, 乳房 C50, all sites.
  // The year filter makes year a fixed dimension (first, one code); age and site follow.
  const Table& s = sub.tables[1];
  REQUIRE(s.dims.size() == 3);
  CHECK(sub.dimensions[s.dims[0]].code(s.codes[0][0]) == "2017");
  const Dimension& age = sub.dimensions[s.dims[1]];
  const Dimension& site = sub.dimensions[s.dims[2]];
  auto in_age = [&](const Rec& r, const std::string& c) {
    if (c == "total") return true;
    if (r.age == 999) return c == "unknown";
    if (c == "80+") return r.age >= 80;
    return c != "unknown" && r.age >= std::stoi(c.substr(0, 2)) && r.age <= std::stoi(c.substr(3, 2));
  };
  std::map<std::string, std::vector<std::string>> prefixes = {
      {"stomach", {"C16"}}, {"lung", {"C33", "C34"}}, {"breast", {"C50"}}, {"total", {"C"}}};
  int checked = 0;
  for (std::size_t flat = 0; flat < s.cell_count(); ++flat) {
    auto codes = s.cell_codes(flat);
    auto it = prefixes.find(site.code(codes[2]));
    if (it == prefixes.end()) continue;
    std::set<std::string> patients;
    for (const auto& r : recs) {
      if (r.year != 2017 || !in_age(r, age.code(codes[1]))) continue;
      bool site_ok = false;
      for (const auto& p : it->second) site_ok = site_ok || r.icd.starts_with(p);
      if (site_ok) patients.insert(r.patient);
    }
    CHECK_MESSAGE(s.value[flat] == static_cast<std::int64_t>(patients.size()), sub.cell_label(s, flat));
    ++checked;
  }
  CHECK(checked == static_cast<int>(s.codes[1].size()) * 4);
}

TEST_CASE("registry tables: the written manifest reads back with the same values") {
  ScratchDir dir;
  synth_extract(dir, 1500);
  std::string plan = kPlan;
  plan.replace(plan.find("unit: patients"), 14, "unit: tumours");
  SubmissionLayout layout;
  Submission built = build_submission_from_plan(dir.file("plan.yaml", plan), nullptr, &layout);
  for (auto& t : built.tables) layout.of(t.id).file = t.id + ".csv";
  std::filesystem::create_directories(dir.path("out"));
  write_submission(built, layout, dir.path("out/manifest.yaml"));
  Submission read = load_submission(dir.path("out/manifest.yaml"));
  REQUIRE(read.tables.size() == built.tables.size());
  for (std::size_t i = 0; i < built.tables.size(); ++i) {
    const Table& a = built.tables[i];
    const Table& b = read.tables[i];
    REQUIRE(a.cell_count() == b.cell_count());
    bool same = true;
    for (std::size_t flat = 0; flat < a.cell_count(); ++flat)
      same = same && built.cell_key(a, flat) == read.cell_key(b, flat) && a.value[flat] == b.value[flat];
    CHECK(same);
  }
}
