#include "rules/group_disclosure.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "hitoku/model/table_hierarchy.h"
#include "rules/cell_finding.h"
#include "rules/derived_group_size.h"
#include "rules/derived_groups.h"
#include "rules/equal_subcounts.h"
#include "rules/printed_cells.h"

namespace hitoku {

std::string named_sensitive(const Policy& policy, const Dimension& dim) {
  if (!dim.variable().empty()) return "";  // a declared variable decides
  // Words that name the registry's sensitive variables in a label or an id (the policy lists the variables).
  static const std::vector<std::pair<std::string, std::vector<std::string>>> kWords = {
      {"stage", {"進展", "病期", "ステージ", "進行度", "TNM", "stage", "Stage"}},
      {"vital_status", {"生存", "生死", "転帰", "死亡", "予後", "vital", "Vital"}}};
  for (const std::string& name : policy.sensitive_variables) {
    std::vector<std::string> words{name};
    for (const auto& [variable, w] : kWords)
      if (variable == name) words.insert(words.end(), w.begin(), w.end());
    for (const std::string& w : words)
      if (dim.label().find(w) != std::string::npos || dim.id().find(w) != std::string::npos) return name;
  }
  return "";
}

bool is_sensitive(const Policy& policy, const Dimension& dim) {
  const auto& names = policy.sensitive_variables;
  return std::find(names.begin(), names.end(), dim.id()) != names.end() ||
         (!dim.variable().empty() && std::find(names.begin(), names.end(), dim.variable()) != names.end()) ||
         !named_sensitive(policy, dim).empty();
}

DisclosedGroup disclosed_group(const Submission& s, CellRef category, CellRef group, std::size_t td, int group_dim,
                               int group_code) {
  const Table& t = s.tables[static_cast<std::size_t>(category.table)];
  auto codes = t.cell_codes(category.flat);
  codes[td] = group_code;
  auto dims = t.dims;
  dims[td] = group_dim;
  DisclosedGroup g;
  g.category = category;
  g.group = group;
  g.group_label = s.cell_label(t, codes, dims);
  g.dimension = td;
  return g;
}

namespace {

// A total along one table dimension and the positions of its children there. `total` is the
// total's position, or -1 when the table leaves it out but its children cover its leaves exactly.
struct Family {
  int total = -1, code = -1;
  std::vector<int> children;
};

std::vector<Family> families(const Submission& s, const Table& t, std::size_t td, const std::vector<std::vector<int>>& kids) {
  std::vector<Family> out;
  const Dimension& dim = s.dimensions[static_cast<std::size_t>(t.dims[td])];
  const auto& codes = t.codes[td];
  std::map<int, std::vector<int>> left_out;  // a parent code the table does not show -> its children here
  for (std::size_t p = 0; p < codes.size(); ++p) {
    if (kids[p].size() >= 2) out.push_back({static_cast<int>(p), codes[p], kids[p]});
    const int parent = dim.parent(codes[p]);
    if (parent >= 0 && std::find(codes.begin(), codes.end(), parent) == codes.end())
      left_out[parent].push_back(static_cast<int>(p));
  }
  for (auto& [parent, children] : left_out) {
    std::size_t leaves = 0;
    for (int q : children) leaves += dim.leaves_under(codes[static_cast<std::size_t>(q)]).size();
    if (children.size() >= 2 && leaves == dim.leaves_under(parent).size()) out.push_back({-1, parent, children});
  }
  return out;
}

bool has_sensitive_dimension(const Submission& s) {
  for (const Table& t : s.tables)
    for (int d : t.dims)
      if (is_sensitive(s.policy, s.dimensions[static_cast<std::size_t>(d)])) return true;
  return false;
}

// Groups of one family of table t along td: each combination of the other dimensions' codes whose
// categories are all known to be 0 but one, the group known to be non-empty.
void family_groups(const Submission& s, int table, std::size_t td, const Family& family, const PrintedCells& printed,
                   const std::function<bool(int, std::size_t)>& known_zero, std::vector<DisclosedGroup>& out) {
  const Table& t = s.tables[static_cast<std::size_t>(table)];
  auto zero = [&](std::size_t f) { return is_suppressed(t.status[f]) ? known_zero(table, f) : t.value[f] == 0; };
  auto printed_positive = [&](std::size_t f) { return !is_suppressed(t.status[f]) && t.value[f] > 0; };
  const int anchor = family.total >= 0 ? family.total : family.children.front();
  for (std::size_t f = 0; f < t.cell_count(); ++f) {
    auto pos = t.positions(f);
    if (pos[td] != anchor) continue;  // once per group: the other dimensions' codes
    DisclosedGroup g;
    int open = 0;
    for (int q : family.children) {
      pos[td] = q;
      const std::size_t child = t.flat_index(pos);
      if (zero(child)) g.zero_children.push_back({table, child});
      else if (++open == 1) g.category = {table, child};
    }
    if (open != 1) continue;
    g.group = family.total >= 0 ? CellRef{table, f} : g.category;
    auto codes = t.cell_codes(g.category.flat);
    codes[td] = family.code;
    g.group_label = s.cell_label(t, codes);
    g.dimension = td;
    // The reader must know the group is not empty: its total (here or in any table) or the category
    // printed above 0.
    auto printed_elsewhere = [&] {
      auto key = printed.key_of(t, g.category.flat);
      printed.set_code(key, t.dims[td], family.code);
      const auto size = printed.value(key);
      return size && *size > 0;
    };
    if ((family.total >= 0 && printed_positive(f)) || printed_positive(g.category.flat) || printed_elsewhere())
      out.push_back(std::move(g));
  }
}

// A printed category equal to its group's size printed in any table (the other categories need not
// be shown): every patient of the group is in that category. The group may be a code of another
// grouping of the variable (表1 prints 遠隔 24, 表2 prints 進行 = 領域 + 遠隔 24 for the same town). An earlier publication's category counts
// only with a size this submission prints and no earlier publication does (this submission completes
// the disclosure; the size cell is the one to name).
void equal_to_group(const Submission& s, int table, std::size_t td, const PrintedCells& printed,
                    std::vector<DisclosedGroup>& out) {
  const Table& t = s.tables[static_cast<std::size_t>(table)];
  for (std::size_t f = 0; f < t.cell_count(); ++f) {
    if (is_suppressed(t.status[f]) || t.value[f] <= 0) continue;
    auto key = printed.key_of(t, f);
    for (const auto& [group_dim, group] : larger_groups_across(s, t.dims[td], t.cell_codes(f)[td])) {
      printed.set_code(key, group_dim, group);
      const auto size = printed.value(key);
      if (!size || *size != t.value[f]) continue;
      CellRef named{table, f};
      if (t.earlier_publication) {
        const auto where = printed.where(key);
        if (!where || where->table < 0 || where->earlier) continue;
        named = {where->table, where->flat};
      }
      out.push_back(disclosed_group(s, {table, f}, named, td, group_dim, group));
      break;
    }
  }
}

}  // namespace

std::vector<DisclosedGroup> find_disclosed_groups(
    const Submission& s, const std::function<bool(int, std::size_t)>& known_zero, bool* sizes_checked,
    const std::function<std::optional<std::pair<std::int64_t, std::int64_t>>(int, std::size_t)>& bounds) {
  std::vector<DisclosedGroup> out;
  if (s.policy.sensitive_variables.empty() || !has_sensitive_dimension(s)) return out;
  const PrintedCells printed(s);
  for (std::size_t ti = 0; ti < s.tables.size(); ++ti) {
    const Table& t = s.tables[ti];
    if (t.earlier_publication) continue;
    const int table = static_cast<int>(ti);
    const auto kids = exact_children(s, t);
    for (std::size_t td = 0; td < t.dims.size(); ++td) {
      if (!is_sensitive(s.policy, s.dimensions[static_cast<std::size_t>(t.dims[td])])) continue;
      for (const Family& family : families(s, t, td, kids[td])) family_groups(s, table, td, family, printed, known_zero, out);
      std::vector<DisclosedGroup> equal;
      equal_to_group(s, table, td, printed, equal);
      std::set<std::pair<int, std::size_t>> named;  // a category the families already report
      for (const auto& g : out) named.insert({g.category.table, g.category.flat});
      for (auto& g : equal)
        if (!named.count({g.category.table, g.category.flat})) out.push_back(std::move(g));
    }
  }
  for (std::size_t ti = 0; ti < s.tables.size(); ++ti)  // earlier publications' categories
    for (std::size_t td = 0; td < s.tables[ti].dims.size(); ++td)
      if (s.tables[ti].earlier_publication &&
          is_sensitive(s.policy, s.dimensions[static_cast<std::size_t>(s.tables[ti].dims[td])]))
        equal_to_group(s, static_cast<int>(ti), td, printed, out);
  std::vector<DisclosedGroup> derived;  // sizes no table prints, given by the published values
  equal_printed_subcounts(s, printed, derived);
  LazyInnerSpace space(s);  // one inner space for both eliminations
  bool checked = equal_to_derived_group(s, printed, space, derived);
  checked = equal_derived_subcounts(s, printed, space, derived) && checked;
  std::set<std::pair<int, std::size_t>> named;
  for (const auto& g : out) named.insert({g.category.table, g.category.flat});
  for (auto& g : derived)  // one finding per cell named, the first way found
    if (named.insert({g.category.table, g.category.flat}).second) out.push_back(std::move(g));
  // Any group whose other categories the published values give as 0 (the ways above left out).
  std::vector<DisclosedGroup> more;
  checked = derived_group_disclosures(s, space, bounds, out, more) && checked;
  if (sizes_checked) *sizes_checked = checked;
  for (auto& g : more)  // one finding per cell named, as above
    if (named.insert({g.category.table, g.category.flat}).second) out.push_back(std::move(g));
  return out;
}

namespace {

// A category count no table prints, given by the published values, equal to its group's size.
Finding computed_category_finding(const Submission& s, const DisclosedGroup& g) {
  const Table& t = s.tables[static_cast<std::size_t>(g.category.table)];
  const std::string value = std::to_string(g.category_value);
  return cell_finding(
      s, t, g.category.flat, "1", Severity::Error,
      "このセルを含む公表値から「" + g.category_label + "」が " + value + " と計算でき、集団「" + g.group_label +
          "」の人数と等しいため、集団の患者全員がその区分と分かります。このセルなど計算に使われる値を秘匿してください"
          "（規約第12(3)①「任意の組み合わせによる集計値から特定の個人を識別できる場合は公表しないこと」）。",
      "The published values, this cell among them, give '" + g.category_label + "' = " + value +
          ", equal to the size of the group '" + g.group_label + "': every patient of the group is seen to share "
          "that category. Suppress this cell or another value the computation uses (terms §12(3) ①: no aggregate, "
          "in any combination, may identify a person).");
}

// A group no table prints whose other categories the published values give as 0.
Finding unprinted_group_finding(const Submission& s, const DisclosedGroup& g) {
  const Table& t = s.tables[static_cast<std::size_t>(g.category.table)];
  std::string how;
  for (const auto& [cell, k] : g.how) {
    const Table& ct = s.tables[static_cast<std::size_t>(cell.table)];
    how += (how.empty() ? (k < 0 ? "− " : "") : (k < 0 ? " − " : " + ")) +
           ((k == 1 || k == -1) ? "" : std::to_string(k < 0 ? -k : k) + "×") + s.cell_label(ct, cell.flat);
  }
  const std::string how_ja = how.empty() ? "" : "（例えば " + how + " = 0）";
  const std::string how_en = how.empty() ? "" : " (e.g. " + how + " = 0)";
  Finding f = cell_finding(
      s, t, g.category.flat, "1", Severity::Error,
      "集団「" + g.group_label + "」について、公表値から「" + g.category_label +
          "」以外の区分の件数がすべて 0 と計算でき" + how_ja + "、集団に患者がいることも分かるため、集団の患者全員が「" +
          g.category_label + "」と分かります。このセルなど計算に使われる値を秘匿してください"
          "（規約第12(3)①「任意の組み合わせによる集計値から特定の個人を識別できる場合は公表しないこと」）。",
      "For the group '" + g.group_label + "', the published values give every category but '" +
          g.category_label + "' as 0" + how_en + " and show the group is not empty: every patient of the group is seen "
          "to be '" + g.category_label + "'. Suppress this cell or another value the computation uses (terms §12(3) ①: "
          "no aggregate, in any combination, may identify a person).");
  for (const auto& [cell, k] : g.how) {
    const Table& ct = s.tables[static_cast<std::size_t>(cell.table)];
    f.certificate.push_back({ct.id, s.cell_key(ct, cell.flat), s.cell_label(ct, cell.flat), k});
  }
  return f;
}

// A dimension taken as sensitive by its name only: the reader is told, so a wrong guess is seen.
void add_named_sensitive_notes(const Submission& s, Report& report) {
  std::set<int> used;
  for (const Table& t : s.tables) used.insert(t.dims.begin(), t.dims.end());
  for (int d : used) {
    const Dimension& dim = s.dimensions[static_cast<std::size_t>(d)];
    const std::string& listed = dim.id();
    const auto& names = s.policy.sensitive_variables;
    if (std::find(names.begin(), names.end(), listed) != names.end()) continue;
    const std::string variable = named_sensitive(s.policy, dim);
    if (variable.empty()) continue;
    Finding f;
    f.rule = "1";
    f.severity = Severity::Info;
    f.reason_ja = "次元「" + dim.id() + "」（" + dim.label() + "）は名前からポリシーの機微な変数「" + variable +
                  "」とみなし、集団の全員が同じ区分と分かるか（規則①）を確認しました。別の変数なら `variable:` にその名前を、"
                  "同じなら `variable: " + variable + "` を書いてください。";
    f.reason_en = "Dimension '" + dim.id() + "' (" + dim.label() + ") was taken by its name as the policy's sensitive variable '" +
                  variable + "' and checked for groups whose patients all share one category (rule ①). Declare `variable: " +
                  variable + "` if it is, or its own `variable:` if it is not.";
    report.findings.push_back(std::move(f));
  }
}

}  // namespace

void add_group_disclosure_findings(const Submission& s, Report& report) {
  if (s.policy.sensitive_variables.empty()) return;
  // Suppressed cells the audit recovered are known to the reader; with a true value 0 they are zeros.
  std::map<std::pair<std::string, std::map<std::string, std::string>>, bool> recovered;
  for (const auto& a : report.audit)
    if (a.recoverable) recovered[{a.table, a.cell}] = true;
  auto known_zero = [&](int table, std::size_t flat) {
    const Table& t = s.tables[static_cast<std::size_t>(table)];
    return t.value[flat] == 0 && recovered.count({t.id, s.cell_key(t, flat)}) > 0;
  };
  // The attacker's interval of each suppressed cell (an outer bound on cyclic sets: its lower end still holds).
  std::map<std::pair<std::string, std::map<std::string, std::string>>, std::pair<std::int64_t, std::int64_t>> interval;
  for (const auto& a : report.audit) {
    if (a.unproven) continue;
    if (a.recoverable || a.interval_withheld) continue;  // a recovered cell: its true value, below
    interval[{a.table, a.cell}] = {a.interval.lower, a.interval.upper};  // exact, or outer: the lower end holds
  }
  auto bounds = [&](int table, std::size_t flat) -> std::optional<std::pair<std::int64_t, std::int64_t>> {
    const Table& t = s.tables[static_cast<std::size_t>(table)];
    const auto key = std::make_pair(t.id, s.cell_key(t, flat));
    if (recovered.count(key)) return std::make_pair(t.value[flat], t.value[flat]);
    if (auto it = interval.find(key); it != interval.end()) return it->second;
    return std::nullopt;
  };
  bool sizes_checked = true;
  const auto groups = find_disclosed_groups(s, known_zero, &sizes_checked, bounds);
  add_named_sensitive_notes(s, report);
  RuleResult* one = nullptr;
  for (auto& r : report.rules)
    if (r.rule == "1") one = &r;
  if (!sizes_checked) {
    Finding f;
    f.rule = "1";
    f.severity = Severity::Warning;
    f.reason_ja = "内側セル（または集団の候補）が多いため、どの表にも載っていない集団の大きさや区分の件数が公表値から求まり、"
                  "集団の全員が同じ属性と分かるかは確認していません（規約第12(3)①）。";
    f.reason_en = "Too many inner cells (or candidate groups): whether the published values give a group's size or "
                  "categories that no table prints, showing every patient of the group sharing one category, was not "
                  "checked (terms §12(3) ①).";
    report.findings.push_back(std::move(f));
    if (one) {
      ++one->warnings;
      if (one->state == RuleState::Pass) one->state = RuleState::Warn;
    }
  }
  for (const DisclosedGroup& g : groups) {
    if (g.derived) {
      report.findings.push_back(unprinted_group_finding(s, g));
      continue;
    }
    if (!g.category_label.empty()) {
      report.findings.push_back(computed_category_finding(s, g));
      continue;
    }
    const Table& t = s.tables[static_cast<std::size_t>(g.category.table)];
    const auto codes = t.cell_codes(g.category.flat);
    const std::size_t td = g.dimension;
    const Dimension& dim = s.dimensions[static_cast<std::size_t>(t.dims[td])];
    const std::string attr = dim.label(), category = dim.code_label(codes[td]);
    const std::string& group = g.group_label;
    if (t.earlier_publication && g.size_derived) {  // the size follows from values printed here
      const Table& sized = s.tables[static_cast<std::size_t>(g.group.table)];
      report.findings.push_back(cell_finding(
          s, sized, g.group.flat, "1", Severity::Error,
          "このセルを含む公表値から集団「" + group + "」の人数が計算でき、既公表「" + t.title + "」の" + attr + "「" +
              category + "」の件数と等しいため、集団の患者全員が「" + category + "」と分かります。このセルなどを秘匿してください"
              "（規約第12(3)①「任意の組み合わせによる集計値から特定の個人を識別できる場合は公表しないこと」）。",
          "The published values, this cell among them, give the size of the group '" + group + "', equal to the count of " +
              attr + " '" + category + "' printed in the earlier publication '" + t.title +
              "': every patient of the group is seen to be '" + category +
              "'. Suppress this cell or another the computation uses (terms §12(3) ①: no aggregate, in any combination, "
              "may identify a person)."));
      continue;
    }
    if (t.earlier_publication) {  // the earlier category is public: the size printed here completes it
      const Table& sized = s.tables[static_cast<std::size_t>(g.group.table)];
      report.findings.push_back(cell_finding(
          s, sized, g.group.flat, "1", Severity::Error,
          "このセルは集団「" + group + "」の人数で、既公表「" + t.title + "」の" + attr + "「" + category +
              "」の件数と等しいため、集団の患者全員が「" + category + "」と分かります。このセルを秘匿してください"
              "（規約第12(3)①「任意の組み合わせによる集計値から特定の個人を識別できる場合は公表しないこと」）。",
          "This cell is the size of the group '" + group + "', equal to the count of " + attr + " '" + category +
              "' printed in the earlier publication '" + t.title + "': every patient of the group is seen to be '" +
              category + "'. Suppress this cell (terms §12(3) ①: no aggregate, in any combination, may identify a person)."));
      continue;
    }
    Finding f = cell_finding(
        s, t, g.category.flat, "1", Severity::Error,
        "集団「" + group + "」の患者は全員が" + attr + "「" + category +
            "」です（他の区分はすべて0）。各患者の" + attr +
            "が分かるため、このセルか0のセルを秘匿してください（規約第12(3)①「任意の組み合わせによる集計値から特定の個人を識別できる場合は公表しないこと」）。",
        "Every patient of the group '" + group + "' has " + attr + " '" + category +
            "' (every other category is 0), so each patient's " + attr +
            " is disclosed; suppress this cell or a zero beside it (terms §12(3) ①: no aggregate, in any "
            "combination, may identify a person).");
    report.findings.push_back(std::move(f));
  }
  if (!one) return;
  if (!groups.empty()) {
    one->errors += static_cast<long long>(groups.size());
    const std::string ja = "集団の全員が同じ属性: " + std::to_string(groups.size()) + " 件";
    const std::string en = std::to_string(groups.size()) + " groups whose patients all share one sensitive attribute";
    const bool first = one->state == RuleState::NotChecked;
    one->summary_ja = first ? ja : one->summary_ja + "。" + ja;
    one->summary_en = first ? en : one->summary_en + "; " + en;
    one->state = RuleState::Fail;
  }
}

}  // namespace hitoku
