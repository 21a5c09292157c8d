#pragma once
// Tables by hospital: a dimension whose printed codes are hospitals (a code or name of the manifest's
// hospital list, or a name such as 甲町立病院 or 乙クリニック) publishes each hospital's own count.
// That identifies the hospital, which needs its consent (規約第12(3)②「病院等別」、③): a rule ③ error,
// which `exceptions` may record.
#include "hitoku/model/submission.h"
#include "hitoku/report/report.h"

namespace hitoku {

void add_named_hospital_findings(const Submission& submission, RuleOutput& rule3);

}  // namespace hitoku
