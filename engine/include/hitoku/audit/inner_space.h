#pragma once
// The attacker's unknowns: the finest cross-classification of every dimension any table uses.
// Leaves of a dimension that no table tells apart are merged into one "atom" first (exact: every
// table cell is a union of whole atoms), so the inner space is the product of the atoms.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "hitoku/model/submission.h"

namespace hitoku {

class InnerSpace {
 public:
  // Builds the space over the dimensions used by any table of the submission (earlier
  // publications included). Throws std::length_error when it would exceed 2^31 inner cells.
  explicit InnerSpace(const Submission& submission);

  std::int64_t size() const { return size_; }
  // Submission dimension indices of the space, slowest-varying first: one per variable (the first
  // grouping a table uses; every grouping of a variable has the same leaves, model/groupings.h).
  const std::vector<int>& dimensions() const { return dims_; }
  // The slot of a submission dimension (its variable's), -1 when no table uses the variable.
  int slot_of_dimension(int d) const { return slot_of_[static_cast<std::size_t>(d)]; }
  int atom_count(std::size_t slot) const { return static_cast<int>(atom_leaves_[slot].size()); }
  // The dimension leaf positions (Dimension::leaves()) merged into one atom.
  const std::vector<int>& atom_leaves(std::size_t slot, int atom) const { return atom_leaves_[slot][atom]; }

  // The inner cells summed by one cell of a table, ascending.
  std::vector<std::int32_t> support(std::size_t table, std::size_t flat) const;
  // How many inner cells that cell sums (without building the list).
  std::int64_t support_size(std::size_t table, std::size_t flat) const;

 private:
  std::vector<int> dims_;
  std::vector<int> slot_of_;  // per submission dimension
  std::vector<std::vector<std::vector<int>>> atom_leaves_;  // [slot][atom] -> leaf positions
  std::vector<std::int64_t> stride_;                        // per slot
  std::int64_t size_ = 1;
  // [table][table dim][code position] -> atoms of that code, ascending
  std::vector<std::vector<std::vector<std::vector<int>>>> code_atoms_;
  std::vector<std::vector<int>> table_slot_;  // [table][table dim] -> slot
  const Submission* submission_ = nullptr;
};

}  // namespace hitoku
