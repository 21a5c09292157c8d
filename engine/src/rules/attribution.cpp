// Terms §12(4): a publication says it was produced by the user from information provided under the Act.
#include "rules/rule_set.h"

namespace hitoku {

std::vector<Finding> attribution_findings(const Submission& submission, const Policy&) {
  if (!submission.info.attribution.empty()) return {};
  Finding f;
  f.rule = "12(4)";
  f.severity = Severity::Warning;
  f.reason_ja = "法に基づき提供を受けた情報を利用して独自に作成した旨の記載（規約第12(4)）がマニフェストにありません。";
  f.reason_en = "The manifest has no attribution statement (produced by the user from information provided "
                "under the Act, terms §12(4)).";
  return {std::move(f)};
}

}  // namespace hitoku
