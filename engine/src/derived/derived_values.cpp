// Derived values beside counts (hitoku/derived_values.h): the bounds published rates and percentages
// put on suppressed counts, decided in exact rational arithmetic (derived_math.h).
#include "hitoku/derived/derived_values.h"

#include <algorithm>
#include <limits>
#include <map>

#include "derived/derived_math.h"
#include "derived/derived_ranges.h"
#include "hitoku/model/submission.h"

namespace hitoku {

namespace {

using derived::Q;
using derived::Z;

bool depends_on_suppressed(const Table& t, const derived::Expression& e) {
  for (std::size_t cell : derived::dependencies(e))
    if (is_suppressed(t.status[cell])) return true;
  return false;
}

std::string interval_text(const derived::PrintedInterval& iv) {
  return std::string(iv.lo_closed ? "[" : "(") + derived::decimal(iv.lo) + ", " + derived::decimal(iv.hi) +
         (iv.hi_closed ? "]" : ")");
}

// How the bound follows, in words: the printed value's interval, and for a rate or a percentage of
// a published base the count's interval it multiplies out to.
std::pair<std::string, std::string> explain(const Submission& s, const Table& t, const DerivedColumn& c, std::size_t f,
                                            const derived::Expression& e, const derived::PrintedInterval& iv,
                                            const Q& lo, const Q& hi, const Z& L, const Z& U) {
  const std::string value = c.values[f].text;
  std::string ja = "「" + c.header + "」" + value, en = "'" + c.header + "' " + value;
  const std::string range = interval_text(iv);
  std::string how_ja, how_en;
  if (c.kind == DerivedKind::Rate) {
    const std::string pop = derived::with_commas(Z(c.population[f])), per = derived::with_commas(Z(c.per));
    Z scale = 1;
    for (int k = 0; k < c.decimals; ++k) scale *= 10;
    const std::string product = derived::decimal(Q(Z(c.values[f].scaled), scale) * Q(Z(c.population[f]), Z(c.per)));
    how_ja = "（人口 " + pop + "、" + per + " 当たり）: " + value + " × " + pop + " / " + per + " = " + product +
             "。丸めの幅 " + range + " から件数は " + derived::decimal(lo) + "〜" + derived::decimal(hi);
    how_en = " (population " + pop + ", per " + per + "): " + value + " × " + pop + " / " + per + " = " + product +
             "; the rounding interval " + range + " puts the count in " + derived::decimal(lo) + " .. " + derived::decimal(hi);
  } else if (c.kind == DerivedKind::Percent && !is_suppressed(t.status[e.den]) && e.num == f) {
    const std::string base = derived::with_commas(Z(t.value[e.den]));
    how_ja = "（分母 " + s.cell_label(t, e.den) + " = " + base + "）: " + value + " × " + base + " / 100、丸めの幅 " + range +
             " から件数は " + derived::decimal(lo) + "〜" + derived::decimal(hi);
    how_en = " (base " + s.cell_label(t, e.den) + " = " + base + "): " + value + " × " + base + " / 100; the rounding interval " +
             range + " puts the count in " + derived::decimal(lo) + " .. " + derived::decimal(hi);
  } else {
    how_ja = "（" + std::string(to_string(c.kind)) + "、丸めの幅 " + range + "）と公表された件数から、このセルは " +
             derived::decimal(lo) + "〜" + derived::decimal(hi);
    how_en = " (" + std::string(to_string(c.kind)) + ", rounding interval " + range + ") with the published counts puts this cell in " +
             derived::decimal(lo) + " .. " + derived::decimal(hi);
  }
  const std::string ints = L == U ? L.str() : L.str() + "〜" + U.str();
  const std::string ints_en = L == U ? "exactly " + L.str() : L.str() + " .. " + U.str();
  return {ja + how_ja + " → 整数では " + ints + "（" + s.cell_label(t, f) + " の行）",
          en + how_en + " → as an integer " + ints_en + " (row of " + s.cell_label(t, f) + ")"};
}

// A value over two or more suppressed cells: integer rows for the audit, or (too large to state
// exactly in 64 bits) a finding that it was not audited.
void add_ranges(const Submission& s, int ti, const DerivedColumn& c, std::size_t f, const derived::Expression& e,
                const derived::PrintedInterval& iv, const std::vector<std::size_t>& unknown, DerivedAnalysis& out) {
  const Table& t = s.tables[static_cast<std::size_t>(ti)];
  std::string cells_ja, cells_en;
  for (std::size_t cell : unknown) {
    cells_ja += (cells_ja.empty() ? "" : "、") + s.cell_label(t, cell);
    cells_en += (cells_en.empty() ? "" : ", ") + s.cell_label(t, cell);
  }
  auto ranges = derived::integer_ranges(t, derived::inequalities(e, iv), unknown);
  if (!ranges) {
    UnauditedDerived u{ti, f, c.header, {}, t.earlier_publication, unknown};
    for (std::size_t cell : unknown) u.suppressed_cells.push_back(s.cell_label(t, cell));
    out.unaudited.push_back(std::move(u));
    return;
  }
  for (DerivedRange& r : *ranges) {
    r.table = ti;
    r.flat = f;
    r.column = c.header;
    r.text_ja = "派生値「" + c.header + "」" + c.values[f].text + "（" + s.cell_label(t, f) + "、丸めの幅 " + interval_text(iv) +
                "）は秘匿セル " + cells_ja + " の組合せを制約します";
    r.text_en = "derived value '" + c.header + "' " + c.values[f].text + " (" + s.cell_label(t, f) + ", rounding interval " +
                interval_text(iv) + ") constrains the suppressed cells " + cells_en + " together";
    r.earlier = t.earlier_publication;
    if (r.earlier) {
      r.text_ja = "既公表「" + t.id + "」の" + r.text_ja;
      r.text_en = "earlier publication '" + t.id + "': " + r.text_en;
    }
    out.ranges.push_back(std::move(r));
  }
}

struct CellBound {
  Z lo = 0, hi = -1;  // hi < 0: none
  bool any = false;
  bool earlier = false;  // an earlier publication's value contributes
  std::string ja, en;
};

// A cell as a set: its code in every dimension of the submission (the root where the table has none).
std::vector<int> full_key(const Submission& s, const Table& t, std::size_t flat) {
  std::vector<int> key(s.dimensions.size());
  for (std::size_t d = 0; d < key.size(); ++d) key[d] = s.dimensions[d].root();
  const auto codes = t.cell_codes(flat);
  for (std::size_t d = 0; d < codes.size(); ++d) key[static_cast<std::size_t>(t.dims[d])] = codes[d];
  return key;
}

// This submission's cells by their full key, built when an earlier publication's value needs them:
// the suppressed cells of its tables, and the tables (earlier publications too) publishing each key.
struct CellIndex {
  bool built = false;
  std::map<std::vector<int>, std::vector<std::pair<int, std::size_t>>> suppressed;
  std::map<std::vector<int>, std::vector<std::size_t>> published_in;

