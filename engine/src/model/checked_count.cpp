#include "hitoku/model/checked_count.h"

namespace hitoku {

void throw_count_overflow(const SourcePos& where, std::int64_t part, std::int64_t limit, const std::string& what_ja,
                          const std::string& what_en) {
  throw InputError(where,
                   what_ja + "の和が扱える上限 " + std::to_string(limit) + " を超えます（値 " + std::to_string(part) +
                       " を足したところで桁あふれ）。件数を確認してください",
                   "the sum of " + what_en + " passes the largest supported value " + std::to_string(limit) +
                       " when adding " + std::to_string(part) + " (overflow); check the counts");
}

}  // namespace hitoku
