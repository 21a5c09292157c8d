#pragma once
// Reference geography (municipalities, medical areas, land borders) and the hospital list
// used by rule ③, with loaders for the CSV files in reference/ and testdata/hospitals/.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "hitoku/model/dimension.h"
#include "hitoku/model/submission.h"

namespace hitoku {

// One row of hyogo_municipalities.csv or japan_municipalities.csv.
struct ReferenceMunicipality {
  std::string code;          // 5-digit 全国地方公共団体コード without check digit
  std::string name;          // e.g. 洲本市
  std::string kind;          // 市 / 町 / 村 / 区
  std::string parent;        // e.g. 28100 for Kobe's wards; empty otherwise
  std::string medical_area;  // 二次保健医療圏 name (Hyogo file only; empty otherwise)
  std::string prefecture;    // first two digits of the code
};

// Each loader throws InputError naming file, line and column for a malformed file.
// Required columns: code,name (kind, parent, medical_area are read when present).
std::vector<ReferenceMunicipality> load_reference_municipalities(const std::string& path);
// Required columns: code_a,code_b (name columns are ignored). Pairs are returned as read.
std::vector<std::pair<std::string, std::string>> load_adjacency_csv(const std::string& path);
// Hospital list: hospital_code,name,municipality_code, then 0/1 flag columns (docs/rule3-merge.md).
std::vector<HospitalRecord> load_hospital_csv(const std::string& path);
// The version id of a reference directory (its VERSION file, first line).
std::string load_reference_version(const std::string& reference_dir);

// Where the shipped reference data lives: $HITOKU_REFERENCE_DIR, else share/hitoku/reference beside an
// installed binary, else the source tree's reference/ (data_paths.h).
std::string reference_directory();
// A shipped reference geography for a dimension: "hyogo" (Kobe as one unit 28100), "hyogo-wards"
// (Kobe's 9 wards), "japan" (all municipalities, designated cities as one unit). Fills adjacency,
// medical areas (Hyogo only) and reference_version. Throws InputError for an unknown id.
GeographyInfo load_reference_geography(const std::string& dimension_id, const std::string& reference_id,
                                       const std::string& reference_dir = reference_directory());

// "28" for "28205".
std::string prefecture_of(std::string_view municipality_code);

// The code index of `dim` under which a hospital of municipality `code` is counted: the code
// itself, else (for a ward of a designated city, e.g. 28101) the city's code (28100) when the
// dimension lists the city but not the ward. -1 when the dimension has neither.
int dimension_code_for_municipality(const Dimension& dim, std::string_view code);

// Number of hospitals with `attribute` (empty = every hospital) counted under each code of
// `dim` (index = code index; a code counts the hospitals of all codes below it).
std::vector<int> hospitals_per_code(const Dimension& dim, const std::vector<HospitalRecord>& hospitals,
                                    const std::string& attribute);

}  // namespace hitoku
