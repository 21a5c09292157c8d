#include "rules/derived_findings.h"

#include <algorithm>
#include <map>

#include "hitoku/derived/derived_values.h"
#include "rules/cell_finding.h"

namespace hitoku {
namespace {

Finding table_finding(const Table& t, Severity severity, std::string ja, std::string en) {
  Finding f;
  f.rule = "4";
  f.severity = severity;
  f.table = t.id;
  f.reason_ja = std::move(ja);
  f.reason_en = std::move(en);
  return f;
}

// Whether a cell (dimension id -> code) may share inner cells with cell `flat` of `t`: in every dimension
// both name, one code lies under the other (groupings of one variable are other dimensions: no test).
bool may_overlap(const Submission& s, const std::map<std::string, std::string>& cell, const Table& t, std::size_t flat) {
  const auto codes = t.cell_codes(flat);
  for (std::size_t d = 0; d < codes.size(); ++d) {
    const Dimension& dim = s.dimensions[t.dims[d]];
    const auto it = cell.find(dim.id());
    if (it == cell.end()) continue;
    const int a = dim.find(it->second), b = codes[d];
    bool nested = false;
    for (int x = a; x >= 0 && !nested; x = dim.parent(x)) nested = x == b;
    for (int x = b; x >= 0 && !nested; x = dim.parent(x)) nested = x == a;
    if (!nested) return false;
  }
  return true;
}

// Whether derived range r involves the finding's cell: one of its terms is the cell, or (an earlier
// publication's range, rule ⑤) may share inner cells with it.
bool involves(const Submission& s, const DerivedRange& r, const Finding& f, bool with_earlier) {
  const Table& t = s.tables[static_cast<std::size_t>(r.table)];
  if (r.earlier) {
    if (!with_earlier || f.cell.empty()) return false;
    for (const auto& [cell, a] : r.terms)
      if (may_overlap(s, f.cell, t, cell)) return true;
    return false;
  }
  if (t.id != f.table) return false;
  for (const auto& [cell, a] : r.terms)
    if (s.cell_key(t, cell) == f.cell) return true;
  return false;
}

// Rules ④⑤ findings on a cell that a derived value bounds say which value and how.
void explain_cells(const Submission& s, const DerivedAnalysis& analysis, bool with_earlier, RuleOutput& out) {
  std::map<std::pair<std::string, std::map<std::string, std::string>>, const DerivedBound*> by_cell;
  for (const DerivedBound& b : analysis.bounds) {  // those with earlier publications come last
    if (b.earlier && !with_earlier) continue;
    const Table& t = s.tables[static_cast<std::size_t>(b.table)];
    by_cell[{t.id, s.cell_key(t, b.flat)}] = &b;
  }
  for (Finding& f : out.findings) {
    // A certificate may use a suppressed cell that a derived value pins (a row of the audit): say so.
    for (CertificateTerm& term : f.certificate)
      if (by_cell.count({term.table, term.cell}) && term.label.find("派生値") == std::string::npos)
        term.label += "（秘匿、派生値から / suppressed, known from a derived value）";
    // Derived values over several suppressed cells that this cell is one of: named, since the
    // published counts alone may not tell the attacker as much.
    for (const DerivedRange& r : analysis.ranges) {
      const Table& t = s.tables[static_cast<std::size_t>(r.table)];
      if (!involves(s, r, f, with_earlier) || f.reason_ja.find(r.text_ja) != std::string::npos) continue;
      f.reason_ja += " " + r.text_ja + "。";
      f.reason_en += " The " + r.text_en + ".";
      for (const auto& [cell, a] : r.terms) {
        FindingCell fc{t.id, s.cell_key(t, cell), s.cell_label(t, cell)};
        const bool known = std::any_of(f.cells.begin(), f.cells.end(),
                                       [&](const FindingCell& o) { return o.cell == fc.cell && o.table == fc.table; });
        if (!known) f.cells.push_back(std::move(fc));
      }
    }
    auto it = by_cell.find({f.table, f.cell});
    if (it == by_cell.end()) continue;
    f.reason_ja += " 派生値がこの件数を与えます: " + it->second->explanation_ja;
    f.reason_en += " A derived value gives this count away: " + it->second->explanation_en;
  }
}

// An earlier publication's derived value the audit cannot carry over to this submission's cells.
Finding earlier_unaudited(const Submission& s, const Table& t, const UnauditedDerived& u) {
  std::string cells_ja, cells_en;
  for (const auto& c : u.suppressed_cells) cells_ja += (cells_ja.empty() ? "" : "、") + c;
  for (const auto& c : u.suppressed_cells) cells_en += (cells_en.empty() ? "" : ", ") + c;
  return cell_finding(
      s, t, u.flat, "5", Severity::Error,
      "既公表「" + t.id + "」の派生値「" + u.column + "」は秘匿セル（" + cells_ja + "）を制約しますが、この提出の表に同じ秘匿セルが"
      "ないか 2 つ以上のセルにわたるため、監査していません。この値と今回の表を合わせて審査者が確認してください。",
      "Derived value '" + u.column + "' of earlier publication '" + t.id + "' constrains suppressed cells (" + cells_en +
          ") that are not one suppressed cell of this submission's tables: it was NOT audited. The reviewer must check it "
          "together with these tables.");
}

void unaudited_columns(const Table& t, RuleOutput& rule4) {
  for (const UnauditedColumn& u : t.unaudited) {
    if (u.not_modelled) {
      rule4.findings.push_back(table_finding(
          t, Severity::Error,
          "列「" + u.header + "」（" + u.reason + "）は監査で扱えない統計量です（not_modelled）。秘匿した件数を明かさないか、"
          "審査者が手で確認してください。確認の結果は例外（exceptions）として根拠とともに宣言できます。",
          "Column '" + u.header + "' (" + u.reason + ") is a statistic the audit does not model (not_modelled): the "
          "reviewer must check by hand that it does not give a suppressed count away; the outcome can be declared as an "
          "exception with its basis."));
      ++rule4.result.errors;
    } else {
      rule4.findings.push_back(table_finding(t, Severity::Info,
                                             "列「" + u.header + "」は監査していません（ignore_columns）。理由: " + u.reason,
                                             "Column '" + u.header + "' is not audited (ignore_columns). Reason: " + u.reason));
    }
  }
}

void withheld_values(const Table& t, RuleOutput& rule4) {
  for (const DerivedColumn& c : t.derived) {
    long long withheld = 0, marked = 0, printed = 0;
    for (const DerivedValue& v : c.values) {
      withheld += v.state == DerivedValue::State::Withheld;
      marked += v.state == DerivedValue::State::Marked;
      printed += v.published();
    }
    std::string ja = "派生値「" + c.header + "」（" + to_string(c.kind) + "、小数 " + std::to_string(c.decimals) + " 桁）: 公表 " +
                     std::to_string(printed) + " 個";
    std::string en = "Derived value '" + c.header + "' (" + to_string(c.kind) + ", " + std::to_string(c.decimals) +
                     " decimals): " + std::to_string(printed) + " published";
    if (marked) {
      ja += "、秘匿記号 " + std::to_string(marked) + " 個";
      en += ", " + std::to_string(marked) + " suppressed by the user";
    }
    if (withheld) {
      ja += "、秘匿した件数とともに秘匿 " + std::to_string(withheld) + " 個";
      en += ", " + std::to_string(withheld) + " withheld with their suppressed counts";
    }
    if (!c.rounding_stated) {
      ja += "。丸めの方法（rounding）が申告されていないため、四捨五入・偶数丸め・切り捨てのうち真の値から同じ値を印刷するすべての"
            "規則の区間の共通部分で監査しました（読者が作成者の規則を知りうるため。申告すればその規則だけで監査します）";
      en += ". No rounding was declared: each value was audited on the intersection of the intervals of every rule (half_up, "
            "half_even, down) that prints it from the true value, as a reader may know the author's rule (declare `rounding` "
            "to audit that rule alone)";
    }
    rule4.findings.push_back(table_finding(t, Severity::Info, ja + "。公表値は件数の区間として監査しました。",
                                           en + ". Published values were audited as intervals on the counts."));
  }
}

}  // namespace

void add_derived_value_findings(const Submission& s, RuleOutput& rule4, RuleOutput& rule5) {
  const DerivedAnalysis analysis = analyse_derived_values(s);
  explain_cells(s, analysis, false, rule4);
  explain_cells(s, analysis, true, rule5);
  for (const UnauditedDerived& u : analysis.unaudited) {
    const Table& t = s.tables[static_cast<std::size_t>(u.table)];
    if (u.earlier) {
      rule5.findings.push_back(earlier_unaudited(s, t, u));
      ++rule5.result.errors;
      continue;
    }
    std::string cells_ja, cells_en;
    for (const auto& c : u.suppressed_cells) cells_ja += (cells_ja.empty() ? "" : "、") + c;
    for (const auto& c : u.suppressed_cells) cells_en += (cells_en.empty() ? "" : ", ") + c;
    rule4.findings.push_back(cell_finding(
        s, t, u.flat, "4", Severity::Error,
        "派生値「" + u.column + "」は秘匿した 2 つ以上のセル（" + cells_ja + "）にわたる不等式で、その整数係数が監査の 64 ビット"
        "の行に収まりません（監査していません）。この値も秘匿するか、審査者が確認してください。",
        "Derived value '" + u.column + "' is an inequality over two or more suppressed cells (" + cells_en +
            ") whose integer coefficients do not fit the audit's 64-bit rows: it was NOT audited. Suppress it too, or "
            "have the reviewer check it."));
    ++rule4.result.errors;
  }
  for (const Table& t : s.tables) {
    if (t.earlier_publication) continue;
    unaudited_columns(t, rule4);
    withheld_values(t, rule4);
  }
  if (rule4.result.errors > 0) rule4.result.state = RuleState::Fail;
  if (rule5.result.errors > 0) rule5.result.state = RuleState::Fail;
}

}  // namespace hitoku
