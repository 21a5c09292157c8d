#pragma once
// Fields of the extract that describe one attribute (様式第1号 別紙): the residence's prefecture,
// health-centre, medical-area, municipality and address codes; age in years and in months; the
// tumour's topography, morphology, ICD-10 and ICCC codes and names; each hospital's code and address
// parts; the extent of disease before and after treatment and overall. Dimensions built from fields of
// one family are groupings of one variable (plan_groupings.cpp), never independent dimensions: the
// reader knows that 神戸市 lies in 神戸 medical area, or that age 5 is 60-71 months.
#include <string>
#include <string_view>

namespace hitoku::registry {

// The family of a field (by header): the header of its first field, or the field's own header.
std::string field_family(std::string_view header);

}  // namespace hitoku::registry
