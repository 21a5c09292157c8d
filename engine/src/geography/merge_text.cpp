#include "geography/merge_text.h"
#include <algorithm>

#include "hitoku/geography/hospital_areas.h"

namespace hitoku {

namespace {

std::string join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string s;
  for (std::size_t i = 0; i < parts.size(); ++i) s += (i ? sep : "") + parts[i];
  return s;
}

// "病院等（surgery） 3施設、病院等（radiotherapy） 2施設"
std::string counts_ja(const MergeProblem& p, const std::vector<int>& counts) {
  std::vector<std::string> parts;
  for (std::size_t k = 0; k < counts.size(); ++k)
    parts.push_back(hospital_attribute_ja(p.attributes[k]) + " " + std::to_string(counts[k]) + "施設");
  return join(parts, "、");
}
std::string counts_en(const MergeProblem& p, const std::vector<int>& counts) {
  std::vector<std::string> parts;
  for (std::size_t k = 0; k < counts.size(); ++k)
    parts.push_back(std::to_string(counts[k]) + " " + hospital_attribute_en(p.attributes[k]));
  return join(parts, ", ");
}

bool valid(const MergeProblem& p, const std::vector<int>& counts) {
  for (int c : counts)
    if (c != 0 && c < p.min_hospitals) return false;
  return true;
}

}  // namespace

void describe_group(const MergeProblem& p, const std::vector<const MergeArea*>& members, MergeGroup& g) {
  std::vector<std::string> labels, needed_ja, needed_en, partners;
  for (const MergeArea* a : members) {
    g.members.push_back(a->code);
    labels.push_back(a->label);
    if (a->must_fix) {
      g.needed_by.push_back(a->code);
      needed_ja.push_back(a->label + "（" + counts_ja(p, a->hospitals) + "）");
      needed_en.push_back(a->label + " (" + counts_en(p, a->hospitals) + ")");
    } else {
      partners.push_back(a->label);
    }
  }
  g.code = join(g.members, "+");
  g.label = join(labels, "・");
  const MergeArea& first = **std::find_if(members.begin(), members.end(), [](auto* a) { return a->must_fix; });
  bool same_parent = true;
  for (const MergeArea* a : members) {
    if (a->medical_area != first.medical_area) g.crosses_medical_area = true;
    if (a->prefecture != first.prefecture) g.crosses_prefecture = true;
    if (a->parent != first.parent) same_parent = false;
  }
  const std::string min = std::to_string(p.min_hospitals);
  std::string with_ja = partners.empty() ? std::string("互いに") : "陸続きで隣接する" + join(partners, "、") + "と";
  std::string with_en = partners.empty() ? std::string("with each other") : "with the adjacent " + join(partners, ", ");
  std::string where_ja, where_en;
  if (g.crosses_prefecture) {
    where_ja = "県境を越えます（ポリシーが認めており、県内では満たせないため）";
    where_en = "crosses a prefecture border (allowed by the policy; no partner within the prefecture suffices)";
  } else if (g.crosses_medical_area) {
    where_ja = "二次保健医療圏をまたぎます（同じ医療圏内の隣接市町では満たせないため）";
    where_en = "crosses secondary medical areas (no partner within the same area suffices)";
  } else if (!first.medical_area.empty()) {
    where_ja = "同じ二次保健医療圏「" + first.medical_area + "」内";
    where_en = "within the secondary medical area " + first.medical_area;
  } else if (same_parent && !first.parent_label.empty()) {
    where_ja = "同じ「" + first.parent_label + "」内";
    where_en = "within " + first.parent_label;
  } else if (!same_parent) {
    where_ja = "集計区分「" + first.parent_label + "」をまたぎます（同じ区分内の隣接市町では満たせないため）";
    where_en = "crosses the boundary of " + first.parent_label + " (no partner within it suffices)";
  } else {
    where_ja = "陸続きの隣接市町";
    where_en = "adjacent over land";
  }
  g.reason_ja = join(needed_ja, "、") + "は" + min + "施設未満のため、" + with_ja + "統合し「" + g.label +
                "」として公表します（" + where_ja + "）。統合後: " + counts_ja(p, g.hospitals) + "。";
  g.reason_en = join(needed_en, ", ") + ": fewer than " + min + " each, so merged " + with_en +
                " and published as '" + g.label + "' (" + where_en +
                "). After merging: " + counts_en(p, g.hospitals) + ".";
}

void describe_unresolved(const MergeProblem& p, const MergeArea& area, const std::vector<const MergeArea*>& component,
                         const std::vector<int>& component_hospitals, const std::vector<int>& medical_area_hospitals,
                         bool medical_area_known, bool has_other_prefecture_neighbour, UnresolvedArea& u) {
  const std::string min = std::to_string(p.min_hospitals);
  std::vector<std::string> names;
  for (const MergeArea* a : component) names.push_back(a->label);
  std::string why_ja, why_en;
  if (component.size() <= 1) {
    why_ja = "陸続きの隣接市町がありません（島など）";
    why_en = "it has no land neighbour (an island or isolated area)";
  } else {
    why_ja = "陸続きの範囲（" + join(names, "・") + "）全体でも" + counts_ja(p, component_hospitals) + "で、" + min +
             "施設以上にできません";
    why_en = "its whole land-connected area (" + join(names, ", ") + ") holds " + counts_en(p, component_hospitals) +
             ", short of " + min;
  }
  std::vector<std::string> opt_ja, opt_en;
  if (medical_area_known && valid(p, medical_area_hospitals)) {
    opt_ja.push_back("二次保健医療圏「" + area.medical_area + "」単位で公表する（" + counts_ja(p, medical_area_hospitals) + "）");
    opt_en.push_back("publish at the level of the secondary medical area " + area.medical_area + " (" +
                     counts_en(p, medical_area_hospitals) + ")");
  }
  opt_ja.push_back("この地域のセルを秘匿する");
  opt_en.push_back("suppress the cells of this area");
  if (has_other_prefecture_neighbour && !p.merge_across_prefectures) {
    opt_ja.push_back("ポリシーで県境を越える統合（merge_across_prefectures）を認める");
    opt_en.push_back("allow merging across prefectures in the policy (merge_across_prefectures)");
  }
  for (std::size_t i = 0; i < opt_ja.size(); ++i) {
    opt_ja[i] = "(" + std::to_string(i + 1) + ") " + opt_ja[i];
    opt_en[i] = "(" + std::to_string(i + 1) + ") " + opt_en[i];
  }
  u.reason_ja = area.label + "（" + counts_ja(p, area.hospitals) + "）は" + why_ja +
                "。隣接市町との統合では解決できないため統合していません。次のいずれかを選んでください: " +
                join(opt_ja, " ") + "。";
  u.reason_en = area.label + " (" + counts_en(p, area.hospitals) + ") cannot be repaired by merging: " + why_en +
                ". Nothing was merged for it; choose one of: " + join(opt_en, " ") + ".";
}

}  // namespace hitoku
