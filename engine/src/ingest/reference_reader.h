#pragma once
// The optional rule ③ inputs of a manifest: land-border adjacency of a geography dimension and the
// hospital list.
#include <string>
#include <vector>

#include "hitoku/ingest/csv.h"
#include "hitoku/model/submission.h"

namespace hitoku::ingest {

// CSV with columns code_a, code_b (others ignored). Pairs whose codes are not both codes of
// `dim` are left out (a Japan-wide file may be used); at least one pair must remain.
std::vector<std::pair<std::string, std::string>> read_adjacency(const CsvFile& csv, const Dimension& dim);

// CSV hospital_code, name, municipality_code, then 0/1 flag columns named by attribute.
std::vector<HospitalRecord> read_hospitals(const CsvFile& csv);

}  // namespace hitoku::ingest
