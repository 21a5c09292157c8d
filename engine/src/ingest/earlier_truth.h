#pragma once
// The true value of an earlier publication's suppressed cell, read off this submission's tables: an
// earlier table counts the same records, so a cell of it that a planned table also holds -- the same
// cell, or its parts along one dimension -- has that table's value (published or true). A reviewer
// rarely knows an earlier publication's hidden counts; the tables under review usually give them.
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "hitoku/model/dimension.h"
#include "hitoku/model/table.h"

namespace hitoku::ingest {

// The planned tables' cells indexed by the records they count (built once, then each look-up costs
// the cells that could be its parts, not every cell of every table).
class EarlierTruth {
 public:
  EarlierTruth(const std::vector<Dimension>& dimensions, const std::vector<Table>& tables);
  // `earlier`'s cell `flat` from the tables that are not earlier publications; none when no table
  // holds the same cell or all its parts along one dimension.
  std::optional<std::int64_t> of(const Table& earlier, std::size_t flat);

 private:
  using Key = std::vector<int>;  // per submission dimension: the id of the leaf set a cell covers
  struct Part {
    int leaves;  // leaf-set id in the dimension the part splits
    std::int64_t value;
  };
  struct Indexed {
    const Table* table;
    std::map<Key, std::int64_t> cells;
    std::vector<std::map<Key, std::vector<Part>>> parts;  // per dimension: key with that entry -1
  };
  Key key_of(const Table& t, std::size_t flat);
  int leaf_set_id(std::size_t dimension, const std::vector<int>& leaves);
  std::optional<std::int64_t> parts_sum(const Indexed& x, std::size_t d, Key want) const;

  const std::vector<Dimension>& dims_;
  std::vector<std::map<std::vector<int>, int>> ids_;        // per dimension: leaf set -> id
  std::vector<std::vector<const std::vector<int>*>> sets_;  // per dimension: id -> leaf set
  std::vector<Indexed> tables_;
};

}  // namespace hitoku::ingest
