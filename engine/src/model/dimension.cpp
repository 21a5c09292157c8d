#include "hitoku/model/dimension.h"

#include <stdexcept>

namespace hitoku {

Dimension::Dimension(std::string id, std::string label) : id_(std::move(id)), label_(std::move(label)) {}

bool Dimension::add_code(const std::string& code, const std::string& label, const std::string& parent_code) {
  if (index_.count(code)) return false;
  index_.emplace(code, static_cast<int>(codes_.size()));
  codes_.push_back(code);
  labels_.push_back(label.empty() ? code : label);
  parent_codes_.push_back(parent_code);
  refinement_.push_back(0);
  return true;
}

bool Dimension::add_refinement_code(const std::string& code, const std::string& label,
                                    const std::string& parent_code) {
  if (!add_code(code, label, parent_code)) return false;
  refinement_.back() = 1;
  return true;
}

int Dimension::find(std::string_view code) const {
  auto it = index_.find(std::string(code));
  return it == index_.end() ? -1 : it->second;
}

int Dimension::find_label(std::string_view text) const {
  int found = -1;
  for (int i = 0; i < size(); ++i) {
    if (labels_[i] == text) {
      if (found >= 0) return -2;
      found = i;
    }
  }
  return found;
}

void Dimension::finalize() {
  const int n = size();
  if (n == 0) throw std::invalid_argument("dimension '" + id_ + "' has no codes");
  parent_.assign(n, -1);
  children_.assign(n, {});
  root_ = -1;
  for (int i = 0; i < n; ++i) {
    if (parent_codes_[i].empty()) {
      if (root_ >= 0)
        throw std::invalid_argument("dimension '" + id_ + "' has two roots: '" + codes_[root_] + "' and '" +
                                    codes_[i] + "'");
      root_ = i;
      continue;
    }
    int p = find(parent_codes_[i]);
    if (p < 0)
      throw std::invalid_argument("dimension '" + id_ + "': code '" + codes_[i] + "' has unknown parent '" +
                                  parent_codes_[i] + "'");
    if (p == i) throw std::invalid_argument("dimension '" + id_ + "': code '" + codes_[i] + "' is its own parent");
    parent_[i] = p;
    children_[p].push_back(i);
  }
  if (root_ < 0) throw std::invalid_argument("dimension '" + id_ + "' has no root (a code without parent)");
  // Depth by walking up; a walk longer than n means a cycle.
  depth_.assign(n, 0);
  for (int i = 0; i < n; ++i) {
    int d = 0;
    for (int c = i; parent_[c] >= 0; c = parent_[c]) {
      if (++d > n) throw std::invalid_argument("dimension '" + id_ + "': parent cycle at '" + codes_[i] + "'");
    }
    depth_[i] = d;
  }
  leaves_.clear();
  for (int i = 0; i < n; ++i)
    if (children_[i].empty()) leaves_.push_back(i);
  index_leaves();
}

void Dimension::order_leaves(const std::vector<std::string>& leaf_codes) {
  std::vector<int> ordered;
  std::vector<char> taken(codes_.size(), 0);
  for (const auto& code : leaf_codes) {
    const int i = find(code);
    if (i < 0 || !is_leaf(i) || taken[i])
      throw std::invalid_argument("dimension '" + id_ + "': '" + code + "' is not one of its leaves, or repeated");
    taken[i] = 1;
    ordered.push_back(i);
  }
  if (ordered.size() != leaves_.size())
    throw std::invalid_argument("dimension '" + id_ + "': the leaf order does not list every leaf");
  leaves_ = std::move(ordered);
  index_leaves();
}

void Dimension::index_leaves() {
  const int n = size();
  leaf_pos_.assign(n, -1);
  for (std::size_t p = 0; p < leaves_.size(); ++p) leaf_pos_[leaves_[p]] = static_cast<int>(p);
  leaves_under_.assign(n, {});
  for (int leaf : leaves_)
    for (int c = leaf; c >= 0; c = parent_[c]) leaves_under_[c].push_back(leaf_pos_[leaf]);
}

}  // namespace hitoku
