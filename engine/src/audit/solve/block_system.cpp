#include "audit/solve/block_system.h"

#include <algorithm>

namespace hitoku::audit {

void rows_near(const ExactSystem& es, const std::vector<int>& vars, std::vector<int>& rows, std::vector<int>& ranges) {
  for (int c : vars) {
    for (const auto& rs : es.rows_of_col[static_cast<std::size_t>(c)]) rows.push_back(rs.first);
    for (int g : es.ranges_of_col[static_cast<std::size_t>(c)]) ranges.push_back(g);
  }
  for (auto* v : {&rows, &ranges}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
}

std::optional<ExactSystem> block_system_of_rows(const ExactSystem& es, const std::vector<int>& rows,
                                                const std::vector<int>& ranges, const std::vector<int>& pos,
                                                int n_local, const ExactPoint& base) {
  ExactSystem ls;
  ls.n = n_local;
  bool overflow = false;
  auto outside = [&](const std::vector<int>& rc, const std::vector<signed char>& sign, std::vector<int>& lc,
                     std::vector<signed char>& lsign) {
    Wide128 fixed = 0;
    for (std::size_t k = 0; k < rc.size(); ++k) {
      const int sgn = sign.empty() ? 1 : sign[k];
      const int at = pos[static_cast<std::size_t>(rc[k])];
      if (at >= 0) {
        lc.push_back(at);
        lsign.push_back(static_cast<signed char>(sgn));
      } else {
        fixed += static_cast<Wide128>(sgn) * base.num[static_cast<std::size_t>(rc[k])];
      }
    }
    return fixed;
  };
  auto narrow = [&](Wide128 v) {
    if (v > std::numeric_limits<std::int64_t>::max() / 4 || v < std::numeric_limits<std::int64_t>::min() / 4)
      overflow = true;
    return static_cast<std::int64_t>(v);
  };
  for (int r : rows) {
    const auto& row = es.rows[static_cast<std::size_t>(r)];
    ExactSystem::Row lr;
    const Wide128 fixed = outside(row.cols, row.sign, lr.cols, lr.sign);
    lr.rhs = narrow(static_cast<Wide128>(row.rhs) * base.den - fixed);
    if (std::all_of(lr.sign.begin(), lr.sign.end(), [](signed char x) { return x == 1; })) lr.sign.clear();
    ls.rows.push_back(std::move(lr));
  }
  for (int g : ranges) {
    const auto& range = es.ranges[static_cast<std::size_t>(g)];
    ExactSystem::Range lg;
    Wide128 fixed = 0;
    std::vector<std::pair<int, std::int64_t>> inside;  // (local column, coefficient)
    for (std::size_t k = 0; k < range.cols.size(); ++k) {
      const int at = pos[static_cast<std::size_t>(range.cols[k])];
      if (at >= 0) inside.emplace_back(at, range.weight(k));
      else fixed += static_cast<Wide128>(range.weight(k)) * base.num[static_cast<std::size_t>(range.cols[k])];
    }
    std::sort(inside.begin(), inside.end());
    for (const auto& [c, w] : inside) {
      lg.cols.push_back(c);
      if (!range.coef.empty()) lg.coef.push_back(w);
    }
    lg.lo = range.open_lo() ? range.lo : narrow(static_cast<Wide128>(range.lo) * base.den - fixed);
    lg.hi = range.open_hi() ? range.hi : narrow(static_cast<Wide128>(range.hi) * base.den - fixed);
    ls.ranges.push_back(std::move(lg));
  }
  if (overflow) return std::nullopt;
  ls.index();
  return ls;
}

PointSums point_sums(const ExactSystem& es, const ExactPoint& base) {
  PointSums sums;
  for (const auto& row : es.rows) {
    Wide128 v = 0;
    for (std::size_t k = 0; k < row.cols.size(); ++k)
      v += static_cast<Wide128>(row.sign.empty() ? 1 : row.sign[k]) * base.num[static_cast<std::size_t>(row.cols[k])];
    sums.row.push_back(v);
  }
  for (const auto& g : es.ranges) {
    Wide128 v = 0;
    for (std::size_t k = 0; k < g.cols.size(); ++k)
      v += static_cast<Wide128>(g.weight(k)) * base.num[static_cast<std::size_t>(g.cols[k])];
    sums.range.push_back(v);
  }
  return sums;
}

std::optional<ExactSystem> block_system(const ExactSystem& es, const std::vector<int>& vars, const ExactPoint& base,
                                        const PointSums& sums) {
  std::unordered_map<int, std::size_t> row_at, range_at;
  std::vector<int> rows, ranges;
  for (int c : vars) {
    for (const auto& rs : es.rows_of_col[static_cast<std::size_t>(c)])
      if (row_at.emplace(rs.first, 0).second) rows.push_back(rs.first);
    for (int g : es.ranges_of_col[static_cast<std::size_t>(c)])
      if (range_at.emplace(g, 0).second) ranges.push_back(g);
  }
  std::sort(rows.begin(), rows.end());
  std::sort(ranges.begin(), ranges.end());
  ExactSystem ls;
  ls.n = static_cast<int>(vars.size());
  ls.rows.resize(rows.size());
  ls.ranges.resize(ranges.size());
  std::vector<Wide128> row_fixed(rows.size()), range_fixed(ranges.size());
  for (std::size_t q = 0; q < rows.size(); ++q) {
    row_at[rows[q]] = q;
    row_fixed[q] = sums.row[static_cast<std::size_t>(rows[q])];
  }
  for (std::size_t q = 0; q < ranges.size(); ++q) {
    range_at[ranges[q]] = q;
    range_fixed[q] = sums.range[static_cast<std::size_t>(ranges[q])];
  }
  bool signed_rows = false;
  for (std::size_t k = 0; k < vars.size(); ++k) {
    const auto c = static_cast<std::size_t>(vars[k]);
    for (const auto& [r, sg] : es.rows_of_col[c]) {
      const std::size_t q = row_at[r];
      ls.rows[q].cols.push_back(static_cast<int>(k));
      ls.rows[q].sign.push_back(sg);
      signed_rows = signed_rows || sg != 1;
      row_fixed[q] -= static_cast<Wide128>(sg) * base.num[c];
    }
    for (std::size_t j = 0; j < es.ranges_of_col[c].size(); ++j) {
      const int g = es.ranges_of_col[c][j];
      const std::int64_t w = es.range_weights_of_col[c][j];
      const std::size_t q = range_at[g];
      ls.ranges[q].cols.push_back(static_cast<int>(k));
      if (!es.ranges[static_cast<std::size_t>(g)].coef.empty()) ls.ranges[q].coef.push_back(w);
      range_fixed[q] -= static_cast<Wide128>(w) * base.num[c];
    }
  }
  constexpr Wide128 kLimit = std::numeric_limits<std::int64_t>::max() / 4;
  for (std::size_t q = 0; q < rows.size(); ++q) {
    const Wide128 rhs = es.rows[static_cast<std::size_t>(rows[q])].rhs - row_fixed[q];
    if (rhs > kLimit || rhs < -kLimit) return std::nullopt;
    ls.rows[q].rhs = static_cast<std::int64_t>(rhs);
    if (std::all_of(ls.rows[q].sign.begin(), ls.rows[q].sign.end(), [](signed char x) { return x == 1; }))
      ls.rows[q].sign.clear();
  }
  for (std::size_t q = 0; q < ranges.size(); ++q) {
    const auto& g = es.ranges[static_cast<std::size_t>(ranges[q])];
    const Wide128 lo = g.lo - range_fixed[q], hi = g.hi - range_fixed[q];
    if ((!g.open_lo() && (lo > kLimit || lo < -kLimit)) || (!g.open_hi() && (hi > kLimit || hi < -kLimit)))
      return std::nullopt;
    ls.ranges[q].lo = g.open_lo() ? g.lo : static_cast<std::int64_t>(lo);
    ls.ranges[q].hi = g.open_hi() ? g.hi : static_cast<std::int64_t>(hi);
  }
  (void)signed_rows;
  ls.index();
  return ls;
}

// The matrix is built at once from the row lists (appending rows copied it each time).
Model model_of(const ExactSystem& ls) {
  Model lm;
  std::vector<CoinBigIndex> starts{0};
  std::vector<int> index;
  std::vector<double> element;
  auto add = [&](const std::vector<int>& c, const auto& sign, double lo, double hi) {
    for (std::size_t k = 0; k < c.size(); ++k) {
      index.push_back(c[k]);
      element.push_back(sign.empty() ? 1.0 : static_cast<double>(sign[k]));
    }
    starts.push_back(static_cast<CoinBigIndex>(index.size()));
    lm.row_lb.push_back(lo);
    lm.row_ub.push_back(hi);
  };
  for (const auto& lr : ls.rows) add(lr.cols, lr.sign, static_cast<double>(lr.rhs), static_cast<double>(lr.rhs));
  constexpr double kInf = std::numeric_limits<double>::infinity();
  for (const auto& lg : ls.ranges)
    add(lg.cols, lg.coef, lg.open_lo() ? -kInf : static_cast<double>(lg.lo), lg.open_hi() ? kInf : static_cast<double>(lg.hi));
  const int rows = static_cast<int>(starts.size()) - 1;
  lm.matrix = CoinPackedMatrix(false, ls.n, rows, static_cast<CoinBigIndex>(index.size()), element.data(), index.data(),
                               starts.data(), nullptr);
  lm.col_lb.assign(static_cast<std::size_t>(ls.n), 0.0);
  lm.col_ub.assign(static_cast<std::size_t>(ls.n), std::numeric_limits<double>::infinity());
  return lm;
}

}  // namespace hitoku::audit
