#pragma once
// Two code lists of one classification written with different codes: the same finest names under
// other codes (28201 and 282014, 1/2 and M/F, full-width digits). Nothing links them by code, so a
// subtraction across their tables would go unchecked; the rename lets them be audited as one variable.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "hitoku/model/dimension.h"

namespace hitoku {

// A name as printed: spaces (ASCII, U+3000) left out, full-width ASCII folded (「男 」, 「尼崎　市」, 「Ａ１」).
std::string printed_name(const std::string& s);

using CodeLabelSet = std::set<std::pair<std::string, std::string>>;  // (code, label) of the finest codes

// Code -> code of `own` for every finest code of `other`, when each side's finest names (spaces and
// full-width ASCII aside) name one finest code each, at least two names are shared, and the smaller list's
// names are all in the larger (男・女 beside 男・女・不詳; the unit only one side has keeps a code no manifest
// spells, so linking the two then fails and they are named as possibly one variable). Empty when the code
// lists are identical or the names differ (other things).
std::optional<std::map<std::string, std::string>> label_twin_leaves(const CodeLabelSet& own, const CodeLabelSet& other);
CodeLabelSet finest_codes(const Dimension& d);

// `d` rebuilt with the finest codes renamed by `leaves`; an inner code becomes the code of `own` that
// has its label and its finest codes, else a code no manifest spells. std::nullopt when `d` holds
// refinement codes (numeric bands are linked otherwise).
std::optional<Dimension> renamed_twin(const Dimension& d, const Dimension& own, const std::map<std::string, std::string>& leaves);

}  // namespace hitoku
