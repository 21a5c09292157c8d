#pragma once
// Every printed count of a submission (planned tables and earlier publications) by the records it
// counts: per variable the set of units (leaves) its code covers, so a count one table prints can be
// found from a cell of another, whichever grouping of the variable either uses (rule ①: a group's
// size printed in a table that does not show the group's categories). A table without the variable
// prints all its units.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "hitoku/model/submission.h"

namespace hitoku {

class PrintedCells {
 public:
  // Per variable slot (groupings of one variable share one): an id of a set of units; last: 1 for
  // additive counts.
  using Key = std::vector<int>;
  explicit PrintedCells(const Submission& submission);
  Key key_of(const Table& table, std::size_t flat) const;
  // The key with dimension dim's variable set to the units under `code` (a code of dim).
  void set_code(Key& key, int dim, int code) const;
  // The printed value of the count `key` names, if any table prints it.
  std::optional<std::int64_t> value(const Key& key) const;
  // Who prints it: the first planned table's cell (table -1: none), and whether an earlier
  // publication prints it too (its first such cell).
  struct Where {
    int table = -1;
    std::size_t flat = 0;
    bool earlier = false;
    int earlier_table = -1;
    std::size_t earlier_flat = 0;
  };
  std::optional<Where> where(const Key& key) const;

  // The variable slots of the keys: how many, each dimension's, whether it is the root's set of units
  // (a count over every unit of the variable), and the sets strictly larger than a set (the units of
  // a code of any grouping of the slot's variable).
  std::size_t slots() const { return ids_.size(); }
  std::size_t slot_of(int dim) const { return slot_of_dim_[static_cast<std::size_t>(dim)]; }
  bool is_root(std::size_t slot, int id) const { return id == root_id_[slot]; }
  const std::vector<int>& larger(std::size_t slot, int id) const;  // computed once per set

 private:
  int unit_set_id(std::size_t slot, const std::vector<int>& leaves) const;

  const Submission& s_;
  std::vector<std::size_t> slot_of_dim_;
  std::vector<std::vector<int>> code_id_;  // per dimension, per code: its unit set's id in its slot
  std::vector<int> root_id_;               // per slot: the id of all its units
  mutable std::vector<std::map<std::vector<int>, int>> ids_;  // per slot: unit set -> id
  mutable std::map<std::pair<std::size_t, int>, std::vector<int>> larger_;  // (slot, id) -> larger()
  std::map<Key, std::int64_t> printed_;
  std::map<Key, Where> where_;
};

// The codes of any grouping of dimension dim's variable (dim itself included) that count every unit
// of `code` and more, each set of units once, the smallest first: (dimension, code). Groupings of one
// variable number their units alike (model/groupings.h).
std::vector<std::pair<int, int>> larger_groups_across(const Submission& s, int dim, int code);

}  // namespace hitoku
