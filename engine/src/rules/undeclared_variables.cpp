// Dimensions that look like one variable but are not declared as one (see the header). A patient's
// area beside a hospital's area (one of them some table's hospital_dimension) is the legitimate
// case of identical code lists and is left alone, as are dimensions with any `variable:` declared.
#include "rules/undeclared_variables.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "hitoku/geography/geography.h"
#include "hitoku/model/groupings.h"
#include "hitoku/model/label_twins.h"
#include "hitoku/rules/rules.h"
#include "model/numeric_bands.h"
#include "rules/area_groupings.h"

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

using CellKey = std::pair<std::string, std::map<std::string, std::string>>;

// Suppressed cells the audit gives away: recoverable, or (with an error) narrower than the policy.
std::set<CellKey> given_away(const DifferencingOutput& d) {
  std::set<CellKey> out;
  for (const auto& a : d.rule4.audit)
    if (a.recoverable && !a.unproven) out.insert({a.table, a.cell});
  for (const RuleOutput* rule : {&d.rule4, &d.rule5})
    for (const Finding& f : rule->findings)  // an earlier table's unknown count has no interval to show
      if (f.severity == Severity::Error && (f.interval || rule == &d.rule5) && !f.cell.empty()) out.insert({f.table, f.cell});
  return out;
}

// The cells an audit with dimensions a and b taken as one variable gives away beyond `plain`; none
// when the two cannot be linked as groupings of one variable.
// `b_as`: b as a grouping of a's codes (a reference's medical areas with their municipalities).
std::vector<SuppressedCellAudit> revealed_if_one(const Submission& s, std::size_t a, std::size_t b,
                                                 const DifferencingOutput& plain, const AuditOptions& options,
                                                 const Dimension* b_as = nullptr) {
  Submission joined = s;
  if (b_as) {
    joined.dimensions[b] = *b_as;
  } else if (const auto rename = label_twin_leaves(finest_codes(s.dimensions[a]), finest_codes(s.dimensions[b]))) {
    // The same names under other codes: b's codes renamed to a's, so that linking sees one list.
    auto twin = renamed_twin(s.dimensions[b], s.dimensions[a], *rename);
    if (!twin) return {};
    joined.dimensions[b] = std::move(*twin);
  }
  std::string variable = s.dimensions[a].variable();
  if (variable.empty()) variable = "\x1f" + s.dimensions[a].id() + "=" + s.dimensions[b].id();  // no manifest spells it
  joined.dimensions[a].set_variable(variable);
  joined.dimensions[b].set_variable(variable);
  try {
    link_groupings(joined.dimensions);
  } catch (const InputError&) {
    return {};
  }
  AuditOptions quiet = options;
  quiet.progress = nullptr;
  // An earlier table's hidden count given away across the twins is a leak too (rule ⑤).
  const DifferencingOutput hypothesis = audit_differencing(additive_tables_only(joined), quiet);
  const std::set<CellKey> before = given_away(plain), after = given_away(hypothesis);
  std::map<CellKey, std::string> label;  // as the rest of the report names the cell
  for (const auto& cell : plain.rule4.audit) label[{cell.table, cell.cell}] = cell.cell_label;
  std::vector<SuppressedCellAudit> out;
  for (const auto& cell : hypothesis.rule4.audit) {
    const CellKey key{cell.table, cell.cell};
    if (!after.count(key) || before.count(key)) continue;
    out.push_back(cell);
    if (label.count(key)) out.back().cell_label = label[key];
  }
  for (const Finding& f : hypothesis.rule5.findings) {  // an earlier table's hidden counts
    const CellKey key{f.table, f.cell};
    if (f.severity != Severity::Error || f.cell.empty() || before.count(key)) continue;
    SuppressedCellAudit cell;
    cell.table = f.table;
    cell.cell = f.cell;
    cell.cell_label = f.cell_label;
    out.push_back(std::move(cell));
  }
  return out;
}

// How the two dimensions look alike, for the messages.
struct Likeness {
  std::string ja, en;
};

