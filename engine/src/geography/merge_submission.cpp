// merge_submission: plan and apply rule ③ merges for every hospital geography of a submission.
#include <algorithm>
#include <map>
#include <set>

#include "hitoku/geography/geography.h"
#include "hitoku/geography/hospital_areas.h"
#include "hitoku/geography/merge.h"

namespace hitoku {

namespace {

const GeographyInfo* find_geography(const Submission& s, const std::string& dimension) {
  for (const auto& g : s.geographies)
    if (g.dimension == dimension) return &g;
  return nullptr;
}

bool is_code5(const std::string& c) {
  return c.size() == 5 && std::all_of(c.begin(), c.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

MergeProblem build_problem(const Submission& s, int d, const std::set<int>& must_fix) {
  const Dimension& dim = s.dimensions[d];
  const GeographyInfo* geo = find_geography(s, dim.id());
  if (!geo || geo->adjacency.empty())
    throw InputError({s.manifest_path, 0, "geography"},
                     "次元「" + dim.id() + "」の隣接関係（geography）がないため、③の統合ができません",
                     "dimension '" + dim.id() + "' has no adjacency (geography), so rule 3 merges are impossible");
  MergeProblem p;
  p.dimension = dim.id();
  p.adjacency = geo->adjacency;
  p.min_hospitals = s.policy.min_hospitals;
  p.merge_across_prefectures = s.policy.merge_across_prefectures;
  std::set<std::string> attributes;
  for (const Table& t : s.tables)
    if (!t.earlier_publication && t.hospital_dimension == dim.id()) attributes.insert(t.hospital_attribute);
  p.attributes.assign(attributes.begin(), attributes.end());
  std::vector<std::vector<int>> counts;
  for (const auto& a : p.attributes) counts.push_back(hospitals_per_code(dim, s.hospitals, a));
  for (int leaf : dim.leaves()) {
    MergeArea a;
    a.code = dim.code(leaf);
    a.label = dim.code_label(leaf);
    a.prefecture = is_code5(a.code) ? prefecture_of(a.code) : std::string();
    if (dim.parent(leaf) >= 0) {
      a.parent = dim.code(dim.parent(leaf));
      a.parent_label = dim.code_label(dim.parent(leaf));
    }
    auto it = geo->medical_area.find(a.code);
    if (it != geo->medical_area.end()) a.medical_area = it->second;
    for (const auto& c : counts) a.hospitals.push_back(c[leaf]);
    a.must_fix = must_fix.count(leaf) > 0;
    p.areas.push_back(std::move(a));
  }
  return p;
}

Finding finding_for(const std::string& dim, const std::string& code, const std::string& label, Severity sev,
                    const std::string& ja, const std::string& en) {
  Finding f;
  f.rule = "3";
  f.severity = sev;
  f.cell[dim] = code;
  f.cell_label = label;
  f.reason_ja = ja;
  f.reason_en = en;
  return f;
}

}  // namespace

MergeResult merge_submission(const Submission& s) {
  MergeResult result;
  result.merged = s;
  RuleResult& summary = result.explanation.result;
  summary.rule = "3";
  bool has_hospital_tables = std::any_of(s.tables.begin(), s.tables.end(), [](const Table& t) {
    return !t.earlier_publication && !t.hospital_dimension.empty();
  });
  if (has_hospital_tables && s.hospitals.empty())
    throw InputError({s.manifest_path, 0, "hospitals"}, "病院等一覧（hospitals）がないため、③の統合ができません",
                     "no hospital list (hospitals), so rule 3 merges are impossible");
  // Areas that must be merged: leaves shown with too few hospitals in the reference list.
  std::map<int, std::set<int>> must_fix;  // dimension -> leaf code indices
  std::map<int, std::set<int>> parents;   // dimension -> non-leaf codes with too few hospitals
  const int min_h = s.policy.min_hospitals;
  for (const HospitalAreaCell& c : find_hospital_area_problems(s)) {
    if (!c.violation || c.area_hospitals < 1 || c.area_hospitals >= min_h) continue;
    if (s.dimensions[c.dimension].is_leaf(c.area))
      must_fix[c.dimension].insert(c.area);
    else
      parents[c.dimension].insert(c.area);
  }
  for (const auto& [d, leaves] : must_fix) {
    MergePlan plan = plan_merge(build_problem(result.merged, d, leaves));
    result.merged = apply_merge(result.merged, plan);
    const std::string& dim = plan.dimension;
    for (const auto& g : plan.groups)
      result.explanation.findings.push_back(finding_for(dim, g.code, g.label, Severity::Info, g.reason_ja, g.reason_en));
    for (const auto& u : plan.unresolved) {
      result.explanation.findings.push_back(finding_for(dim, u.code, u.label, Severity::Error, u.reason_ja, u.reason_en));
      ++summary.errors;
    }
    if (!plan.groups.empty())
      for (const Table& t : s.tables)
        if (!t.earlier_publication && std::find(t.dims.begin(), t.dims.end(), d) != t.dims.end())
          result.changed_tables.push_back(t.id);
    result.plans.push_back(std::move(plan));
  }
  for (const auto& [d, codes] : parents)
    for (int c : codes) {
      const Dimension& dim = s.dimensions[d];
      result.explanation.findings.push_back(finding_for(
          dim.id(), dim.code(c), dim.code_label(c), Severity::Error,
          "「" + dim.code_label(c) + "」は集計区分全体で病院等が" + std::to_string(min_h) +
              "施設未満のため、構成する市町の統合では解決できません。この行を秘匿するか表から除いてください",
          "'" + dim.code_label(c) + "' holds fewer than " + std::to_string(min_h) +
              " hospitals as a whole, which merging its municipalities cannot repair; suppress or remove the row"));
      ++summary.errors;
    }
  std::sort(result.changed_tables.begin(), result.changed_tables.end());
  result.changed_tables.erase(std::unique(result.changed_tables.begin(), result.changed_tables.end()),
                              result.changed_tables.end());
  std::size_t groups = 0;
  for (const auto& p : result.plans) groups += p.groups.size();
  summary.state = summary.errors ? RuleState::Fail : RuleState::Pass;
  summary.summary_ja = "③の統合: " + std::to_string(groups) + "組を統合、統合で解決できない地域" +
                       std::to_string(summary.errors) + "件";
  summary.summary_en = "rule 3 merges: " + std::to_string(groups) + " group(s) merged, " +
                       std::to_string(summary.errors) + " area(s) that merging cannot repair";
  return result;
}

}  // namespace hitoku
