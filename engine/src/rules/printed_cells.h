#pragma once
// Every printed count of a submission (planned tables and earlier publications) by the records it
// counts: per submission dimension the code (a table without the dimension prints its root total),
// so a count one table prints can be found from a cell of another (rule ①: a group's size printed in
// a table that does not show the group's categories).
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "hitoku/model/submission.h"

namespace hitoku {

class PrintedCells {
 public:
  using Key = std::vector<int>;  // per submission dimension: a code index; last: 1 for additive counts
  explicit PrintedCells(const Submission& submission);
  Key key_of(const Table& table, std::size_t flat) const;
  // The printed value of the count `key` names, if any table prints it.
  std::optional<std::int64_t> value(const Key& key) const;
  // Who prints it: the first planned table's cell (table -1: none), and whether an earlier
  // publication prints it too.
  struct Where {
    int table = -1;
    std::size_t flat = 0;
    bool earlier = false;
  };
  std::optional<Where> where(const Key& key) const;

 private:
  const Submission& s_;
  std::map<Key, std::int64_t> printed_;
  std::map<Key, Where> where_;
};

}  // namespace hitoku