Likeness likeness(const Dimension& da, const Dimension& db) {
  if (code_list(da) == code_list(db)) return {"同じ末端のコードと名称を持ち", "have the same finest codes and names"};
  if (label_twin_leaves(finest_codes(da), finest_codes(db)))
    return {"コードは違っても同じ末端の名称を持ち", "have the same finest names under other codes"};
  return {"同じ範囲を覆う数値の区分（年齢階級など）を持ち", "have numeric bands (such as age bands) covering the same range"};
}

Finding warning(const Dimension& da, const Dimension& db, const Likeness& like) {
  Finding w;
  w.severity = Severity::Warning;
  w.reason_ja = "次元「" + da.id() + "」と「" + db.id() + "」は" + like.ja + "ますが、`variable:` の宣言がないため別の変数として"
                "扱い、両者にまたがる差し引きは確認していません。同じ区分（例: 同じ市町）であれば両方に同じ `variable:` を書いてください"
                "（確認が両方の表にわたります）。別の区分であれば、それぞれに異なる `variable:` を書くとこの注意は出ません。";
  w.reason_en = "Dimensions '" + da.id() + "' and '" + db.id() + "' " + like.en + " but declare no `variable:`, so "
                "they were taken as different variables and no subtraction across them was checked. If they classify the "
                "same thing (e.g. the same municipalities), give both the same `variable:` so the check spans their tables; "
                "if not, give each its own `variable:` and this warning goes away.";
  return w;
}

Finding error(const Dimension& da, const Dimension& db, const Likeness& like, const std::vector<SuppressedCellAudit>& cells) {
  Finding e;
  e.severity = Severity::Error;
  std::string names;
  for (std::size_t i = 0; i < cells.size() && i < 5; ++i) {
    names += (i ? "、" : "") + cells[i].cell_label;
    e.cells.push_back({cells[i].table, cells[i].cell, cells[i].cell_label});
  }
  const std::string more = cells.size() > 5 ? "（ほか " + std::to_string(cells.size() - 5) + " 個）" : "";
  const std::string more_en = cells.size() > 5 ? " (and " + std::to_string(cells.size() - 5) + " more)" : "";
  e.cell_label = names;
  e.reason_ja = "次元「" + da.id() + "」と「" + db.id() + "」は" + like.ja + "、`variable:` の宣言がありません。同じ区分（例: 同じ市町）で"
                "あれば、秘匿セル " + std::to_string(cells.size()) + " 個（" + names + more + "）が両者にまたがる差し引きで復元できるか、推定範囲が狭すぎます。"
                "同じ区分なら両方に同じ `variable:` を書いて確認し直し、別の区分ならそれぞれに異なる `variable:` を書いてください。";
  e.reason_en = "Dimensions '" + da.id() + "' and '" + db.id() + "' " + like.en + " and declare no `variable:`. If they "
                "classify the same thing (e.g. the same municipalities), " + std::to_string(cells.size()) + " suppressed cells (" +
                names + more_en + ") follow by subtraction across them, or their intervals are too narrow. If they are the same, "
                "give both the same `variable:` and check again; if not, give each its own `variable:`.";
  return e;
}

// The finding for dimensions a and b that may be one variable, in rule ④ (⑤ when one is only in earlier tables).
void add_pair_finding(const Submission& s, std::size_t a, std::size_t b, bool earlier_only, const Likeness& like,
                      const std::vector<SuppressedCellAudit>& revealed, DifferencingOutput& plain) {
  const Dimension &da = s.dimensions[a], &db = s.dimensions[b];
  RuleOutput& rule = earlier_only ? plain.rule5 : plain.rule4;
  Finding f = revealed.empty() ? warning(da, db, like) : error(da, db, like, revealed);
  f.rule = rule.result.rule;
  rule.findings.push_back(std::move(f));
  if (revealed.empty()) {
    rule.result.summary_ja += "。次元「" + da.id() + "」「" + db.id() + "」は同じ変数か未宣言（差し引きは未確認）";
    rule.result.summary_en += "; dimensions '" + da.id() + "' and '" + db.id() + "' may be one variable (not declared; not checked across)";
    ++rule.result.warnings;
    if (rule.result.state == RuleState::Pass) rule.result.state = RuleState::Warn;
  } else {
    rule.result.summary_ja += "。次元「" + da.id() + "」「" + db.id() + "」が同じ変数なら復元できるセルあり（未宣言）";
    rule.result.summary_en += "; cells follow if dimensions '" + da.id() + "' and '" + db.id() + "' are one variable (not declared)";
    ++rule.result.errors;
    rule.result.state = RuleState::Fail;
  }
}

