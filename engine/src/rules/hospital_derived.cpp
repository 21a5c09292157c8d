// Rule ③ for counts no table prints: every cell a table with a hospital dimension would have
// (hidden_cells.h) whose area holds 1 to min_hospitals-1 hospitals and that the published values
// determine exactly (the elimination of rule ②, earlier_only.h) is the single-hospital area's count
// all the same. A count the earlier publications alone give is public already: a warning.
#include "rules/hospital_derived.h"

#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>

#include "hitoku/audit/inner_space.h"
#include "hitoku/geography/geography.h"
#include "hitoku/geography/hospital_areas.h"
#include "rules/earlier_only.h"
#include "rules/hidden_cells.h"
#include "rules/small_combinations.h"

namespace hitoku {
namespace {


struct Target {
  const HiddenForm* form = nullptr;
  std::string area;  // the area's name
  int hospitals = 0;
};

// Hospitals under the area of a hidden cell ("a+b": codes no table tells apart, counted together).
int hospitals_of(const Dimension& dim, const std::vector<int>& per_code, const std::string& codes, std::string& name) {
  int total = 0;
  std::size_t at = 0;
  while (at <= codes.size()) {
    const std::size_t next = std::min(codes.find('+', at), codes.size());
    const int c = dim.find(codes.substr(at, next - at));
    if (c < 0) return -1;
    total += per_code[static_cast<std::size_t>(c)];
    name += (name.empty() ? "" : "・") + dim.code_label(c);
    at = next + 1;
  }
  return total;
}

void warn(RuleOutput& rule3, const std::string& ja, const std::string& en) {
  Finding w;
  w.rule = "3";
  w.severity = Severity::Warning;
  w.reason_ja = ja;
  w.reason_en = en;
  rule3.findings.push_back(std::move(w));
  ++rule3.result.warnings;
  if (rule3.result.state == RuleState::Pass) rule3.result.state = RuleState::Warn;
}

struct Forms {
  std::vector<LinearForm> all, earlier;
  std::vector<std::pair<int, std::size_t>> all_cell, earlier_cell;  // (table, flat) of each form
  std::set<std::vector<std::int32_t>> shown;  // supports of every table cell, published or not
};

Forms published_forms(const Submission& s, const InnerSpace& space) {
  Forms f;
  for (std::size_t ti = 0; ti < s.tables.size(); ++ti) {
    const Table& t = s.tables[ti];
    for (std::size_t c = 0; c < t.cell_count(); ++c) {
      auto support = space.support(ti, c);
      f.shown.insert(support);
      if (is_suppressed(t.status[c])) continue;
      if (t.earlier_publication) {
        f.earlier.push_back({support, t.value[c], false});
        f.earlier_cell.push_back({static_cast<int>(ti), c});
      }
      f.all.push_back({std::move(support), t.value[c], false});
      f.all_cell.push_back({static_cast<int>(ti), c});
    }
  }
  return f;
}

std::vector<Target> few_hospital_cells(const Submission& s, const HiddenForms& hidden, const Forms& forms) {
  std::vector<Target> out;
  std::map<std::pair<int, std::string>, std::vector<int>> counts;
  for (const HiddenForm& h : hidden.forms) {
    const Table& t = s.tables[static_cast<std::size_t>(h.cell.table)];
    if (t.hospital_dimension.empty() || forms.shown.count(h.support)) continue;
    const int d = s.find_dimension(t.hospital_dimension);
    if (d < 0) continue;
    const Dimension& dim = s.dimensions[static_cast<std::size_t>(d)];
    const auto code = h.cell.cell.find(dim.id());
    if (code == h.cell.cell.end()) continue;
    auto key = std::make_pair(d, t.hospital_attribute);
    if (!counts.count(key)) counts[key] = hospitals_per_code(dim, s.hospitals, t.hospital_attribute);
    Target target{&h, "", 0};
    target.hospitals = hospitals_of(dim, counts[key], code->second, target.area);
    if (target.hospitals >= 1 && target.hospitals < s.policy.min_hospitals) out.push_back(std::move(target));
  }
  return out;
}

Finding finding_of(const Submission& s, const Target& target, const EliminatedSum& e,
                   const std::vector<std::pair<int, std::size_t>>& cells, bool public_already) {
  const HiddenForm& h = *target.form;
  const Table& owner = s.tables[static_cast<std::size_t>(h.cell.table)];
  Finding f;
  f.rule = "3";
  f.severity = public_already ? Severity::Warning : Severity::Error;
  f.table = owner.id;
  f.cell = h.cell.cell;
  f.cell_label = "〔表にないセル〕" + h.cell.label;
  f.cells.push_back({owner.id, h.cell.cell, f.cell_label});
  f.certificate_divisor = e.divisor;
  std::string how;
  for (std::size_t i = 0; i < e.published.size(); ++i) {
    const auto [ti, flat] = cells[static_cast<std::size_t>(e.published[i])];
    const Table& t = s.tables[static_cast<std::size_t>(ti)];
    const long long k = e.coefficients[i];
    f.certificate.push_back({t.id, s.cell_key(t, flat), s.cell_label(t, flat), k});
    how += (how.empty() ? (k < 0 ? "− " : "") : (k < 0 ? " − " : " + ")) +
           ((k == 1 || k == -1) ? "" : std::to_string(k < 0 ? -k : k) + "×") + s.cell_label(t, flat);
  }
  if (e.divisor != 1) how = "(" + how + ") ÷ " + std::to_string(e.divisor);
  const std::string attr_ja = hospital_attribute_ja(owner.hospital_attribute);
  const std::string attr_en = hospital_attribute_en(owner.hospital_attribute);
  const std::string n = std::to_string(target.hospitals), min = std::to_string(s.policy.min_hospitals);
  const std::string where_ja = public_already ? "既公表値だけから" : "公表値から";
  f.reason_ja = "「" + target.area + "」の" + attr_ja + "は" + n + "施設です（最小" + min + "施設）。この地域の件数（" +
                f.cell_label + "）は表にありませんが、" + where_ja + "差し引きで求まります（計算: " + how + "）。" +
                (public_already ? "本申請の公表によって新たに明らかになるものではありません（規約第12(3)③⑤）。"
                                : "地域の統合の仕方を表の間でそろえ、単独の地域が差で分からないようにしてください（規約第12(3)③④）。");
  f.reason_en = "'" + target.area + "' holds " + n + " " + attr_en + " (minimum " + min + "). No table prints its count (" +
                f.cell_label + "), but " + (public_already ? "the earlier publications alone give" : "the published values give") +
                " it by subtraction (computation: " + how + "). " +
                (public_already ? "This submission does not reveal it anew (terms §12(3) ③ ⑤)."
                                : "Merge the areas the same way in every table, so that no single area follows as a "
                                  "difference (terms §12(3) ③ ④).");
  return f;
}

}  // namespace

void add_derived_hospital_findings(const Submission& s, RuleOutput& rule3) {
  if (s.hospitals.empty() || rule3.result.state == RuleState::NotChecked) return;
  const CombinationLimits limits;  // the same sizes as rule ②'s elimination
  std::optional<InnerSpace> space;
  try {
    space.emplace(s);
  } catch (const std::length_error&) {
    space.reset();
  }
  if (!space || space->size() > limits.max_inner_cells) {
    warn(rule3, "内側セルが多いため、表にない地域の件数が差し引きで求まるかは確認していません（規約第12(3)③）。",
         "Too many inner cells: whether the published values give away the count of an area no table prints was "
         "not checked (terms §12(3) ③).");
    return;
  }
  const HiddenForms hidden = hidden_forms(s, *space, limits.max_hidden_cells);
  if (hidden.over_limit) {
    warn(rule3, "表に載せていない地域のセルが多いため、それらの件数が差し引きで求まるかは確認していません（規約第12(3)③）。",
         "The tables leave out too many area cells: whether the published values give away their counts was not "
         "checked (terms §12(3) ③).");
    return;
  }
  const Forms forms = published_forms(s, *space);
  const std::vector<Target> targets = few_hospital_cells(s, hidden, forms);
  if (targets.empty()) return;
  std::vector<std::vector<std::int32_t>> supports;
  for (const Target& t : targets) supports.push_back(t.form->support);
  const bool modular = space->size() > limits.rational_max_inner_cells;
  const auto given = determined_by(*space, forms.all, supports, modular);
  const auto given_earlier = determined_by(*space, forms.earlier, supports, modular);
  std::set<std::vector<std::int32_t>> reported;  // the same area's count named by two tables is one finding
  long long found = 0;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (reported.count(supports[i])) continue;
    const bool public_already = given_earlier[i].has_value();
    const auto& e = public_already ? given_earlier[i] : given[i];
    if (!e || e->value == 0) continue;  // not determined, or determined as no cases at all
    reported.insert(supports[i]);
    ++found;
    rule3.findings.push_back(finding_of(s, targets[i], *e, public_already ? forms.earlier_cell : forms.all_cell, public_already));
    if (public_already) {
      ++rule3.result.warnings;
      if (rule3.result.state == RuleState::Pass) rule3.result.state = RuleState::Warn;
    } else {
      ++rule3.result.errors;
      rule3.result.state = RuleState::Fail;
    }
  }
  if (!found) return;
  rule3.result.summary_ja += "。表にない地域の件数が差し引きで求まるもの " + std::to_string(found) + " 件";
  rule3.result.summary_en += "; " + std::to_string(found) + " count(s) of areas no table prints follow by subtraction";
}

}  // namespace hitoku
