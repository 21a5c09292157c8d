#pragma once
// Counts the tables leave out that earlier publications alone already give away: not this
// submission's doing, and nothing it suppresses can change them (internal to rules/).
#include <cstdint>
#include <optional>
#include <vector>

#include "hitoku/model/submission.h"
#include "rules/combination_elimination.h"
#include "rules/small_combinations.h"

namespace hitoku {

// For each target (an inner-cell support, each cell once), its computation from the published forms
// alone if they determine its sum (exact elimination; modulo a prime with an exact proof when
// `modular`), else nothing.
std::vector<std::optional<EliminatedSum>> determined_by(const InnerSpace& space, const std::vector<LinearForm>& published,
                                const std::vector<std::vector<std::int32_t>>& targets, bool modular);

// The printed cells of the additive tables as forms over the inner cells, each with its cell, and the
// earlier publications' alone (for "do the earlier publications give it on their own?").
struct PublishedForms {
  std::vector<LinearForm> all, earlier;
  std::vector<CellRef> cell_of;  // per form of `all`
};
PublishedForms additive_published_forms(const Submission& s, const InnerSpace& space);

}  // namespace hitoku
