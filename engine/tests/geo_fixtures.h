#pragma once
// Shared builders for the geography tests: Hyogo dimensions from reference/ and small tables.
#include <string>
#include <vector>

#include "hitoku/geography/geography.h"
#include "hitoku/model/submission.h"

namespace geo_test {

inline std::string ref(const std::string& name) { return std::string(HITOKU_REFERENCE) + "/" + name; }
inline std::string hospitals_csv() { return std::string(HITOKU_TESTDATA) + "/hospitals/hyogo_hospitals_synthetic.csv"; }

// Hyogo (28000) -> municipalities; with_wards: Kobe (28100) -> its 9 wards.
inline hitoku::Dimension hyogo_dimension(bool with_wards, const std::string& id = "area") {
  hitoku::Dimension d(id, "市町");
  d.add_code("28000", "兵庫県", "");
  for (const auto& m : hitoku::load_reference_municipalities(ref("hyogo_municipalities.csv"))) {
    if (m.kind == "区" && !with_wards) continue;
    d.add_code(m.code, m.name, m.parent.empty() ? "28000" : m.parent);
  }
  d.finalize();
  return d;
}

inline hitoku::GeographyInfo hyogo_geography(bool with_wards, const std::string& id = "area") {
  hitoku::GeographyInfo g;
  g.dimension = id;
  g.reference = with_wards ? "hyogo-wards" : "hyogo";
  g.adjacency = hitoku::load_adjacency_csv(ref(with_wards ? "hyogo_adjacency_wards.csv" : "hyogo_adjacency.csv"));
  for (const auto& m : hitoku::load_reference_municipalities(ref("hyogo_municipalities.csv")))
    g.medical_area[m.code] = m.medical_area;
  return g;
}

// A one-dimensional table over the given codes of dimension `dim` (index into submission).
inline hitoku::Table area_table(const hitoku::Submission& s, const std::string& id, int dim,
                                const std::vector<std::string>& codes, const std::vector<std::int64_t>& values) {
  hitoku::Table t;
  t.id = id;
  t.title = id;
  t.dims = {dim};
  t.codes.resize(1);
  for (const auto& c : codes) t.codes[0].push_back(s.dimensions[dim].find(c));
  t.value = values;
  t.status.assign(values.size(), hitoku::CellStatus::Published);
  return t;
}

// Submission with one Hyogo area dimension and the synthetic hospital list.
inline hitoku::Submission hyogo_submission(bool with_wards) {
  hitoku::Submission s;
  s.dimensions.push_back(hyogo_dimension(with_wards));
  s.geographies.push_back(hyogo_geography(with_wards));
  s.hospitals = hitoku::load_hospital_csv(hospitals_csv());
  return s;
}

}  // namespace geo_test
