// Rule ② in combination: a sum of suppressed cells that the published values give away must not be
// a small count either ("単体又は他の登録情報と組み合わせによる集計値"). See docs/audit.md.
#include "rules/small_combinations.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include "hitoku/audit/inner_space.h"
#include "hitoku/model/table_hierarchy.h"
#include "rules/combination_elimination.h"
#include "rules/earlier_only.h"
#include "rules/published_cover.h"

namespace hitoku {
namespace {

// Relations inside one planned table: a published parent whose children partition it exactly,
// two or more of them suppressed. Earlier publications enter through the elimination.
void scan_remainders(const Submission& s, std::vector<DerivedSum>& out) {
  for (std::size_t ti = 0; ti < s.tables.size(); ++ti) {
    const Table& t = s.tables[ti];
    if (t.earlier_publication) continue;
    const auto kids = exact_children(s, t);
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      if (is_suppressed(t.status[f])) continue;
      auto pos = t.positions(f);
      for (std::size_t td = 0; td < pos.size(); ++td) {
        const auto& k = kids[td][static_cast<std::size_t>(pos[td])];
        if (k.size() < 2) continue;
        DerivedSum d;
        d.terms.push_back({static_cast<int>(ti), f});
        d.coefficients.push_back(1);
        d.value = t.value[f];
        const int keep = pos[td];
        for (int q : k) {
          pos[td] = q;
          const std::size_t child = t.flat_index(pos);
          if (is_suppressed(t.status[child])) {
            d.cells.push_back({static_cast<int>(ti), child});
          } else {
            d.terms.push_back({static_cast<int>(ti), child});
            d.coefficients.push_back(-1);
            d.value -= t.value[child];
          }
        }
        pos[td] = keep;
        if (d.cells.size() >= 2 && s.policy.in_small_range(d.value)) out.push_back(std::move(d));
      }
    }
  }
}

struct FormIndex {
  std::vector<LinearForm> forms;
  std::vector<CellRef> first_cell;  // a cell of each form ({-1, 0} for a hidden count)
  std::vector<int> hidden_at;       // per form: its index into the hidden counts, or -1
  std::map<std::vector<std::int32_t>, int> index;

