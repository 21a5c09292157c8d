#include "table_references.h"

#include <filesystem>

#include "hitoku/geography/geography.h"
#include "hitoku/io/sha256.h"

namespace hitoku::registry {
namespace {

void add_input(Submission& sub, const std::string& path, const std::string& role) {
  for (const auto& in : sub.inputs)
    if (in.path == path) return;
  sub.inputs.push_back({path, sha256_hex(read_file_bytes(path, role)), role});
}

// The version id of the reference folder holding `path` (its VERSION file), or "".
std::string version_beside(const std::string& path) {
  const auto dir = std::filesystem::path(path).parent_path();
  if (!std::filesystem::exists(dir / "VERSION")) return "";
  return load_reference_version(dir.string());
}

}  // namespace

void add_references(const TablePlan& plan, Submission& sub, const std::vector<int>& sub_dim) {
  for (std::size_t d = 0; d < plan.dimensions.size(); ++d) {
    const PlanDimension& pd = plan.dimensions[d];
    if (pd.recode.kind == "municipality" && !pd.recode.reference.empty())
      add_input(sub, pd.recode.reference, "reference");
    if (pd.adjacency.empty() || sub_dim[d] < 0) continue;
    add_input(sub, pd.adjacency, "reference");
    const Dimension& dim = sub.dimensions[static_cast<std::size_t>(sub_dim[d])];
    GeographyInfo geo;
    geo.dimension = dim.id();
    geo.reference = pd.adjacency;
    geo.reference_version = version_beside(pd.adjacency);
    // Pairs between leaves of this dimension only (wards are absent when Kobe is one unit).
    for (auto& [a, b] : load_adjacency_csv(pd.adjacency)) {
      int ia = dim.find(a), ib = dim.find(b);
      if (ia >= 0 && ib >= 0 && dim.is_leaf(ia) && dim.is_leaf(ib)) geo.adjacency.emplace_back(a, b);
    }
    sub.geographies.push_back(std::move(geo));
  }
  if (!plan.hospitals.empty()) {
    sub.hospitals = load_hospital_csv(plan.hospitals);
    add_input(sub, plan.hospitals, "hospitals");
  }
  if (!sub.policy.path.empty()) {
    bool listed = false;
    for (const auto& in : sub.inputs) listed = listed || in.path == sub.policy.path;
    if (!listed) sub.inputs.push_back({sub.policy.path, sub.policy.sha256, "policy"});
  }
}

}  // namespace hitoku::registry
