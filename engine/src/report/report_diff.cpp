// Re-reports: the changes between two reports, matched by table id and by cell codes (not position),
// so a table that gained a row still compares cell by cell.
#include "hitoku/report/report_diff.h"

#include <limits>
#include <set>

namespace hitoku {
namespace {

using CellKey = std::map<std::string, std::string>;

std::string verdict_text(bool passed) { return passed ? "pass" : "fail"; }

std::string interval_text(const SuppressedCellAudit& a) {
  if (a.recoverable) return "recoverable";
  if (a.unproven) return "not proven";
  if (a.interval_withheld) return "withheld";
  const std::string hi = a.interval.upper == std::numeric_limits<long long>::max() ? "∞" : std::to_string(a.interval.upper);
  return "[" + std::to_string(a.interval.lower) + ", " + hi + "]";
}

// One cell of a report table: its status, published value and label.
struct CellView {
  std::string status, value, label;
};

std::map<CellKey, CellView> cells_of(const ReportTable& t) {
  std::map<CellKey, CellView> out;
  const std::size_t nd = t.codes.size();
  for (std::size_t flat = 0; flat < t.status.size(); ++flat) {
    std::size_t rest = flat;
    std::vector<std::size_t> pos(nd);
    for (std::size_t d = nd; d-- > 0;) {
      pos[d] = rest % t.codes[d].size();
      rest /= t.codes[d].size();
    }
    CellKey key;
    std::string label = t.title + ":";
    for (std::size_t d = 0; d < nd; ++d) {
      key[t.dimension_ids[d]] = t.codes[d][pos[d]];
      label += (d ? " × " : " ") + t.labels[d][pos[d]];
    }
    out[key] = {t.status[flat], t.published[flat] ? std::to_string(*t.published[flat]) : "", label};
  }
  return out;
}

bool suppressed(const std::string& status) { return status != "published" && status != "merged"; }

class Differ {
 public:
  Differ(const Report& a, const Report& b) : a_(a), b_(b) {}

  ReportDiff run() {
    d_.old_title = a_.info.title;
    d_.new_title = b_.info.title;
    d_.old_generated_at = a_.generated_at;
    d_.new_generated_at = b_.generated_at;
    d_.old_passed = a_.passed;
    d_.new_passed = b_.passed;
    if (a_.passed != b_.passed)
      add("verdict", "", {}, "", verdict_text(a_.passed), verdict_text(b_.passed), "判定が変わりました", "the verdict changed");
    rules();
    submission();
    tables();
    findings();
    intervals();
    return std::move(d_);
  }

 private:
  const Report &a_, &b_;
  ReportDiff d_;

  void add(std::string kind, std::string table, CellKey cell, std::string label, std::string before, std::string after,
           std::string ja, std::string en) {
    d_.changes.push_back({std::move(kind), std::move(table), std::move(cell), std::move(label), std::move(before),
                          std::move(after), std::move(ja), std::move(en)});
  }

  void rules() {
    std::map<std::string, const RuleResult*> old;
    for (const auto& r : a_.rules) old[r.rule] = &r;
    for (const auto& r : b_.rules) {
      auto it = old.find(r.rule);
      const std::string before = it == old.end() ? "" : to_string(it->second->state);
      if (before != to_string(r.state))
        add("rule", "", {}, "rule " + r.rule, before, to_string(r.state), "規則 " + r.rule + " の判定が変わりました",
            "the verdict of rule " + r.rule + " changed");
    }
  }

  void submission() {
    const SubmissionInfo &x = a_.info, &y = b_.info;
    const std::pair<const char*, std::pair<std::string, std::string>> fields[] = {
        {"title", {x.title, y.title}}, {"approval", {x.approval_number + " " + x.approval_date, y.approval_number + " " + y.approval_date}},
        {"publication", {x.publication_venue + " " + x.publication_date, y.publication_venue + " " + y.publication_date}},
        {"policy", {a_.policy_id + " " + a_.policy_version, b_.policy_id + " " + b_.policy_version}}};
    for (const auto& [name, values] : fields)
      if (values.first != values.second)
        add("submission", "", {}, name, values.first, values.second, std::string("提出内容（") + name + "）が変わりました",
            std::string("the submission's ") + name + " changed");
  }

