#pragma once
// Counts are int64. A sum of counts that leaves int64 is bad input, never a wrapped number: a wrapped
// sum can equal a written total and turn a wrong table into a PASS.
#include <cstdint>
#include <limits>
#include <string>

#include "hitoku/model/error.h"

namespace hitoku {

// Every cell of one table added together stays at or below this bound (checked at ingest), so every
// sum the audit forms over one table's cells fits in int64 with room to spare.
inline constexpr std::int64_t kMaxTableSum = std::int64_t{1} << 62;

// sum += part unless that passes `limit` (or int64); then returns false and leaves sum alone.
inline bool add_count(std::int64_t& sum, std::int64_t part,
                      std::int64_t limit = std::numeric_limits<std::int64_t>::max()) {
  std::int64_t next = 0;
  if (__builtin_add_overflow(sum, part, &next) || next > limit) return false;
  sum = next;
  return true;
}

// The input error for a sum that add_count refused: `where` is the cell being added, `what_ja`/`what_en`
// say which sum it was (e.g. 合計「兵庫県 × 計」の内訳).
[[noreturn]] void throw_count_overflow(const SourcePos& where, std::int64_t part, std::int64_t limit,
                                       const std::string& what_ja, const std::string& what_en);

}  // namespace hitoku
