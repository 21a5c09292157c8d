#include "rules/single_hospital.h"

#include "rules/cell_finding.h"

namespace hitoku {

void add_single_hospital_findings(const Submission& s, RuleOutput& rule3) {
  const Policy& p = s.policy;
  if (!p.single_hospital_any_count) return;  // opt-in (policy single_hospital.any_count)
  long long checked = 0, found = 0;
  for (const Table& t : s.tables) {
    // Hospital counts of another shape (e.g. left from before a merge) describe other cells.
    if (t.earlier_publication || !t.hospitals || t.hospitals->size() != t.cell_count()) continue;
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      if (is_suppressed(t.status[f])) continue;
      ++checked;
      const auto v = t.value[f];
      if ((*t.hospitals)[f] != 1 || v < 1) continue;
      const bool small = p.in_small_range(v);
      if (!small && !p.single_hospital_any_count) continue;
      const std::string why_ja = small ? "件数が少なく（" + std::to_string(p.small_min) + "〜" + std::to_string(p.small_max) + " 件）、" : "";
      const std::string why_en = small ? "a small count (rule ② range) and " : "";
      rule3.findings.push_back(cell_finding(
          s, t, f, "3", Severity::Error,
          "このセルは" + why_ja + "患者が1つの病院等だけから来ています。病院等が特定されうるため秘匿してください（規約第12(3)②「病院等別」、③）。",
          "This cell is " + why_en + "all of its patients come from a single hospital; the hospital may be "
          "identified, suppress it (terms §12(3) ② \"by hospital\", ③)."));
      ++found;
    }
  }
  if (checked == 0) return;
  RuleResult& r = rule3.result;
  r.cells_checked += checked;
  r.errors += found;
  const std::string ja = "病院数の分かる公表セル " + std::to_string(checked) + " 件中、1病院のみのセル " + std::to_string(found) + " 件";
  const std::string en = std::to_string(checked) + " published cells with hospital counts, " + std::to_string(found) +
                         " from a single hospital";
  // Without a hospital list the area check (merges) stays "not checked": this part alone passes nothing.
  r.summary_ja = r.summary_ja.empty() ? ja : r.summary_ja + "。" + ja;
  r.summary_en = r.summary_en.empty() ? en : r.summary_en + "; " + en;
  if (found) r.state = RuleState::Fail;
}

}  // namespace hitoku