  void tables() {
    std::map<std::string, const ReportTable*> old, fresh;
    for (const auto& t : a_.tables) old[t.id] = &t;
    for (const auto& t : b_.tables) fresh[t.id] = &t;
    for (const auto& t : a_.tables)
      if (!fresh.count(t.id)) add("table_removed", t.id, {}, t.title, t.title, "", "表がなくなりました", "table removed");
    for (const auto& t : b_.tables) {
      auto it = old.find(t.id);
      if (it == old.end()) {
        add("table_added", t.id, {}, t.title, "", t.title, "表が加わりました", "table added");
        continue;
      }
      cells(*it->second, t);
    }
  }

  void cells(const ReportTable& ta, const ReportTable& tb) {
    const auto before = cells_of(ta), after = cells_of(tb);
    for (const auto& [key, c] : before)
      if (!after.count(key)) add("cell_removed", tb.id, key, c.label, c.value, "", "セルがなくなりました", "cell removed");
    for (const auto& [key, c] : after) {
      auto it = before.find(key);
      if (it == before.end()) {
        add("cell_added", tb.id, key, c.label, "", c.value, "セルが加わりました", "cell added");
        continue;
      }
      const CellView& o = it->second;
      const bool was = suppressed(o.status), is = suppressed(c.status);
      if (!was && is)
        add("suppression_added", tb.id, key, c.label, o.value, c.status, "秘匿されました", "now suppressed");
      else if (was && !is)
        add("suppression_removed", tb.id, key, c.label, o.status, c.value, "秘匿が外れました（公表されます）", "no longer suppressed (now published)");
      else if (o.status != c.status)
        add("status", tb.id, key, c.label, o.status, c.status, "秘匿の種類が変わりました", "kind of suppression changed");
      else if (o.value != c.value)
        add("value", tb.id, key, c.label, o.value, c.value, "公表値が変わりました", "published value changed");
    }
  }

  static std::string finding_key(const Finding& f) {
    std::string k = f.rule + "|" + f.table + "|" + f.reason_en + "|";
    for (const auto& [d, c] : f.cell) k += d + "=" + c + ",";
    return k;
  }

  void findings() {
    std::multiset<std::string> old, fresh;
    for (const auto& f : a_.findings) old.insert(finding_key(f));
    for (const auto& f : b_.findings) fresh.insert(finding_key(f));
    for (const auto& f : a_.findings)
      if (!fresh.count(finding_key(f)))
        add("finding_removed", f.table, f.cell, f.cell_label, "rule " + f.rule + ": " + f.reason_en, "",
            "指摘がなくなりました: " + f.reason_ja, "finding resolved: " + f.reason_en);
    for (const auto& f : b_.findings)
      if (!old.count(finding_key(f)))
        add("finding_added", f.table, f.cell, f.cell_label, "", "rule " + f.rule + ": " + f.reason_en,
            "新しい指摘: " + f.reason_ja, "new finding: " + f.reason_en);
  }

  void intervals() {
    std::map<std::pair<std::string, CellKey>, const SuppressedCellAudit*> old;
    for (const auto& a : a_.audit) old[{a.table, a.cell}] = &a;
    for (const auto& a : b_.audit) {
      auto it = old.find({a.table, a.cell});
      if (it == old.end()) continue;  // a new suppression is reported with the cells
      const std::string x = interval_text(*it->second), y = interval_text(a);
      if (x != y) add("interval", a.table, a.cell, a.cell_label, x, y, "攻撃者の推定区間が変わりました", "attacker interval changed");
    }
  }
};

}  // namespace

ReportDiff diff_reports(const Report& before, const Report& after) { return Differ(before, after).run(); }

nlohmann::json report_diff_to_json(const ReportDiff& d) {
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& c : d.changes)
    changes.push_back({{"kind", c.kind}, {"table", c.table}, {"cell", c.cell}, {"label", c.label}, {"before", c.before},
                       {"after", c.after}, {"message", {{"ja", c.message_ja}, {"en", c.message_en}}}});
  return {{"diff_version", "1.0"},
          {"old", {{"title", d.old_title}, {"generated_at", d.old_generated_at}, {"verdict", verdict_text(d.old_passed)}}},
          {"new", {{"title", d.new_title}, {"generated_at", d.new_generated_at}, {"verdict", verdict_text(d.new_passed)}}},
          {"unchanged", d.unchanged()},
          {"changes", changes}};
}

}  // namespace hitoku
