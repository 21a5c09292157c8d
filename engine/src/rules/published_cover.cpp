// Exact cover of a small set of inner cells by published supports and smaller determined counts:
// backtracking on the first uncovered cell, with a step budget (a hard one is simply not covered).
#include "rules/published_cover.h"

#include <algorithm>
#include <utility>

namespace hitoku {
namespace {
constexpr long kSearchSteps = 4000;
}

PublishedCover::PublishedCover(const std::vector<LinearForm>& published,
                               std::vector<std::vector<std::int32_t>> determined)
    : published_(published), determined_(std::move(determined)) {
  const int n = static_cast<int>(published_.size() + determined_.size());
  for (int i = 0; i < n; ++i)
    for (auto z : piece(i)) {
      if (static_cast<std::size_t>(z) >= pieces_at_.size()) pieces_at_.resize(static_cast<std::size_t>(z) + 1);
      pieces_at_[static_cast<std::size_t>(z)].push_back(i);
    }
}

const std::vector<std::int32_t>& PublishedCover::piece(int i) const {
  const auto k = static_cast<std::size_t>(i);
  return k < published_.size() ? published_[k].support : determined_[k - published_.size()];
}

bool PublishedCover::covers(const std::vector<std::int32_t>& support) const {
  if (support.empty()) return false;
  std::vector<char> open(support.size(), 1);  // support is ascending: positions found by binary search
  long budget = kSearchSteps;
  return search(open, support.size(), support, budget);
}

bool PublishedCover::search(std::vector<char>& open, std::size_t left, const std::vector<std::int32_t>& support,
                            long& budget) const {
  if (left == 0) return true;
  if (--budget < 0) return false;
  const std::size_t first = static_cast<std::size_t>(std::find(open.begin(), open.end(), 1) - open.begin());
  const auto z = static_cast<std::size_t>(support[first]);
  if (z >= pieces_at_.size()) return false;
  for (int fi : pieces_at_[z]) {
    const auto& cells = piece(fi);
    // A determined count only stands for a smaller one (never for the count itself).
    if (static_cast<std::size_t>(fi) >= published_.size() && cells.size() >= support.size()) continue;
    std::vector<std::size_t> at;
    for (auto c : cells) {
      const auto it = std::lower_bound(support.begin(), support.end(), c);
      if (it == support.end() || *it != c || !open[static_cast<std::size_t>(it - support.begin())]) break;
      at.push_back(static_cast<std::size_t>(it - support.begin()));
    }
    if (at.size() != cells.size()) continue;  // reaches outside the count, or over a covered cell
    for (auto p : at) open[p] = 0;
    if (search(open, left - at.size(), support, budget)) return true;
    for (auto p : at) open[p] = 1;
  }
  return false;
}

}  // namespace hitoku