// A manifest names its adjacency file and the shipped reference it came from (hyogo, japan): the medical
// areas are the reference's. Empty for another reference, or when the shipped data cannot be read.
std::map<std::string, std::string> shipped_medical_areas(const std::string& reference) {
  if (reference != "hyogo" && reference != "hyogo-wards" && reference != "japan") return {};
  try {
    return load_reference_geography("", reference).medical_area;
  } catch (const std::exception&) {
    return {};
  }
}

// Dimensions named like a geography's medical areas (阪神) but not declared as its grouping.
void add_reference_grouping_findings(const Submission& s, const std::vector<Use>& use, DifferencingOutput& plain,
                                     const AuditOptions& options) {
  for (const GeographyInfo& geography : s.geographies) {
    const int area = s.find_dimension(geography.dimension);
    if (area < 0) continue;
    const auto a = static_cast<std::size_t>(area);
    std::optional<GeographyInfo> shipped;  // the reference's medical areas, read once a dimension needs them
    for (std::size_t b = 0; b < s.dimensions.size(); ++b) {
      const Dimension& db = s.dimensions[b];
      if (b == a || !db.variable().empty() || (!use[b].planned && !use[b].earlier) || use[b].hospital) continue;
      if (same_variable(s.dimensions[a], db)) continue;
      if (geography.medical_area.empty() && !shipped) {
        shipped.emplace();
        shipped->reference = geography.reference;
        shipped->medical_area = shipped_medical_areas(geography.reference);
      }
      const GeographyInfo& g = geography.medical_area.empty() ? *shipped : geography;
      const auto grouping = as_reference_grouping(db, s.dimensions[a], g);
      if (!grouping) continue;
      const Likeness like{"（「" + db.id() + "」のコードの名称「" + grouping->areas_named + "」は参照表「" + g.reference +
                              "」の二次保健医療圏の名前です）同じ市町のグループ分けとみられ",
                          "look like groupings of the same municipalities (codes of '" + db.id() + "' are named like medical areas of "
                              "reference '" + g.reference + "': " + grouping->areas_named + ")"};
      const bool earlier_only = !use[a].planned || !use[b].planned;
      const auto revealed = grouping->dimension ? revealed_if_one(s, a, b, plain, options, &*grouping->dimension)
                                                : std::vector<SuppressedCellAudit>{};
      add_pair_finding(s, a, b, earlier_only, like, revealed, plain);
    }
  }
}

}  // namespace

void add_undeclared_variable_findings(const Submission& s, DifferencingOutput& plain, const AuditOptions& options) {
  const std::vector<Use> use = uses(s);
  for (std::size_t a = 0; a < s.dimensions.size(); ++a) {
    const Dimension& da = s.dimensions[a];
    if (!da.variable().empty() || (!use[a].planned && !use[a].earlier) || da.size() < 2) continue;
    const auto list = code_list(da);
    for (std::size_t b = a + 1; b < s.dimensions.size(); ++b) {
      const Dimension& db = s.dimensions[b];
      if (!db.variable().empty() || (!use[b].planned && !use[b].earlier)) continue;
      if (use[a].hospital != use[b].hospital) continue;
      if (code_list(db) != list && !same_numeric_cover(da, db) && !label_twin_leaves(list, code_list(db))) continue;
      const bool earlier_only = !use[a].planned || !use[b].planned;
      add_pair_finding(s, a, b, earlier_only, likeness(da, db), revealed_if_one(s, a, b, plain, options), plain);
    }
  }
  add_reference_grouping_findings(s, use, plain, options);
}

}  // namespace hitoku
