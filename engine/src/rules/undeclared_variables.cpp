// Dimensions that look like one variable but are not declared as one (see the header). A patient's
// area beside a hospital's area (one of them some table's hospital_dimension) is the legitimate
// case of identical code lists and is left alone, as are dimensions with any `variable:` declared.
#include "rules/undeclared_variables.h"

#include <set>
#include <string>
#include <utility>
#include <vector>

namespace hitoku {
namespace {

// The finest codes with their names: equal for two declarations of one list, and for two groupings
// of it (municipalities, and medical areas listing the municipalities under them).
std::set<std::pair<std::string, std::string>> code_list(const Dimension& d) {
  std::set<std::pair<std::string, std::string>> out;
  for (int leaf : d.leaves()) out.insert({d.code(leaf), d.code_label(leaf)});
  return out;
}

struct Use {
  bool planned = false, earlier = false, hospital = false;
};

std::vector<Use> uses(const Submission& s) {
  std::vector<Use> out(s.dimensions.size());
  for (const Table& t : s.tables) {
    for (int d : t.dims) (t.earlier_publication ? out[static_cast<std::size_t>(d)].earlier : out[static_cast<std::size_t>(d)].planned) = true;
    const int h = t.hospital_dimension.empty() ? -1 : s.find_dimension(t.hospital_dimension);
    if (h >= 0) out[static_cast<std::size_t>(h)].hospital = true;
  }
  return out;
}

}  // namespace

void add_undeclared_variable_findings(const Submission& s, RuleOutput& rule4, RuleOutput& rule5) {
  const std::vector<Use> use = uses(s);
  for (std::size_t a = 0; a < s.dimensions.size(); ++a) {
    const Dimension& da = s.dimensions[a];
    if (!da.variable().empty() || (!use[a].planned && !use[a].earlier) || da.size() < 2) continue;
    const auto list = code_list(da);
    for (std::size_t b = a + 1; b < s.dimensions.size(); ++b) {
      const Dimension& db = s.dimensions[b];
      if (!db.variable().empty() || (!use[b].planned && !use[b].earlier)) continue;
      if (use[a].hospital != use[b].hospital || code_list(db) != list) continue;
      const bool earlier_only = !use[a].planned || !use[b].planned;
      RuleOutput& rule = earlier_only ? rule5 : rule4;
      Finding w;
      w.rule = rule.result.rule;
      w.severity = Severity::Warning;
      w.reason_ja = "次元「" + da.id() + "」と「" + db.id() + "」は同じ末端のコードと名称を持ちますが、`variable:` の宣言がないため別の変数として"
                    "扱い、両者にまたがる差し引きは確認していません。同じ区分（例: 同じ市町）であれば両方に同じ `variable:` を書いてください"
                    "（確認が両方の表にわたります）。別の区分であれば、それぞれに異なる `variable:` を書くとこの注意は出ません。";
      w.reason_en = "Dimensions '" + da.id() + "' and '" + db.id() + "' have the same finest codes and names but declare no `variable:`, so "
                    "they were taken as different variables and no subtraction across them was checked. If they classify the "
                    "same thing (e.g. the same municipalities), give both the same `variable:` so the check spans their tables; "
                    "if not, give each its own `variable:` and this warning goes away.";
      rule.findings.push_back(std::move(w));
      rule.result.summary_ja += "。次元「" + da.id() + "」「" + db.id() + "」は同じ変数か未宣言（差し引きは未確認）";
      rule.result.summary_en += "; dimensions '" + da.id() + "' and '" + db.id() + "' may be one variable (not declared; not checked across)";
      ++rule.result.warnings;
      if (rule.result.state == RuleState::Pass) rule.result.state = RuleState::Warn;
    }
  }
}

}  // namespace hitoku
