#include "filter_dimensions.h"

#include <algorithm>
#include <map>

#include "recode.h"

namespace hitoku::registry {
namespace {

std::vector<std::string> normalized(const std::vector<std::string>& values, bool numeric) {
  std::vector<std::string> out;
  for (const auto& v : values) out.push_back(numeric ? normalize_number(v) : v);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string joined(const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : ", ") + v;
  return out;
}

}  // namespace

std::string filter_key(const PlanFilter& f, bool numeric) {
  // Unit separators keep values apart whatever characters they hold.
  std::string key = f.field.empty() ? "dimension\x1f" + f.dimension : "field\x1f" + f.field;
  key += "\x1ein";
  for (const auto& v : normalized(f.in, numeric)) key += "\x1f" + v;
  key += "\x1enot_in";
  for (const auto& v : normalized(f.not_in, numeric)) key += "\x1f" + v;
  if (f.has_range) key += "\x1erange\x1f" + std::to_string(f.range_from) + "\x1f" + std::to_string(f.range_to);
  return key;
}

std::string describe_filter(const PlanFilter& f) {
  const std::string subject = f.field.empty() ? f.dimension : f.field;
  std::string out;
  auto part = [&](const std::string& p) { out += (out.empty() ? "" : "・") + subject + " " + p; };
  if (!f.in.empty()) part("∈ {" + joined(f.in) + "}");
  if (!f.not_in.empty()) part("∉ {" + joined(f.not_in) + "}");
  if (f.has_range) part(std::to_string(f.range_from) + "〜" + std::to_string(f.range_to));
  return out;
}

Dimension filter_dimension(const std::string& id, const PlanFilter& f) {
  Dimension d(id, "絞り込み「" + describe_filter(f) + "」");
  d.add_code(kFilterTotal, "計", "");
  d.add_code(kFilterIn, "該当", kFilterTotal);
  d.add_code(kFilterOut, "非該当", kFilterTotal);
  d.finalize();
  return d;
}

FilterGroupDimension filter_group_dimension(const std::string& id, const std::string& subject,
                                            const std::vector<const PlanFilter*>& filters,
                                            const std::set<std::uint64_t>& atoms) {
  FilterGroupDimension out;
  if (filters.size() == 1) {
    out.dimension = filter_dimension(id, *filters.front());
    out.code_of_filter.push_back(out.dimension.find(kFilterIn));
    return out;
  }
  // Each filter as the set of atoms it keeps; equal sets are one node.
  std::vector<std::set<std::uint64_t>> nodes;
  std::vector<std::size_t> node_of(filters.size());
  std::vector<std::size_t> first_filter;  // per node
  for (std::size_t i = 0; i < filters.size(); ++i) {
    std::set<std::uint64_t> kept;
    for (std::uint64_t a : atoms)
      if (a >> i & 1U) kept.insert(a);
    auto it = std::find(nodes.begin(), nodes.end(), kept);
    if (it == nodes.end()) {
      nodes.push_back(std::move(kept));
      first_filter.push_back(i);
      it = nodes.end() - 1;
    }
    node_of[i] = static_cast<std::size_t>(it - nodes.begin());
  }
  auto subset = [](const std::set<std::uint64_t>& a, const std::set<std::uint64_t>& b) {
    return std::includes(b.begin(), b.end(), a.begin(), a.end());
  };
  for (std::size_t a = 0; a < nodes.size(); ++a)
    for (std::size_t b = a + 1; b < nodes.size(); ++b) {
      bool disjoint = true;
      for (std::uint64_t x : nodes[a]) disjoint = disjoint && !nodes[b].count(x);
      if (disjoint || subset(nodes[a], nodes[b]) || subset(nodes[b], nodes[a])) continue;
      const PlanFilter& fa = *filters[first_filter[a]];
      const PlanFilter& fb = *filters[first_filter[b]];
      throw InputError(fb.source,
                       "フィルタ（" + describe_filter(fb) + "）と別の表のフィルタ（" + describe_filter(fa) +
                           "）が同じ項目で一部だけ重なるため、表の間の関係を正しく監査できません。重ならないか、"
                           "一方が他方を含む条件にするか、その項目を区分にし（recode）区分のフィルタでコードを選んでください",
                       "the filter (" + describe_filter(fb) + ") and another table's (" + describe_filter(fa) +
                           ") on the same field overlap only in part, so the relations between the tables cannot be "
                           "audited exactly; make them disjoint or nested, or make the field a dimension (a recode) "
                           "and keep one of its codes with a dimension filter");
    }
  // Parent of a node: the smallest node strictly containing it (an empty node sits under the total).
  auto smallest_containing = [&](auto contains, std::size_t self) -> long {
    long best = -1;
    for (std::size_t n = 0; n < nodes.size(); ++n)
      if (n != self && contains(n) && (best < 0 || nodes[n].size() < nodes[static_cast<std::size_t>(best)].size()))
        best = static_cast<long>(n);
    return best;
  };
  auto node_code = [&](std::size_t n) { return std::string(kFilterIn) + std::to_string(first_filter[n] + 1); };
  out.dimension = Dimension(id, "絞り込み「" + subject + "」");
  out.dimension.add_code(kFilterTotal, "計", "");
  std::vector<bool> has_child(nodes.size(), false);
  for (std::size_t n = 0; n < nodes.size(); ++n) {
    long parent = nodes[n].empty() ? -1 : smallest_containing([&](std::size_t m) {
      return nodes[m].size() > nodes[n].size() && subset(nodes[n], nodes[m]);
    }, n);
    if (parent >= 0) has_child[static_cast<std::size_t>(parent)] = true;
    out.dimension.add_code(node_code(n), "該当: " + describe_filter(*filters[first_filter[n]]),
                           parent < 0 ? kFilterTotal : node_code(static_cast<std::size_t>(parent)));
  }
  // Records of no node, or of a node with sub-nodes but none of them: a rest leaf there.
  std::set<long> rest_under;
  for (std::uint64_t x : atoms) {
    const long n = smallest_containing([&](std::size_t m) { return nodes[m].count(x) > 0; }, nodes.size());
    if (n >= 0 && !has_child[static_cast<std::size_t>(n)]) continue;  // the node itself is the leaf
    rest_under.insert(n);
  }
  for (long n : rest_under) {
    if (n < 0) out.dimension.add_code(kFilterOut, "いずれにも該当しない", kFilterTotal);
    else
      out.dimension.add_code(node_code(static_cast<std::size_t>(n)) + "_rest",
                             "その他（" + describe_filter(*filters[first_filter[static_cast<std::size_t>(n)]]) + "）",
                             node_code(static_cast<std::size_t>(n)));
  }
  out.dimension.finalize();
  for (std::size_t i = 0; i < filters.size(); ++i) out.code_of_filter.push_back(out.dimension.find(node_code(node_of[i])));
  return out;
}

}  // namespace hitoku::registry
