#pragma once
// An integer point over the inner cells that reproduces every table cell's true value
// (published and suppressed): a starting point for exact moves and local LPs on cyclic sets,
// where LP vertices have huge denominators and sit on many zero bounds. The true data is such a
// point, but only the tables are known; this builds one slice at a time (docs/audit.md, step 8a).
// It is a heuristic: it may find none (then the audit proceeds without it), and whatever it
// returns is still verified exactly by the component solver before it proves anything.
#include <cstdint>
#include <optional>
#include <vector>

#include "hitoku/audit/inner_space.h"
#include "hitoku/model/submission.h"

namespace hitoku::audit {

struct TruthPointLimits {
  std::int64_t max_inner_cells = 4'000'000;
  int max_slice_cells = 20'000;  // inner cells in one slice LP
  // Slice orders tried (largest first, smallest first, as listed, then shuffled): more on small
  // sets, where a pass takes milliseconds.
  std::int64_t small_inner_cells = 200'000;
  int attempts_small = 8, attempts_large = 2;
};

// One value per inner cell (InnerSpace order), or nothing when the slices could not be filled
// (a slice LP without an integral solution, or limits exceeded).
std::optional<std::vector<std::int64_t>> truth_point(const Submission& submission, const InnerSpace& space,
                                                     bool include_earlier, const TruthPointLimits& limits = {});

// Blocks of inner cells for LPs that move only one block around the truth point: the atoms of
// one slot of the inner space, grouped by their parent code (medical area, prefecture), split so
// that no block holds more than max_block_cells inner cells. One block id per inner cell.
std::vector<int> slot_blocks(const Submission& submission, const InnerSpace& space, std::size_t slot,
                             std::int64_t max_block_cells);
// Partitions for the block LPs: one per slot of the inner space with two or more atoms, the
// slot with the most atoms first.
std::vector<std::vector<int>> block_partitions(const Submission& submission, const InnerSpace& space,
                                               std::int64_t max_block_cells);

}  // namespace hitoku::audit
