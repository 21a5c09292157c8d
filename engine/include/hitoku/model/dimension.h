#pragma once
// A classification variable (area, cancer site, age group, sex) with its code hierarchy.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hitoku {

class Dimension {
 public:
  Dimension() = default;
  Dimension(std::string id, std::string label);

  // Adds a code; parent_code empty means the root (the total). Codes must be unique.
  // Returns false when the code already exists.
  bool add_code(const std::string& code, const std::string& label, const std::string& parent_code);
  // Resolves parents and derives leaves; throws std::invalid_argument naming the problem
  // (unknown parent, no root or several roots, cycle).
  void finalize();

  const std::string& id() const { return id_; }
  const std::string& label() const { return label_; }
  // The variable the codes classify (manifest `variable:`, e.g. "stage"); empty when not declared.
  // Policies name sensitive variables by it (group_disclosure.sensitive) or by the dimension id.
  // Dimensions that declare the same variable are groupings of it (model/groupings.h).
  const std::string& variable() const { return variable_; }
  void set_variable(std::string v) { variable_ = std::move(v); }
  int size() const { return static_cast<int>(codes_.size()); }
  const std::string& code(int i) const { return codes_[i]; }
  const std::string& code_label(int i) const { return labels_[i]; }
  int parent(int i) const { return parent_[i]; }           // -1 for the root
  const std::vector<int>& children(int i) const { return children_[i]; }
  bool is_leaf(int i) const { return children_[i].empty(); }
  int root() const { return root_; }
  int depth(int i) const { return depth_[i]; }              // root = 0
  // Index of a code, or -1.
  int find(std::string_view code) const;
  // Index of a code whose label equals text, -1 if none, -2 if several share the label.
  int find_label(std::string_view text) const;
  // Leaves in code order, and each leaf's position in that list.
  const std::vector<int>& leaves() const { return leaves_; }
  int leaf_position(int code_index) const { return leaf_pos_[code_index]; }
  // Leaf positions (into leaves()) under a code, the code itself if it is a leaf.
  const std::vector<int>& leaves_under(int code_index) const { return leaves_under_[code_index]; }

  // Groupings (model/groupings.h): a code added under a leaf so that every grouping of one variable
  // has the same leaves (the common refinement). No table shows it; writers and grids skip it.
  bool is_refinement(int i) const { return refinement_[i] != 0; }
  bool add_refinement_code(const std::string& code, const std::string& label, const std::string& parent_code);
  // Puts the leaves in the given order of codes (all leaves, each once) and refreshes the positions:
  // groupings of one variable then number their leaves alike. Throws std::invalid_argument otherwise.
  void order_leaves(const std::vector<std::string>& leaf_codes);

 private:
  std::string id_, label_, variable_;
  std::vector<std::string> codes_, labels_, parent_codes_;
  std::unordered_map<std::string, int> index_;
  std::vector<int> parent_, depth_, leaves_, leaf_pos_;
  std::vector<std::vector<int>> children_, leaves_under_;
  std::vector<char> refinement_;
  int root_ = -1;

  void index_leaves();
};

}  // namespace hitoku
