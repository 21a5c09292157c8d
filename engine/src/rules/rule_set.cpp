// The order of the rules in every report: ① ② ③ ④⑤.
#include "rules/rule_set.h"

namespace hitoku {

const std::vector<Rule>& rule_set() {
  static const std::vector<Rule> rules{few_patients_rule, small_cells_rule, hospital_areas_rule, differencing_rule};
  return rules;
}

}  // namespace hitoku
