#pragma once
// Counts the tables leave out that earlier publications alone already give away: not this
// submission's doing, and nothing it suppresses can change them (internal to rules/).
#include <cstdint>
#include <optional>
#include <vector>

#include "rules/combination_elimination.h"

namespace hitoku {

// For each target (an inner-cell support, each cell once), its computation from the published forms
// alone if they determine its sum (exact elimination; modulo a prime with an exact proof when
// `modular`), else nothing.
std::vector<std::optional<EliminatedSum>> determined_by(const InnerSpace& space, const std::vector<LinearForm>& published,
                                const std::vector<std::vector<std::int32_t>>& targets, bool modular);

}  // namespace hitoku
