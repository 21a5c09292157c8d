#include "optimal.h"

#include <coin/CbcModel.hpp>
#include <coin/CglGomory.hpp>
#include <coin/CglProbing.hpp>
#include <coin/CoinPackedMatrix.hpp>
#include <coin/OsiClpSolverInterface.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <set>

#include "remainders.h"

namespace hitoku::protection {
namespace {

constexpr int kMaxCombinationRounds = 200;

// "if group g is suppressed, one of `others` is": x_g - sum(x_h) <= 0, in terms of free columns.
struct Cover {
  int g = -1;
  std::vector<int> others;
};

class OptimalModel {
 public:
  explicit OptimalModel(const Problem& p) : p_(p) {
    col_of_.assign(p.groups.size(), -1);
    for (std::size_t g = 0; g < p.groups.size(); ++g)
      if (p.groups[g].candidate()) {
        col_of_[g] = static_cast<int>(group_of_col_.size());
        group_of_col_.push_back(static_cast<int>(g));
      }
    // Every relation: a suppressed cell of a planned table is never alone in it.
    for (const auto& r : p.relations)
      for (int g : r.groups) {
        if (p.groups[static_cast<std::size_t>(g)].members.empty()) continue;
        std::vector<int> others;
        for (int h : r.groups)
          if (h != g) others.push_back(h);
        add(g, std::move(others));
      }
  }

  // Adds the cover (dropped when already implied); false when it can never hold. g < 0: one of
  // `others` is suppressed whatever else is (a small count no table shows, given by them).
  bool add(int g, std::vector<int> others) {
    if (g >= 0 && p_.groups[static_cast<std::size_t>(g)].fixed_published()) return true;
    std::vector<int> cols;
    for (int h : others) {
      const Group& H = p_.groups[static_cast<std::size_t>(h)];
      if (H.fixed_suppressed()) return true;  // always satisfied
      if (col_of_[static_cast<std::size_t>(h)] >= 0) cols.push_back(col_of_[static_cast<std::size_t>(h)]);
    }
    std::sort(cols.begin(), cols.end());
    cols.erase(std::unique(cols.begin(), cols.end()), cols.end());
    const int gc = g < 0 ? -1 : col_of_[static_cast<std::size_t>(g)];
    if (cols.empty() && gc < 0) return false;  // fixed suppressed, nothing can cover it
    std::vector<int> key = cols;
    key.push_back(gc < 0 ? -1 : gc);
    if (!seen_.insert(key).second) return true;
    rows_.push_back({gc, std::move(cols)});
    return true;
  }

  int columns() const { return static_cast<int>(group_of_col_.size()); }
  int group(int col) const { return group_of_col_[static_cast<std::size_t>(col)]; }
  int col(int g) const { return col_of_[static_cast<std::size_t>(g)]; }