  void build(const Submission& s) {
    if (built) return;
    built = true;
    for (std::size_t ti = 0; ti < s.tables.size(); ++ti) {
      const Table& t = s.tables[ti];
      for (std::size_t f = 0; f < t.cell_count(); ++f) {
        if (!is_suppressed(t.status[f])) published_in[full_key(s, t, f)].push_back(ti);
        else if (!t.earlier_publication) suppressed[full_key(s, t, f)].push_back({static_cast<int>(ti), f});
      }
    }
  }
  // The suppressed cells of this submission's tables that are the same cell as `flat` of an earlier
  // publication (the same code in every dimension; another grouping of a variable does not match).
  std::vector<std::pair<int, std::size_t>> same_cells(const Submission& s, const Table& earlier, std::size_t flat) {
    build(s);
    const auto it = suppressed.find(full_key(s, earlier, flat));
    return it == suppressed.end() ? std::vector<std::pair<int, std::size_t>>{} : it->second;
  }
  bool published_elsewhere(const Submission& s, std::size_t earlier, std::size_t flat) {
    build(s);
    const auto it = published_in.find(full_key(s, s.tables[earlier], flat));
    if (it == published_in.end()) return false;
    return std::any_of(it->second.begin(), it->second.end(), [&](std::size_t ti) { return ti != earlier; });
  }
};

// Per cell: the bounds of this submission's values (rule ④), and with the earlier publications' (rule ⑤).
struct Bounds {
  std::map<std::pair<int, std::size_t>, CellBound> own, with_earlier;
  CellIndex cells;
};

// One published derived value: its inequalities with the published cells substituted.
void analyse_value(const Submission& s, int ti, const DerivedColumn& c, std::size_t f, Bounds& bounds,
                   DerivedAnalysis& out) {
  const Table& t = s.tables[static_cast<std::size_t>(ti)];
  if (c.kind != DerivedKind::Percent && !s.policy.attacker_knows_populations) return;  // policy: populations unknown
  const derived::Expression e = derived::expression_of(s, t, c, f);
  // hitoku protect withholds this submission's values; an earlier publication's stay printed.
  if (s.withhold_derived_values && !t.earlier_publication && depends_on_suppressed(t, e)) return;
  const derived::PrintedInterval iv = derived::audit_interval(c.values[f], c, derived::evaluate(e, t));
  std::vector<std::size_t> unknown;
  for (std::size_t cell : derived::dependencies(e))
    if (is_suppressed(t.status[cell]) && std::find(unknown.begin(), unknown.end(), cell) == unknown.end())
      unknown.push_back(cell);
  if (unknown.empty()) return;
  // An earlier publication's cell is no objective of the audit: its bound applies to the same cell of
  // this submission's tables (docs/audit.md, "Derived values"); any other value is a range over the
  // earlier table's cells, which the audit with the earlier publications writes over inner cells.
  const std::vector<std::pair<int, std::size_t>> targets =
      t.earlier_publication ? bounds.cells.same_cells(s, t, unknown[0]) : std::vector<std::pair<int, std::size_t>>{{ti, unknown[0]}};
  if (t.earlier_publication && unknown.size() == 1 && targets.empty() &&
      bounds.cells.published_elsewhere(s, static_cast<std::size_t>(ti), unknown[0]))
    return;  // the count is printed now: nothing to learn
  if (unknown.size() > 1 || targets.empty()) {
    add_ranges(s, ti, c, f, e, iv, unknown, out);
    return;
  }
  const std::size_t x = unknown[0];
  Q lo = 0, hi = -1;
  bool has_hi = false;
  Z L = 0, U = 0;
  bool has_U = false;
  for (const derived::Inequality& in : derived::inequalities(e, iv)) {
    Q a = 0, rest = 0;
    for (const auto& [cell, k] : in.terms) {
      if (cell == x) a += k;
      else rest += k * Q(t.value[cell]);
    }
    if (a == 0) continue;
    const Q q = (in.rhs - rest) / a;
    const bool at_least = in.lower == (a > 0);  // dividing by a < 0 turns the inequality round
    if (at_least) {
      const Z b = in.strict ? derived::floor_of(q) + 1 : derived::ceil_of(q);
      if (b > L) L = b;
      if (q > lo) lo = q;
    } else {
      const Z b = in.strict ? derived::ceil_of(q) - 1 : derived::floor_of(q);
      if (!has_U || b < U) U = b;
      if (!has_hi || q < hi) hi = q;
      has_U = has_hi = true;
    }
  }
  // Named strings, not a structured binding: clang 14 (the fuzz build) cannot capture bindings in a lambda.
  auto explained = explain(s, t, c, f, e, iv, lo, has_hi ? hi : Q(-1), L, has_U ? U : Z(-1));
  std::string ja = std::move(explained.first), en = std::move(explained.second);
  if (t.earlier_publication) {
    ja = "既公表「" + t.id + "」の" + ja;
    en = "earlier publication '" + t.id + "': " + en;
  }
  auto add = [&](CellBound& cb) {
    if (!cb.any || L > cb.lo) cb.lo = L;
    if (has_U && (cb.hi < 0 || U < cb.hi)) cb.hi = U;
    cb.any = true;
    cb.earlier = cb.earlier || t.earlier_publication;
    cb.ja += (cb.ja.empty() ? "" : "／") + ja;
    cb.en += (cb.en.empty() ? "" : "; ") + en;
  };
  for (const auto& target : targets) {
    add(bounds.with_earlier[target]);
    if (!t.earlier_publication) add(bounds.own[target]);
  }
}

}  // namespace

DerivedAnalysis analyse_derived_values(const Submission& s) {
  DerivedAnalysis out;
  Bounds bounds;
  for (std::size_t ti = 0; ti < s.tables.size(); ++ti) {
    const Table& t = s.tables[ti];
    for (const DerivedColumn& c : t.derived)
      for (std::size_t f = 0; f < c.values.size(); ++f)
        if (c.values[f].published()) analyse_value(s, static_cast<int>(ti), c, f, bounds, out);
    // A registered publication keeps what its values told, as ranges over its suppressed cells (rule ⑤).
    for (const RegisteredRange& r : t.registered_ranges) {
      if (r.needs_population && !s.policy.attacker_knows_populations) continue;
      if (r.unaudited) {
        UnauditedDerived u{static_cast<int>(ti), r.flat, r.column, {}, true, {}};
        for (const auto& term : r.terms) u.suppressed_cells.push_back(s.cell_label(t, term.first));
        out.unaudited.push_back(std::move(u));
        continue;
      }
      out.ranges.push_back({static_cast<int>(ti), r.flat, r.column, r.terms, r.has_lower, r.has_upper, r.lower, r.upper,
                            "登録済み公表物「" + t.id + "」の" + r.text_ja, "registered publication '" + t.id + "': " + r.text_en,
                            true});
    }
  }
  constexpr long long kMax = std::numeric_limits<long long>::max();
  auto emit = [&](const std::pair<int, std::size_t>& key, CellBound& b, bool earlier) {
    DerivedBound d;
    d.table = key.first;
    d.flat = key.second;
    d.lower = b.lo > kMax ? kMax : static_cast<long long>(b.lo);
    d.upper = b.hi < 0 || b.hi > kMax ? kMax : static_cast<long long>(b.hi);
    d.explanation_ja = std::move(b.ja);
    d.explanation_en = std::move(b.en);
    d.earlier = earlier;
    out.bounds.push_back(std::move(d));
  };
  for (auto& [key, b] : bounds.own) emit(key, b, false);
  for (auto& [key, b] : bounds.with_earlier)
    if (b.earlier) emit(key, b, true);
  return out;
}

void check_derived_values(const Submission& s) {
  for (const Table& t : s.tables)
    for (const DerivedColumn& c : t.derived)
      for (std::size_t f = 0; f < c.values.size(); ++f) {
        if (!c.values[f].published()) continue;
        const derived::Expression e = derived::expression_of(s, t, c, f);
        const Q x = derived::evaluate(e, t);
        if (derived::holds(derived::audit_interval(c.values[f], c, x), x)) continue;
        const std::string d = std::to_string(c.decimals);
        const std::string rule = c.rounding_stated ? to_string(c.rounding) : "half_up・half_even・down";
        throw InputError(c.values[f].pos,
                         "「" + c.header + "」の値 " + c.values[f].text + " は、真の件数から計算した " + derived::decimal(x) +
                             " を小数 " + d + " 桁に丸めた値（" + rule + "）と合いません",
                         "the printed " + c.header + " " + c.values[f].text + " is not the value computed from the true counts, " +
                             derived::decimal(x) + ", rounded to " + d + " decimals (" + rule + ")");
      }
}

long long withhold_dependent_derived_values(Submission& s) {
  long long withheld = 0;
  for (Table& t : s.tables) {
    if (t.earlier_publication) continue;
    for (DerivedColumn& c : t.derived)
      for (std::size_t f = 0; f < c.values.size(); ++f) {
        if (!c.values[f].published() || !depends_on_suppressed(t, derived::expression_of(s, t, c, f))) continue;
        c.values[f].state = DerivedValue::State::Withheld;
        ++withheld;
      }
    // A statistic the audit does not model goes with its count too.
    for (UnauditedColumn& u : t.unaudited)
      if (u.not_modelled)
        for (std::size_t f = 0; f < u.cells.size(); ++f)
          if (is_suppressed(t.status[f]) && !u.cells[f].text.empty()) u.cells[f].text = u.marker.empty() ? "*" : u.marker;
  }
  return withheld;
}

}  // namespace hitoku
