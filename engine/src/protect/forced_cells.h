#pragma once
// Cells the user forces to stay published or to be suppressed: "table:dim=code,dim=code".
#include <string>
#include <vector>

#include "hitoku/protect/protect.h"

namespace hitoku::protection {

struct ForcedCell {
  int table = -1;
  std::size_t flat = 0;
  bool keep = true;   // false: suppress
  std::string where;  // as written, with where it came from ("--keep t1:area=28000,sex=0")
};

// Manifest `protect: {keep, suppress}` first, then the options'. Throws InputError naming the
// manifest line (or the command-line option) for a cell that is not in the table.
std::vector<ForcedCell> resolve_forced_cells(const Submission& submission, const ProtectOptions& options);

}  // namespace hitoku::protection
