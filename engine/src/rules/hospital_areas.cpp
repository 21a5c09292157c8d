// Rule ③ (規約第12(3)③): an area with a single hospital. The geography lives in geography/;
// this is its place among the rules.
#include "hitoku/geography/hospital_areas.h"
#include "rules/rule_set.h"
#include "rules/hospital_derived.h"
#include "rules/named_hospitals.h"
#include "rules/single_hospital.h"

namespace hitoku {

std::vector<RuleOutput> hospital_areas_rule(const Submission& submission, const Policy&, const CheckOptions&) {
  std::vector<RuleOutput> out;
  out.push_back(check_hospital_areas(submission));
  add_single_hospital_findings(submission, out.back());  // cells fed by one hospital
  add_derived_hospital_findings(submission, out.back());  // areas no table prints, given by subtraction
  add_named_hospital_findings(submission, out.back());    // tables by hospital
  return out;
}

}  // namespace hitoku
