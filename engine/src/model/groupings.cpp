#include "hitoku/model/groupings.h"

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "model/numeric_bands.h"

namespace hitoku {
namespace {

// A few codes for a message: 「a」「b」「c」 … (at most five).
std::string listed(const std::vector<std::string>& codes, const char* open, const char* close) {
  std::string out;
  for (std::size_t i = 0; i < codes.size() && i < 5; ++i) out += open + codes[i] + close;
  if (codes.size() > 5) out += " …(" + std::to_string(codes.size()) + ")";
  return out;
}

// The groupings of one variable: finds the units, checks every grouping partitions them, then adds
// the units under the leaves that another grouping splits and orders every grouping's leaves alike.
class VariableLinker {
 public:
  VariableLinker(std::vector<Dimension>& dims, std::vector<int> members, SourcePos where)
      : dims_(dims), members_(std::move(members)), where_(std::move(where)) {
    variable_ = dims_[static_cast<std::size_t>(members_.front())].variable();
    for (int d : members_) {
      const Dimension& dim = dims_[static_cast<std::size_t>(d)];
      for (int i = 0; i < dim.size(); ++i) uses_[dim.code(i)].push_back({d, i});
    }
  }

  void link() {
    std::vector<std::string> units;
    std::set<std::string> seen;
    for (int d : members_)
      for (const auto& u : expand(root_code(d)))
        if (seen.insert(u).second) units.push_back(u);
    for (int d : members_) check_partition(d, units);
    for (int d : members_) refine(d, units);
  }

 private:
  struct Use {
    int dim, index;
  };

  const std::string& root_code(int d) const {
    const Dimension& dim = dims_[static_cast<std::size_t>(d)];
    return dim.code(dim.root());
  }

  [[noreturn]] void fail(const std::string& ja, const std::string& en) const {
    throw InputError(where_, "変数「" + variable_ + "」: " + ja, "variable '" + variable_ + "': " + en);
  }

  // The units a code stands for, in the order of the grouping that splits it (memoised). Every
  // grouping that splits the code must split it into the same units.
  const std::vector<std::string>& expand(const std::string& code) {
    if (auto it = memo_.find(code); it != memo_.end()) return it->second;
    if (!visiting_.insert(code).second)
      fail("コード「" + code + "」の親子関係がグループ分けの間で循環しています",
           "parent cycle across groupings at code '" + code + "'");
    std::vector<std::string> result;
    int defined_by = -1;
    for (const Use& use : uses_.at(code)) {
      const Dimension& dim = dims_[static_cast<std::size_t>(use.dim)];
      if (dim.is_leaf(use.index)) continue;
      std::vector<std::string> members;
      for (int child : dim.children(use.index)) {
        const auto& sub = expand(dim.code(child));
        members.insert(members.end(), sub.begin(), sub.end());
      }
      if (defined_by < 0) {
        result = std::move(members);
        defined_by = use.dim;
      } else if (!check_same_members(code, defined_by, result, use.dim, members)) {
        for (auto& m : members)  // two totals with one code: their union, whose cover is checked next
          if (std::find(result.begin(), result.end(), m) == result.end()) result.push_back(std::move(m));
      }
    }
    if (defined_by < 0) result = {code};
    visiting_.erase(code);
    return memo_.emplace(code, std::move(result)).first->second;
  }

  // True when the members agree; false for two totals with one code that differ (whether each
  // grouping covers the variable is checked, and said, by check_partition); else fails.
  bool check_same_members(const std::string& code, int first_dim, const std::vector<std::string>& first, int dim,
                          const std::vector<std::string>& other) const {
    std::set<std::string> a(first.begin(), first.end()), b(other.begin(), other.end());
    if (a == b) return true;
    const Dimension& x = dims_[static_cast<std::size_t>(first_dim)];
    const Dimension& y = dims_[static_cast<std::size_t>(dim)];
    if (x.find(code) == x.root() && y.find(code) == y.root()) return false;
    std::vector<std::string> only;
    std::set_symmetric_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(only));
    const std::string d1 = dims_[static_cast<std::size_t>(first_dim)].id();
    const std::string d2 = dims_[static_cast<std::size_t>(dim)].id();
    fail("コード「" + code + "」の内訳が次元「" + d1 + "」と「" + d2 + "」で違います（一方にしかないもの: " +
             listed(only, "「", "」") + "）",
         "code '" + code + "' has different members in dimensions '" + d1 + "' and '" + d2 +
             "' (only in one: " + listed(only, "'", "' ") + ")");
  }

