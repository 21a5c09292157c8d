#pragma once
// Synthetic hierarchical linked table sets for benchmarking the differencing audit.
// Geography from the project's reference lists (国土数値情報（行政区域データ）（国土交通省）を加工して作成);
// cancer sites, age groups and counts are synthetic.
#include <cstdint>
#include <string>

#include "hitoku/model/submission.h"

namespace hitoku::bench {

struct SyntheticSpec {
  std::string geography = "hyogo";  // "hyogo": 41 municipalities in 8 medical areas;
                                    // "japan": 1,741 municipalities in 47 prefectures;
                                    // "hanshin": the 8 municipalities of Hyogo's 阪神 medical area;
                                    // "osaka-hyogo": 84 municipalities in 2 prefectures
  int sites = 30, ages = 18;
  double cases = 45000;             // expected total count
  std::uint32_t seed = 1;
  // Tables: "linked" = area×site×sex, area×age×sex, site×age×sex;
  //         "nested" = area×site×age×sex, area×site×sex, upper-area×site×age×sex;
  //         "acyclic" = area×site×sex, site×age×sex, area×sex (decomposable: table-cell space).
  std::string layout = "linked";
  bool secondary = true;            // add a simple secondary pattern per table
  std::string reference_dir;        // folder holding *_municipalities.csv
};

Submission make_synthetic(const SyntheticSpec& spec);

// True when the name is one of the geographies above.
bool known_geography(const std::string& name);
// The expected total count of a geography, roughly in proportion to its population (Japan
// 1,000,000; Hyogo 45,000; 阪神 14,000; Osaka and Hyogo 115,000).
double default_cases(const std::string& geography);

}  // namespace hitoku::bench
