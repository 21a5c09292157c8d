#include "rules/area_groupings.h"

#include "hitoku/model/label_twins.h"

#include <map>
#include <set>
#include <stdexcept>
#include <vector>

namespace hitoku {
namespace {

// 阪神, 阪神圏域, 阪神医療圏, 阪神二次保健医療圏, 阪神地域, 「阪神 圏域」 all name the area 阪神.
std::string area_name(const std::string& text) {
  const std::string label = printed_name(text);
  for (const char* tail : {"二次保健医療圏域", "二次保健医療圏", "二次医療圏", "保健医療圏域", "保健医療圏", "医療圏域", "医療圏",
                           "圏域", "地域", "地区", "圏"}) {
    const std::string t = tail;
    if (label.size() > t.size() && label.compare(label.size() - t.size(), t.size(), t) == 0) return label.substr(0, label.size() - t.size());
  }
  return label;
}

}  // namespace

std::optional<ReferenceGrouping> as_reference_grouping(const Dimension& x, const Dimension& area, const GeographyInfo& g) {
  if (g.medical_area.empty() || x.leaves().size() < 2) return std::nullopt;
  std::map<std::string, std::vector<std::string>> members;  // medical area -> finest codes of `area` in it
  for (int leaf : area.leaves()) {
    auto it = g.medical_area.find(area.code(leaf));
    if (it != g.medical_area.end()) members[it->second].push_back(area.code(leaf));
  }
  std::map<int, std::vector<std::string>> under;  // finest code of x -> municipalities
  std::vector<int> rest;
  std::set<std::string> placed;
  ReferenceGrouping out;
  for (int leaf : x.leaves()) {
    auto it = members.find(area_name(x.code_label(leaf)));
    if (it == members.end()) {
      rest.push_back(leaf);
      continue;
    }
    under[leaf] = it->second;
    placed.insert(it->second.begin(), it->second.end());
    out.areas_named += (out.areas_named.empty() ? "" : "、") + it->first;
  }
  if (under.empty()) return std::nullopt;
  std::vector<std::string> others;
  for (int leaf : area.leaves())
    if (!placed.count(area.code(leaf))) others.push_back(area.code(leaf));
  if (rest.size() > 1 || rest.empty() != others.empty()) return out;  // named, but no one grouping: a warning
  if (!rest.empty()) under[rest.front()] = others;
  Dimension d(x.id(), x.label());
  std::set<std::string> taken;
  for (int i = 0; i < x.size(); ++i) taken.insert(x.code(i));
  for (int i = 0; i < x.size(); ++i)
    if (!d.add_code(x.code(i), x.code_label(i), x.parent(i) < 0 ? "" : x.code(x.parent(i)))) return out;
  for (const auto& [leaf, codes] : under)
    for (const std::string& code : codes) {
      if (taken.count(code)) return out;  // x's own codes spell a municipality
      const int c = area.find(code);
      d.add_code(code, area.code_label(c), x.code(leaf));
    }
  try {
    d.finalize();
  } catch (const std::invalid_argument&) {
    return out;
  }
  out.dimension = std::move(d);
  return out;
}

}  // namespace hitoku