  // Every unit lies under exactly one leaf of grouping d.
  void check_partition(int d, const std::vector<std::string>& units) {
    const Dimension& dim = dims_[static_cast<std::size_t>(d)];
    std::map<std::string, int> leaf_of;
    for (int leaf : dim.leaves())
      for (const auto& u : expand(dim.code(leaf))) {
        auto [it, fresh] = leaf_of.emplace(u, leaf);
        if (!fresh)
          fail("次元「" + dim.id() + "」で「" + u + "」が「" + dim.code(it->second) + "」と「" + dim.code(leaf) +
                   "」の両方に含まれます（1つのグループ分けの中で2つの親を持つコード）",
               "in dimension '" + dim.id() + "', '" + u + "' lies under both '" + dim.code(it->second) + "' and '" +
                   dim.code(leaf) + "' (a code under two parents of one grouping)");
      }
    std::vector<std::string> missing;
    for (const auto& u : units)
      if (!leaf_of.count(u)) missing.push_back(u);
    if (missing.empty()) return;
    std::string other;
    for (const Use& use : uses_.at(missing.front()))
      if (use.dim != d) other = dims_[static_cast<std::size_t>(use.dim)].id();
    fail("次元「" + dim.id() + "」は次元「" + other + "」の " + listed(missing, "「", "」") +
             " を含みません。区分が重なるグループ分けには、両方に共通の細かいコード（例: 5歳階級）を子として書いてください",
         "dimension '" + dim.id() + "' does not cover " + listed(missing, "'", "' ") + "of dimension '" + other +
             "'; groupings whose leaves overlap need a common finer code list (e.g. 5-year bands) as children in both");
  }

  std::string label_of(const std::string& unit) const {
    const Use& use = uses_.at(unit).front();
    return dims_[static_cast<std::size_t>(use.dim)].code_label(use.index);
  }

  // Adds the units under the leaves of d that another grouping splits, then orders d's leaves.
  void refine(int d, const std::vector<std::string>& units) {
    Dimension& dim = dims_[static_cast<std::size_t>(d)];
    const std::vector<int> leaves = dim.leaves();
    bool added = false;
    for (int leaf : leaves) {
      const auto& members = expand(dim.code(leaf));
      if (members.size() == 1 && members.front() == dim.code(leaf)) continue;
      for (const auto& u : members) dim.add_refinement_code(u, label_of(u), dim.code(leaf));
      added = true;
    }
    if (added) dim.finalize();
    dim.order_leaves(units);
  }

  std::vector<Dimension>& dims_;
  std::vector<int> members_;
  SourcePos where_;
  std::string variable_;
  std::map<std::string, std::vector<Use>> uses_;
  std::map<std::string, std::vector<std::string>> memo_;
  std::set<std::string> visiting_;
};

}  // namespace

bool same_variable(const Dimension& a, const Dimension& b) {
  return &a == &b || a.id() == b.id() || (!a.variable().empty() && a.variable() == b.variable());
}

void link_groupings(std::vector<Dimension>& dims, const std::vector<SourcePos>& where) {
  std::map<std::string, std::vector<int>> by_variable;
  for (std::size_t d = 0; d < dims.size(); ++d)
    if (!dims[d].variable().empty()) by_variable[dims[d].variable()].push_back(static_cast<int>(d));
  for (auto& [variable, members] : by_variable) {
    if (members.size() < 2) continue;
    const auto first = static_cast<std::size_t>(members.front());
    SourcePos at = first < where.size() ? where[first] : SourcePos{};
    try {
      refine_numeric_bands(dims, members);  // bands that overlap without a mapping get their common pieces
      VariableLinker(dims, members, at).link();
    } catch (const std::invalid_argument& e) {
      throw InputError(at, "変数「" + variable + "」のグループ分けをつなげません: " + e.what(),
                       "cannot link the groupings of variable '" + variable + "': " + e.what());
    }
  }
}

}  // namespace hitoku