  // Solves within the time limit. Returns false when no integer solution was found.
  bool solve(const Pattern& incumbent, double seconds, int max_nodes, Pattern& x, double& bound, bool& optimal) const {
    const int n = columns();
    CoinPackedMatrix m(false, 0, 0);
    m.setDimensions(0, n);
    std::vector<double> row_lb, row_ub;
    for (const auto& r : rows_) {
      std::vector<int> idx;
      std::vector<double> val;
      if (r.g >= 0) {
        idx.push_back(r.g);
        val.push_back(1.0);
      }
      for (int c : r.others) {
        idx.push_back(c);
        val.push_back(-1.0);
      }
      m.appendRow(static_cast<int>(idx.size()), idx.data(), val.data());
      // Free g: x_g - sum <= 0. Fixed suppressed g: sum >= 1.
      row_lb.push_back(-COIN_DBL_MAX);
      row_ub.push_back(r.g >= 0 ? 0.0 : -1.0);
    }
    std::vector<double> lb(static_cast<std::size_t>(n), 0.0), ub(static_cast<std::size_t>(n), 1.0), obj(static_cast<std::size_t>(n));
    for (int c = 0; c < n; ++c) obj[static_cast<std::size_t>(c)] = p_.groups[static_cast<std::size_t>(group(c))].cost;
    OsiClpSolverInterface solver;
    solver.messageHandler()->setLogLevel(0);
    solver.loadProblem(m, lb.data(), ub.data(), obj.data(), row_lb.data(), row_ub.data());
    for (int c = 0; c < n; ++c) solver.setInteger(c);
    CbcModel cbc(solver);
    cbc.setLogLevel(0);
    cbc.messageHandler()->setLogLevel(0);
    CglProbing probing;
    CglGomory gomory;
    if (max_nodes <= 0) {  // the greedy's polish: no cut rounds (their time is not bounded by a count)
      cbc.addCutGenerator(&probing, -1, "Probing");
      cbc.addCutGenerator(&gomory, -1, "Gomory");
    }
    if (std::isfinite(seconds)) cbc.setMaximumSeconds(std::max(0.1, seconds));
    if (max_nodes > 0) cbc.setMaximumNodes(max_nodes);
    std::vector<double> start(static_cast<std::size_t>(n));
    double start_cost = 0;
    for (int c = 0; c < n; ++c) {
      start[static_cast<std::size_t>(c)] = incumbent[static_cast<std::size_t>(group(c))] ? 1.0 : 0.0;
      start_cost += start[static_cast<std::size_t>(c)] * obj[static_cast<std::size_t>(c)];
    }
    if (satisfies(start)) cbc.setBestSolution(start.data(), n, start_cost, true);
    const double step = main_cost_step(obj);
    if (step > 0) cbc.setDblParam(CbcModel::CbcCutoffIncrement, step);
    cbc.branchAndBound();
    const double* sol = cbc.bestSolution();
    if (!sol) return false;
    x = initial_pattern(p_);
    for (int c = 0; c < n; ++c) x[static_cast<std::size_t>(group(c))] = sol[c] > 0.5 ? 1 : 0;
    bound = cbc.getBestPossibleObjValue();
    optimal = cbc.isProvenOptimal();
    if (optimal) bound = std::min(bound, cbc.getObjValue());
    // Nodes cut off by the step hold only patterns of the incumbent's main cost or more.
    if (step > 0) bound = std::min(bound, std::floor(cbc.getObjValue()));
    return true;
  }

 private:
  // Count and value costs are an integer main cost plus a tie-break whose sum over all cells stays
  // below one (suppression_costs), so a pattern cheaper in the main cost is cheaper by more than
  // one less the tie-breaks' sum. Cbc told so no longer proves that no pattern of the same main
  // cost has a smaller tie-break (hyogo 10 x 6, seed 1: 53 -> 37 nodes, the same main cost and
  // aggregated cells); the objective still prefers the tie-break among equals. Its value part
  // (about 1e-9 a cell) lay below Cbc's default step of 1e-5 already. 0 (Cbc's default) for
  // weights, whose main cost need not be an integer.
  double main_cost_step(const std::vector<double>& obj) const {
    const std::string& cost = p_.sub->protect.cost;
    if (cost != "count" && cost != "value") return 0;
    double ties = 0;
    for (double o : obj) ties += o - std::floor(o);
    constexpr double kMargin = 1e-6;  // far above the rounding of these sums, far below a step
    return ties < 1 - 2 * kMargin ? 1 - ties - kMargin : 0;
  }

  bool satisfies(const std::vector<double>& v) const {
    for (const auto& r : rows_) {
      double sum = 0;
      for (int c : r.others) sum += v[static_cast<std::size_t>(c)];
      if ((r.g >= 0 ? v[static_cast<std::size_t>(r.g)] : 1.0) > sum + 0.5) return false;
    }
    return true;
  }

