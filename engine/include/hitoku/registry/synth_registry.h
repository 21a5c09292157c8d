#pragma once
// A synthetic registry extract in the 74-field layout, shaped like Hyogo's registry: residence
// by municipality in proportion to (approximate) population, plausible age, sex and site
// patterns, hospitals from a hospital list, some patients with several cancers, unknown values
// at realistic rates. Deterministic for a seed on every platform (sampling by hand from
// std::mt19937_64, whose output the standard fixes). NOT real data.
#include <cstdint>
#include <ostream>
#include <string>

namespace hitoku {

struct SynthOptions {
  std::uint64_t seed = 1;
  int first_year = 2016;
  int years = 3;
  long long tumours_per_year = 45000;  // Hyogo registers about 45,000 tumours a year
  long long records = 0;               // exact number of records; 0 = tumours_per_year * years
  std::string hospitals;               // hospital list CSV (testdata/hospitals/...)
  std::string reference;               // municipality reference CSV (reference/hyogo_municipalities.csv)
  bool cp932 = false;                  // write CP932 instead of UTF-8
};

struct SynthSummary {
  long long records = 0, patients = 0;
};

// Writes header and records to `out`. Throws InputError when a reference file is unreadable.
SynthSummary write_synthetic_extract(const SynthOptions& options, std::ostream& out);

}  // namespace hitoku
