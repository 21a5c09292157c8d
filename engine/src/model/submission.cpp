#include "hitoku/model/submission.h"

#include <set>

namespace hitoku {

int Submission::find_dimension(const std::string& id) const {
  for (std::size_t i = 0; i < dimensions.size(); ++i)
    if (dimensions[i].id() == id) return static_cast<int>(i);
  return -1;
}

int Submission::find_table(const std::string& id) const {
  for (std::size_t i = 0; i < tables.size(); ++i)
    if (tables[i].id == id) return static_cast<int>(i);
  return -1;
}

}  // namespace hitoku

namespace hitoku {

std::map<std::string, std::string> Submission::cell_key(const Table& table, std::size_t flat) const {
  std::map<std::string, std::string> key;
  auto codes = table.cell_codes(flat);
  for (std::size_t d = 0; d < codes.size(); ++d) {
    const Dimension& dim = dimensions[table.dims[d]];
    key[dim.id()] = dim.code(codes[d]);
  }
  return key;
}

std::string Submission::cell_label(const Table& table, std::size_t flat) const {
  return cell_label(table, table.cell_codes(flat));
}

std::string Submission::cell_label(const Table& table, const std::vector<int>& codes) const {
  return cell_label(table, codes, table.dims);
}

std::string Submission::cell_label(const Table& table, const std::vector<int>& codes, const std::vector<int>& dims) const {
  std::string label = (table.title.empty() ? table.id : table.title) + ": ";
  for (std::size_t d = 0; d < codes.size(); ++d) {
    if (d) label += " × ";
    const Dimension& dim = dimensions[static_cast<std::size_t>(dims[d])];
    // A grouping of a variable that others group too is named: 「年齢3区分 40-64歳」, not 「40-64歳」.
    bool grouping = false;
    for (const auto& other : dimensions)
      grouping = grouping || (&other != &dim && !dim.variable().empty() && other.variable() == dim.variable());
    if (grouping) label += dim.label() + " ";
    label += dim.code_label(codes[d]);
  }
  return label;
}

void infer_hospital_dimensions(Submission& s) {
  std::set<std::string> hospital_dims;
  for (const Table& t : s.tables)
    if (!t.earlier_publication && !t.hospital_dimension.empty() && !t.hospital_dimension_inferred)
      hospital_dims.insert(t.hospital_dimension);
  for (Table& t : s.tables) {
    if (t.earlier_publication || (!t.hospital_dimension.empty() && !t.hospital_dimension_inferred)) continue;
    t.hospital_dimension.clear();
    t.hospital_dimension_inferred = false;
    for (int d : t.dims)
      if (hospital_dims.count(s.dimensions[static_cast<std::size_t>(d)].id())) {
        t.hospital_dimension = s.dimensions[static_cast<std::size_t>(d)].id();
        t.hospital_dimension_inferred = true;
        break;
      }
  }
}

}  // namespace hitoku
