#pragma once
// Whether a count says nothing beyond smaller ones (internal to rules/): its inner cells split exactly
// into supports of published cells and of smaller counts the published values determine. Its value
// is then their sum: a printed cell is judged by its own checks (a planned one by rule ②, an earlier
// one is public already), and a determined piece in the small range is reported itself.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "rules/combination_elimination.h"

namespace hitoku {

class PublishedCover {
 public:
  // `determined`: inner cells (ascending) of counts the published values determine.
  PublishedCover(const std::vector<LinearForm>& published, std::vector<std::vector<std::int32_t>> determined);
  // True only when a partition into published supports and determined counts smaller than `support`
  // was found; a search past its budget says false (the count then stays a finding: the alarm side).
  bool covers(const std::vector<std::int32_t>& support) const;

 private:
  bool search(std::vector<char>& open, std::size_t left, const std::vector<std::int32_t>& support,
              long& budget) const;
  const std::vector<std::int32_t>& piece(int i) const;
  const std::vector<LinearForm>& published_;
  std::vector<std::vector<std::int32_t>> determined_;
  std::vector<std::vector<int>> pieces_at_;  // inner cell -> pieces containing it (published first, then determined)
};

}  // namespace hitoku
