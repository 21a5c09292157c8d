// The names of rule verdicts and severities as reports spell them (JSON, text, HTML).
#include "hitoku/report/report.h"

namespace hitoku {

const char* to_string(RuleState s) {
  switch (s) {
    case RuleState::Pass: return "pass";
    case RuleState::Fail: return "fail";
    case RuleState::Warn: return "warn";
    case RuleState::NotChecked: return "not_checked";
  }
  return "unknown";
}

const char* to_string(Severity s) {
  switch (s) {
    case Severity::Error: return "error";
    case Severity::Warning: return "warning";
    case Severity::Info: return "info";
  }
  return "unknown";
}

}  // namespace hitoku
