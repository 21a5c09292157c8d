#pragma once
// A dimension named like the medical areas of a geography's reference (二次保健医療圏「阪神」, with one code
// such as 阪神以外 for the rest), declared without its municipalities: the reference says which
// municipalities each holds, so it can be audited as a grouping of the municipalities (rules ④⑤).
#include <optional>
#include <string>

#include "hitoku/model/dimension.h"
#include "hitoku/model/submission.h"

namespace hitoku {

struct ReferenceGrouping {
  // `x` with the municipalities of `area` under its leaves; none when the rest does not fit under one
  // code (阪神以外 and 不詳): then the two are only named as possibly one variable.
  std::optional<Dimension> dimension;
  std::string areas_named;  // the medical areas its codes name, for the messages (阪神、…)
};

// std::nullopt unless some finest code of `x` is named like a medical area of `g` (阪神, 阪神圏域,
// 阪神二次保健医療圏, 阪神地域); the grouping when the finest codes of `area` outside those areas fit
// under at most one other finest code of `x` (the rest).
std::optional<ReferenceGrouping> as_reference_grouping(const Dimension& x, const Dimension& area, const GeographyInfo& g);

}  // namespace hitoku
