#include "table_references.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "hitoku/csv.h"
#include "hitoku/sha256.h"

namespace hitoku::registry {
namespace {

int column(const CsvFile& f, const std::string& name) {
  if (f.rows.empty()) return -1;
  const auto& h = f.rows.front().fields;
  auto it = std::find(h.begin(), h.end(), name);
  return it == h.end() ? -1 : static_cast<int>(it - h.begin());
}

std::string field(const CsvRow& r, int c) {
  return c >= 0 && c < static_cast<int>(r.fields.size()) ? r.fields[static_cast<std::size_t>(c)] : std::string();
}

// The VERSION file beside a reference table, if any (first line).
std::string reference_version(const std::string& path) {
  std::ifstream in(std::filesystem::path(path).parent_path() / "VERSION");
  std::string line;
  if (in) std::getline(in, line);
  return line;
}

void add_input(Submission& sub, const std::string& path, const CsvFile& f, const std::string& role) {
  for (const auto& in : sub.inputs)
    if (in.path == path) return;
  sub.inputs.push_back({path, sha256_hex(f.bytes), role});
}

}  // namespace

void add_references(const TablePlan& plan, Submission& sub, const std::vector<int>& sub_dim) {
  for (std::size_t d = 0; d < plan.dimensions.size(); ++d) {
    const PlanDimension& pd = plan.dimensions[d];
    if (pd.recode.kind == "municipality" && !pd.recode.reference.empty()) {
      CsvFile ref = read_csv_file(pd.recode.reference);
      add_input(sub, pd.recode.reference, ref, "reference");
    }
    if (pd.adjacency.empty() || sub_dim[d] < 0) continue;
    CsvFile adj = read_csv_file(pd.adjacency);
    add_input(sub, pd.adjacency, adj, "reference");
    const int a = column(adj, "code_a"), b = column(adj, "code_b");
    if (a < 0 || b < 0)
      throw InputError({pd.adjacency, 1, "code_a"}, "隣接表に code_a と code_b の列が必要です",
                       "the adjacency table needs columns code_a and code_b");
    const Dimension& dim = sub.dimensions[static_cast<std::size_t>(sub_dim[d])];
    GeographyInfo geo;
    geo.dimension = dim.id();
    geo.reference = pd.adjacency;
    geo.reference_version = reference_version(pd.adjacency);
    for (std::size_t i = 1; i < adj.rows.size(); ++i) {
      std::string x = field(adj.rows[i], a), y = field(adj.rows[i], b);
      int ix = dim.find(x), iy = dim.find(y);
      // Pairs between leaves of this dimension only (Kobe's wards do not appear when Kobe is one unit).
      if (ix >= 0 && iy >= 0 && dim.is_leaf(ix) && dim.is_leaf(iy)) geo.adjacency.emplace_back(x, y);
    }
    sub.geographies.push_back(std::move(geo));
  }
  if (!plan.hospitals.empty()) {
    CsvFile list = read_csv_file(plan.hospitals);
    add_input(sub, plan.hospitals, list, "hospitals");
    const int code = column(list, "hospital_code"), name = column(list, "name"), muni = column(list, "municipality_code");
    if (code < 0 || muni < 0)
      throw InputError({plan.hospitals, 1, "hospital_code"},
                       "病院一覧に hospital_code と municipality_code の列が必要です",
                       "the hospital list needs columns hospital_code and municipality_code");
    const auto& header = list.rows.front().fields;
    for (std::size_t i = 1; i < list.rows.size(); ++i) {
      const CsvRow& r = list.rows[i];
      HospitalRecord h;
      h.code = field(r, code);
      h.name = field(r, name);
      h.municipality = field(r, muni);
      h.source = {plan.hospitals, r.line, ""};
      for (std::size_t c = 0; c < header.size(); ++c) {
        if (static_cast<int>(c) == code || static_cast<int>(c) == name || static_cast<int>(c) == muni) continue;
        std::string v = field(r, static_cast<int>(c));
        if (v != "0" && v != "1")
          throw InputError({plan.hospitals, r.line, header[c]}, "病院の属性は 0 か 1 です", "hospital flags are 0 or 1");
        h.attributes[header[c]] = v == "1";
      }
      sub.hospitals.push_back(std::move(h));
    }
  }
  if (!sub.policy.path.empty()) sub.inputs.push_back({sub.policy.path, sub.policy.sha256, "policy"});
}

}  // namespace hitoku::registry
