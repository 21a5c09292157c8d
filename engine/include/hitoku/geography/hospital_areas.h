#pragma once
// Rule ③: no published area may expose a single hospital (病院等).
// A published, non-zero cell of a table with a hospital dimension fails when its area holds
// 1..min_hospitals-1 hospitals with the table's hospital attribute (reference list), or, for a
// table built from registry records, when 1..min_hospitals-1 distinct hospitals contribute to it.
#include <cstddef>
#include <string>
#include <vector>

#include "hitoku/report/report.h"
#include "hitoku/model/submission.h"

namespace hitoku {

struct HospitalAreaCell {
  int table = -1;         // index into Submission::tables
  std::size_t flat = 0;   // cell
  int dimension = -1;     // index into Submission::dimensions (the hospital dimension)
  int area = -1;          // code index of the cell's area in that dimension
  int area_hospitals = 0; // hospitals with the attribute in the area (reference list)
  int cell_hospitals = -1;  // distinct contributing hospitals (Table::hospitals), -1 if unknown
  bool violation = false;   // rule ③ error
  bool list_incomplete = false;  // non-zero count but the list has no hospital there (warning)
};

// Every published non-zero cell of every planned table that declares a hospital dimension that
// is a violation or a warning. Throws InputError when a table names an unknown hospital dimension
// or an attribute that is no column of the hospital list.
std::vector<HospitalAreaCell> find_hospital_area_problems(const Submission& submission);

// The attribute's words for a reviewer: "病院等" / "any hospital" when empty.
std::string hospital_attribute_ja(const std::string& attribute);
std::string hospital_attribute_en(const std::string& attribute);

RuleOutput check_hospital_areas(const Submission& submission);

}  // namespace hitoku