  int add(std::vector<std::int32_t> support, std::int64_t value, CellRef cell, int hidden = -1) {
    auto [it, fresh] = index.emplace(support, static_cast<int>(forms.size()));
    if (fresh) {
      forms.push_back({std::move(support), value, hidden >= 0});
      first_cell.push_back(cell);
      hidden_at.push_back(hidden);
    }
    return it->second;
  }
};

// The inner cells of a sum, each with how often it counts.
std::map<std::int32_t, int> inner_of(const InnerSpace& space, const DerivedSum& d) {
  std::map<std::int32_t, int> key;
  for (const CellRef& c : d.cells)
    for (auto z : space.support(static_cast<std::size_t>(c.table), c.flat)) ++key[z];
  for (auto z : d.hidden_inner) ++key[z];
  return key;
}

std::vector<std::int32_t> once_each(const std::map<std::int32_t, int>& key) {
  std::vector<std::int32_t> support;
  for (const auto& [z, k] : key) {
    if (k != 1) return {};
    support.push_back(z);
  }
  return support;
}

// Sums that earlier publications alone give away are already public: no pattern of this submission
// changes them, so they are reported as a warning (earlier_only). That holds for a sum holding a
// suppressed cell of a planned table as much as for hidden counts alone (a table's medical area with
// the counts its rows leave out, equal to an earlier district's cells: protect once gave up on it).
void mark_earlier_only(const Submission& s, const InnerSpace& space, bool modular, std::vector<DerivedSum>& sums) {
  // A computation made of earlier cells alone proves it already (a sum counting some people twice,
  // which the test below cannot take: 2 × D11 男 + D11 女).
  for (DerivedSum& d : sums)
    d.earlier_only = d.earlier_only ||
                     (!d.terms.empty() && std::all_of(d.terms.begin(), d.terms.end(), [&](const CellRef& c) {
                       return s.tables[static_cast<std::size_t>(c.table)].earlier_publication;
                     }));
  std::vector<LinearForm> earlier;
  std::vector<CellRef> earlier_cell;
  for (std::size_t ti = 0; ti < s.tables.size(); ++ti) {
    const Table& t = s.tables[ti];
    if (!t.earlier_publication) continue;
    for (std::size_t f = 0; f < t.cell_count(); ++f) {
      if (is_suppressed(t.status[f])) continue;
      earlier.push_back({space.support(ti, f), t.value[f], false});
      earlier_cell.push_back({static_cast<int>(ti), f});
    }
  }
  std::vector<std::vector<std::int32_t>> targets;
  std::vector<std::size_t> of;
  for (std::size_t i = 0; i < sums.size(); ++i) {
    auto support = once_each(inner_of(space, sums[i]));
    if (support.empty()) continue;  // a cell counted twice: no single form to test, stays an error
    targets.push_back(std::move(support));
    of.push_back(i);
  }
  const auto given = determined_by(space, earlier, targets, modular);
  for (std::size_t k = 0; k < of.size(); ++k) {
    if (!given[k]) continue;
    DerivedSum& d = sums[of[k]];  // the computation shown is then the earlier publications' own
    d.earlier_only = d.uses_earlier = true;
    d.divisor = given[k]->divisor;
    d.terms.clear();
    for (int i : given[k]->published) d.terms.push_back(earlier_cell[static_cast<std::size_t>(i)]);
    d.coefficients = given[k]->coefficients;
  }
}

// A published 0 makes every inner cell under it 0 (counts are not negative): each is a published
// form of its own, which the elimination cannot infer from the sum (B×C b2×c2 = 0 fixes a1×b2×c2).
// Not under a suppressed cell (a suppressed cell under a published 0 is rule ④'s). Only the
// cross-classification's scan takes them: the elimination of suppressed cells and its certificates
// stay those of the published equalities.
void add_published_zeros(const Submission& s, const InnerSpace& space, FormIndex& published) {
  std::set<std::int32_t> under_suppressed;
  for (std::size_t ti = 0; ti < s.tables.size(); ++ti)
    for (std::size_t f = 0; f < s.tables[ti].cell_count(); ++f)
      if (is_suppressed(s.tables[ti].status[f]))
        for (auto z : space.support(ti, f)) under_suppressed.insert(z);
  for (std::size_t ti = 0; ti < s.tables.size(); ++ti) {
    const Table& t = s.tables[ti];
    if (!t.additive) continue;
    for (std::size_t f = 0; f < t.cell_count(); ++f)
      if (!is_suppressed(t.status[f]) && t.value[f] == 0)
        for (auto z : space.support(ti, f))
          if (!under_suppressed.count(z)) published.add({z}, 0, {static_cast<int>(ti), f});
  }
}

// The cross-classification's cells no table has (joint_forms) that the published values alone fix
// at a small count: each a sum of one hidden count. Apart from the elimination of suppressed cells,
// so that its relations and their naming stay as they were.
void scan_joint_cells(const Submission& s, const InnerSpace& space, bool modular, const CombinationLimits& limits,
                      std::vector<DerivedSum>& out) {
  const auto joint = joint_forms(s, space, limits.max_joint_cells);
  if (joint.empty()) return;
  FormIndex published;
  for (std::size_t ti = 0; ti < s.tables.size(); ++ti) {
    const Table& t = s.tables[ti];
    for (std::size_t f = 0; f < t.cell_count(); ++f)
      if (!is_suppressed(t.status[f])) published.add(space.support(ti, f), t.value[f], {static_cast<int>(ti), f});
  }
  add_published_zeros(s, space, published);
  std::vector<std::vector<std::int32_t>> targets;
  for (const HiddenForm& h : joint) targets.push_back(h.support);
  const auto given = determined_by(space, published.forms, targets, modular);
  std::vector<DerivedSum> found;
  for (std::size_t k = 0; k < joint.size(); ++k) {
    if (!given[k] || !s.policy.in_small_range(given[k]->value)) continue;
    DerivedSum d;
    d.from_elimination = true;
    d.value = given[k]->value;
    d.divisor = given[k]->divisor;
    d.hidden.push_back(joint[k].cell);
    d.hidden_inner = joint[k].support;
    for (std::size_t i = 0; i < given[k]->published.size(); ++i) {
      const CellRef term = published.first_cell[static_cast<std::size_t>(given[k]->published[i])];
      d.terms.push_back(term);
      d.coefficients.push_back(given[k]->coefficients[i]);
      d.uses_earlier = d.uses_earlier || s.tables[static_cast<std::size_t>(term.table)].earlier_publication;
    }
    found.push_back(std::move(d));
  }
  mark_earlier_only(s, space, modular, found);
  for (auto& d : found) out.push_back(std::move(d));
}

void scan_elimination(const Submission& s, const InnerSpace& space, bool modular, const HiddenForms& hidden,
                      SubsetSearch& subsets, std::vector<DerivedSum>& out) {
  FormIndex published, suppressed;
  for (std::size_t ti = 0; ti < s.tables.size(); ++ti) {
    const Table& t = s.tables[ti];
    for (std::size_t f = 0; f < t.cell_count(); ++f)
      if (!is_suppressed(t.status[f])) published.add(space.support(ti, f), t.value[f], {static_cast<int>(ti), f});
  }
  // This submission's suppressed cells, then the earlier publications' (rule ⑤: a small sum of counts
  // an earlier table hid is given away as much as one of this submission's own).
  FormIndex earlier_hidden;
  for (const bool earlier : {false, true})
    for (std::size_t ti = 0; ti < s.tables.size(); ++ti) {
      const Table& t = s.tables[ti];
      if (t.earlier_publication != earlier) continue;
      for (std::size_t f = 0; f < t.cell_count(); ++f) {
        if (!is_suppressed(t.status[f])) continue;
        auto support = space.support(ti, f);
        if (published.index.count(support)) continue;  // published elsewhere: rule ④ (or ⑤) reports it
        if (earlier && suppressed.index.count(support)) continue;  // named by this submission's cell
        (earlier ? earlier_hidden : suppressed).add(std::move(support), t.value[f], {static_cast<int>(ti), f});
      }
    }
  // Hidden counts come first, then the earlier hidden cells: the eliminations' reduced basis then
  // keeps the relations among the tables' own suppressed cells exactly as without them (the rows led
  // by a later column span the relations that are zero on every earlier one), so a sum is named by
  // the cells a reader sees.
  FormIndex unknowns;
  for (std::size_t h = 0; h < hidden.forms.size(); ++h)  // a count some table shows is no secret here
    if (!published.index.count(hidden.forms[h].support) && !suppressed.index.count(hidden.forms[h].support))
      unknowns.add(hidden.forms[h].support, 0, {-1, 0}, static_cast<int>(h));
  for (std::size_t j = 0; j < earlier_hidden.forms.size(); ++j)
    unknowns.add(earlier_hidden.forms[j].support, earlier_hidden.forms[j].value, earlier_hidden.first_cell[j]);
  for (std::size_t j = 0; j < suppressed.forms.size(); ++j)
    unknowns.add(suppressed.forms[j].support, suppressed.forms[j].value, suppressed.first_cell[j]);
  suppressed = std::move(unknowns);
  const auto sums = modular ? eliminate_sums_modular(space, published.forms, suppressed.forms, &subsets)
                            : eliminate_sums(space, published.forms, suppressed.forms,
                                             [&](std::int64_t v) { return s.policy.in_small_range(v); }, &subsets);
  // Every relation found is a determined count: the pieces a larger count may be made of.
  std::vector<std::vector<std::int32_t>> determined;
  for (const EliminatedSum& e : sums) {
    std::map<std::int32_t, int> key;
    for (int j : e.suppressed)
      for (auto z : suppressed.forms[static_cast<std::size_t>(j)].support) ++key[z];
    determined.push_back(once_each(key));
  }
  const PublishedCover cover(published.forms, determined);
  std::vector<DerivedSum> found;
  for (std::size_t k = 0; k < sums.size(); ++k) {
    const EliminatedSum& e = sums[k];
    if (!e.value_unknown && !s.policy.in_small_range(e.value)) continue;
    DerivedSum d;
    d.from_elimination = true;
    d.value = e.value;
    d.value_unknown = e.value_unknown;
    d.divisor = e.divisor;
    for (int j : e.suppressed) {
      const int h = suppressed.hidden_at[static_cast<std::size_t>(j)];
      if (h >= 0) {
        const HiddenForm& form = hidden.forms[static_cast<std::size_t>(h)];
        d.hidden.push_back(form.cell);
        d.hidden_inner.insert(d.hidden_inner.end(), form.support.begin(), form.support.end());
      }
      else d.cells.push_back(suppressed.first_cell[static_cast<std::size_t>(j)]);
    }
    for (std::size_t i = 0; i < e.published.size(); ++i) {
      const CellRef term = published.first_cell[static_cast<std::size_t>(e.published[i])];
      d.terms.push_back(term);
      d.coefficients.push_back(e.coefficients[i]);
      d.uses_earlier = d.uses_earlier || s.tables[static_cast<std::size_t>(term.table)].earlier_publication;
    }
    // A cell some table would have is always reported; a sum of several that only puts printed
    // cells and smaller determined counts together (A07 ∪ D03, or two counts each reported) says
    // nothing new. (Pure sums of suppressed cells are kept as before: docs/audit.md.)
    const bool one_cell = d.hidden.size() + d.cells.size() == 1;
    if (d.hidden.empty() || one_cell || !cover.covers(determined[k])) found.push_back(std::move(d));
  }
  mark_earlier_only(s, space, modular, found);
  for (auto& d : found) out.push_back(std::move(d));
}

// The same sum found twice (a relation's remainder and the elimination, linked tables, or a count
// named once by suppressed cells and once by the finer counts a table leaves out) is one: the key is
// the sum over the inner cells. Of two namings the one with fewer hidden counts, then fewer cells, stays.
std::vector<DerivedSum> distinct(const InnerSpace* space, std::vector<DerivedSum> sums) {
  const auto hidden_count = [](const DerivedSum& d) { return std::make_pair(d.hidden.size(), d.cells.size()); };
  std::stable_sort(sums.begin(), sums.end(),
                   [&](const DerivedSum& a, const DerivedSum& b) { return hidden_count(a) < hidden_count(b); });
  std::set<std::map<std::int32_t, int>> seen_inner;
  std::set<std::set<std::pair<int, std::size_t>>> seen_cells;
  std::vector<DerivedSum> out;
  for (auto& d : sums) {
    bool fresh = true;
    if (space) {
      fresh = seen_inner.insert(inner_of(*space, d)).second;
    } else {
      std::set<std::pair<int, std::size_t>> key;
      for (const CellRef& c : d.cells) key.insert({c.table, c.flat});
      fresh = seen_cells.insert(std::move(key)).second;
    }
    if (fresh) out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

CombinationScan scan_small_combinations(const Submission& s, const CombinationLimits& limits) {
  CombinationScan scan;
  std::vector<DerivedSum> sums;
  scan_remainders(s, sums);
  if (!limits.elimination) {
    scan.small = distinct(nullptr, std::move(sums));
    return scan;
  }
  std::optional<InnerSpace> space;
  try {
    space.emplace(s);
    scan.inner_cells = space->size();
  } catch (const std::length_error&) {
    space.reset();
  }
  if (space && space->size() <= limits.max_inner_cells) {
    const HiddenForms hidden = hidden_forms(s, *space, limits.max_hidden_cells);
    scan.hidden_over_limit = hidden.over_limit;
    scan.earlier_hidden_dropped = hidden.earlier_dropped;
    SubsetSearch subsets{limits.subsets};
    scan_elimination(s, *space, space->size() > limits.rational_max_inner_cells, hidden, subsets, sums);
    scan_joint_cells(s, *space, space->size() > limits.rational_max_inner_cells, limits, sums);
    scan.elimination_run = true;
    scan.subsets_complete = subsets.complete;
  }
  scan.small = distinct(space ? &*space : nullptr, std::move(sums));
  return scan;
}

namespace {

std::string computation_text(const Submission& s, const DerivedSum& d) {
  std::string out;
  for (std::size_t i = 0; i < d.terms.size(); ++i) {
    const long long k = d.coefficients[i];
    if (out.empty()) out += k < 0 ? "− " : "";
    else out += k < 0 ? " − " : " + ";
    const long long a = k < 0 ? -k : k;
    if (a != 1) out += std::to_string(a) + "×";
    const Table& t = s.tables[static_cast<std::size_t>(d.terms[i].table)];
    out += s.cell_label(t, d.terms[i].flat);
  }
  if (d.divisor != 1) out = "(" + out + ") ÷ " + std::to_string(d.divisor);
  return out;
}

// The cells of a sum as findings name them: suppressed cells, then counts no table shows.
std::string cells_text(const Submission& s, const DerivedSum& d, Finding& f) {
  std::string cells;
  for (const CellRef& c : d.cells) {
    const Table& t = s.tables[static_cast<std::size_t>(c.table)];
    if (!cells.empty()) cells += " + ";
    cells += s.cell_label(t, c.flat);
    f.cells.push_back({t.id, s.cell_key(t, c.flat), s.cell_label(t, c.flat)});
  }
  for (const HiddenCell& h : d.hidden) {
    const Table& t = s.tables[static_cast<std::size_t>(h.table)];
    if (!cells.empty()) cells += " + ";
    cells += "〔表にないセル〕" + h.label;
    f.cells.push_back({t.id, h.cell, "〔表にないセル〕" + h.label});
  }
  return cells;
}

Finding combination_finding(const Submission& s, const DerivedSum& d) {
  const Policy& p = s.policy;
  Finding f;
  f.rule = "2";
  f.severity = Severity::Error;
  if (!d.cells.empty()) {
    const Table& first = s.tables[static_cast<std::size_t>(d.cells.front().table)];
    f.table = first.id;
    f.cell = s.cell_key(first, d.cells.front().flat);
  } else if (!d.hidden.empty()) {
    f.table = s.tables[static_cast<std::size_t>(d.hidden.front().table)].id;
    f.cell = d.hidden.front().cell;
  }
  const std::string cells = cells_text(s, d, f);
  f.cell_label = cells;
  f.certificate_divisor = d.divisor;
  for (std::size_t i = 0; i < d.terms.size(); ++i) {
    const Table& t = s.tables[static_cast<std::size_t>(d.terms[i].table)];
    f.certificate.push_back({t.id, s.cell_key(t, d.terms[i].flat), s.cell_label(t, d.terms[i].flat), d.coefficients[i]});
  }
  // The sum itself is not printed (it is as secret as the cells); the range and the computation are.
  const std::string range = std::to_string(p.small_min) + "〜" + std::to_string(p.small_max);
  const std::string range_en = std::to_string(p.small_min) + " to " + std::to_string(p.small_max);
  const std::string how = d.terms.empty() ? "" : computation_text(s, d);
  const std::string via_ja = d.uses_earlier ? "（既公表値を含む）" : "";
  const std::string via_en = d.uses_earlier ? " (using earlier publications)" : "";
  const std::string law_ja = "組み合わせによる集計値も秘匿が必要です（規約第12(3)②「単体又は他の登録情報と組み合わせによる集計値が、1件以上10件未満の場合は、原則として秘匿」）。";
  const std::string law_en = "A count in combination must be suppressed too (terms §12(3) ②: counts \"alone or in combination\" "
                             "of 1 to 9 are suppressed in principle).";
  const std::string in_range_ja = d.value_unknown ? "、その計算を厳密に検算できないため範囲内の可能性があります" : "、" + range + " 件の範囲にあります";
  const std::string in_range_en = d.value_unknown ? "; its computation could not be rebuilt exactly, so it may lie in the range " + range_en
                                                  : " and lies in the range " + range_en;
  if (d.earlier_only) {  // already public: reported so the reviewer sees it, but not this submission's doing
    const std::string what_ja = d.hidden.empty() ? "秘匿セルの合計" : "表に載せていない件数";
    const std::string what_en = d.hidden.empty() ? "A sum of suppressed cells" : "A count no table shows";
    f.severity = Severity::Warning;
    f.reason_ja = what_ja + "（" + cells + "）は既公表値だけから求まり" + in_range_ja + "。計算: " + how +
                  "。本申請の公表によって新たに明らかになるものではなく、本申請の秘匿では防げません（規約第12(3)②⑤）。";
    f.reason_en = what_en + " (" + cells + ") follows from earlier publications alone" + in_range_en +
                  "; computation: " + how + ". This submission does not reveal it anew, and no suppression in it "
                  "can prevent it (terms §12(3) ② ⑤).";
    return f;
  }
  if (d.hidden.empty()) {
    f.reason_ja = "秘匿セル " + std::to_string(d.cells.size()) + " 個の合計（" + cells + "）が公表値" + via_ja + "から求められ" +
                  in_range_ja + (how.empty() ? "" : "。計算: " + how) + "。" + law_ja;
    f.reason_en = "The sum of " + std::to_string(d.cells.size()) + " suppressed cells (" + cells + ") follows from published values" +
                  via_en + in_range_en + (how.empty() ? "" : "; computation: " + how) + ". " + law_en;
    return f;
  }
  // A count the tables leave out (`codes:`) is as much a count as a suppressed cell.
  f.reason_ja = "表に載せていない集計値を含む件数（" + cells + "）が公表値" + via_ja + "から差し引きで求められ" + in_range_ja +
                (how.empty() ? "" : "。計算: " + how) + "。表に載せないコードの件数も、公表値から求まれば公表したのと同じです。" + law_ja;
  f.reason_en = "A count including cells no table shows (" + cells + ") follows from published values" + via_en +
                " by subtraction" + in_range_en + (how.empty() ? "" : "; computation: " + how) +
                ". A code left out of a table is published all the same when the published values give it. " + law_en;
  return f;
}

}  // namespace

void add_small_combination_findings(const Submission& s, RuleOutput& rule2, const CombinationLimits& limits) {
  if (!s.policy.small_combinations) return;
  const CombinationScan scan = scan_small_combinations(s, limits);
  long long found = 0;
  long long already_public = 0;
  for (const DerivedSum& d : scan.small) {
    rule2.findings.push_back(combination_finding(s, d));
    if (d.earlier_only) ++already_public;
    else ++found;
  }
  RuleResult& r = rule2.result;
  r.errors += found;
  r.warnings += already_public;
  if (already_public && r.state == RuleState::Pass) r.state = RuleState::Warn;
  if (found) r.state = RuleState::Fail;
  r.summary_ja += "。秘匿セルの組み合わせで求まる " + std::to_string(found) + " 件の合計が範囲内";
  r.summary_en += "; " + std::to_string(found) + " derived sums of suppressed cells in the range";
  if (scan.hidden_over_limit || scan.earlier_hidden_dropped) {
    const std::string who_ja = scan.hidden_over_limit ? "表" : "既公表の表";
    const std::string who_en = scan.hidden_over_limit ? "The tables" : "The earlier publications' tables";
    Finding w;
    w.rule = "2";
    w.severity = Severity::Warning;
    w.reason_ja = who_ja + "に載せていないコードの組み合わせが多いため、それらの件数が公表値から差し引きで求まるかは確認していません（規約第12(3)②）。";
    w.reason_en = who_en + " leave out too many code combinations: whether the published values give away their counts "
                  "by subtraction was not checked (terms §12(3) ②).";
    rule2.findings.push_back(std::move(w));
    ++r.warnings;
    if (r.state == RuleState::Pass) r.state = RuleState::Warn;
  }
  if (!scan.subsets_complete) {
    const BasisSubsetLimits& b = limits.subsets;
    Finding w;
    w.rule = "2";
    w.severity = Severity::Warning;
    w.reason_ja = "秘匿セルの組み合わせのうち、消去の基底の行を 3 つ以上足して求まる合計の探索が上限（" +
                  std::to_string(b.max_steps) + " 手）に達し、すべては確認していません。表を分けるか秘匿を見直してください（規約第12(3)②）。";
    w.reason_en = "The search for sums of suppressed cells that need three or more rows of the elimination's basis "
                  "reached its limit (" + std::to_string(b.max_steps) + " steps): not all were checked. Split the "
                  "tables or revise the suppression (terms §12(3) ②).";
    rule2.findings.push_back(std::move(w));
    ++r.warnings;
    if (r.state == RuleState::Pass) r.state = RuleState::Warn;
  }
  if (!scan.elimination_run) {
    Finding w;
    w.rule = "2";
    w.severity = Severity::Warning;
    w.reason_ja = "内側セルが " + std::to_string(scan.inner_cells) +
                  " 個と多いため、秘匿セルの組み合わせの厳密な消去は行わず、表内の合計と内訳の差のみ確認しました（規約第12(3)②）。";
    w.reason_en = "With " + std::to_string(scan.inner_cells) +
                  " inner cells the exact elimination of combinations was not run; only each relation's "
                  "remainder (a published total minus its published parts) was checked (terms §12(3) ②).";
    rule2.findings.push_back(std::move(w));
    ++r.warnings;
    if (r.state == RuleState::Pass) r.state = RuleState::Warn;
  }
}

}  // namespace hitoku