  const Problem& p_;
  std::vector<int> col_of_, group_of_col_;
  std::vector<Cover> rows_;
  std::set<std::vector<int>> seen_;
};

}  // namespace

OptimalOutcome run_optimal(const Problem& p, const Pattern& start, const ProtectOptions& options,
                           const OptimalLimits& limits) {
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  OptimalOutcome out;
  out.x = start;
  out.cost = pattern_cost(p, start);
  double fixed = 0;  // cost of groups suppressed whatever the model chooses
  for (const auto& g : p.groups)
    if (g.fixed_suppressed() && !g.members.empty()) fixed += g.cost;
  OptimalModel model(p);
  Pattern incumbent = start;
  // Rounds whose pattern had a small sum in combination (rule ②): found without an audit, so they
  // do not count against max_rounds, which bounds the audits; bounded by a count of their own.
  int cheap = 0;
  const bool combinations = p.sub->policy.small_combinations;
  while (true) {
    const double left = limits.seconds - std::chrono::duration<double>(clock::now() - t0).count();
    if (left <= 0 || (limits.max_rounds > 0 && out.rounds - cheap >= limits.max_rounds)) break;
    ++out.rounds;
    Pattern x;
    double bound = 0;
    bool optimal = false;
    if (!model.solve(incumbent, left, limits.max_nodes, x, bound, optimal)) break;
    out.lower_bound = std::max(out.lower_bound, bound + fixed);
    const double cost = pattern_cost(p, x);
    if (cost >= out.cost - 1e-9) {
      // The MIP cannot beat the audited pattern in hand.
      if (optimal) {
        out.proven_optimal = true;
        out.lower_bound = std::max(out.lower_bound, std::min(out.cost, cost));
      }
      break;
    }
    if (combinations && cheap < kMaxCombinationRounds) {
      // Rule ② sums in combination need no audit to find. A small remainder S gives a cover for
      // every part: with small_min <= 1 it is a necessary condition (any part of S suppressed while
      // the total and every part outside S stay published leaves a subset of S suppressed whose
      // sum is 0..small_max -- a small sum, or cells pinned, alone or at 0). Sums only the exact
      // elimination finds get the audit's cover (one cell of the computation).
      bool impossible = false, found = false;
      if (p.sub->policy.small_min <= 1)
        for (const Remainder& rem : small_remainders(p, x)) {
          std::vector<int> others = rem.published;
          others.push_back(rem.parent);
          for (int g : rem.suppressed) impossible = impossible || !model.add(g, others);
          found = true;
        }
      if (!found)
        for (const Failure& f : combination_failures(p, x)) {
          std::vector<int> others = f.certificate_groups;
          if (others.empty())  // no printable computation: some cell published now must be hidden
            for (std::size_t g = 0; g < p.groups.size(); ++g)
              if (!x[g] && p.groups[g].candidate()) others.push_back(static_cast<int>(g));
          impossible = impossible || !model.add(f.group, std::move(others));
          found = true;
        }
      if (impossible) break;
      if (found) {
        ++cheap;
        continue;
      }
    }
    const auto failures = audit_pattern(p, x, options.audit, out.audits);
    if (failures.empty()) {
      out.x = x;
      out.from_mip = true;
      out.cost = cost;
      if (optimal) {
        out.proven_optimal = true;
        out.lower_bound = cost;
        break;
      }
      incumbent = x;
      continue;  // time limit reached inside Cbc: try again only while time is left
    }
    if (std::any_of(failures.begin(), failures.end(), [](const Failure& f) { return f.too_large; }))
      break;  // the audit cannot judge this pattern; keep the best audited one
    bool impossible = false;
    for (const auto& f : failures) {
      std::vector<int> others;
      if (f.has_certificate) {
        others = f.certificate_groups;
      } else {
        // Without a certificate: some cell published now must be suppressed (publishing more
        // can only narrow intervals).
        for (std::size_t g = 0; g < p.groups.size(); ++g)
          if (!x[g] && p.groups[g].candidate()) others.push_back(static_cast<int>(g));
      }
      impossible = impossible || !model.add(f.group, std::move(others));
    }
    if (impossible) break;  // cannot happen after a successful greedy start; keep the start
  }
  if (out.proven_optimal) out.lower_bound = out.cost;
  return out;
}

}  // namespace hitoku::protection
