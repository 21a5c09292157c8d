#pragma once
// The prefecture's disclosure rules as data (policies/*.yaml, read by ingest: hitoku/ingest/load_policy.h).
// The only logic in a policy is the one predicate every module shares, so that rule ②'s range is
// written once. Plain data: this header depends on nothing else of hitoku (the bottom layer).
#include <cstdint>
#include <string>
#include <vector>

namespace hitoku {

enum class NarrowIntervalAction { Ignore, Warn, Fail };

struct Policy {
  std::string id, version, title, source;  // source: where the rules are written
  std::string sha256;                      // of the policy file as read
  std::string path;

  // Rule ②: published counts in [small_min, small_max] must be suppressed.
  std::int64_t small_min = 1, small_max = 9;
  // Rule ②'s predicate: does a count (or a number of patients) lie in the small range?
  bool in_small_range(std::int64_t v) const { return v >= small_min && v <= small_max; }
  // Rule ② "alone or in combination": a sum of suppressed cells that the published values
  // determine exactly must not lie in the small range either (small_cells.combinations).
  bool small_combinations = false;

  // Rules ④⑤: the attacker interval of a suppressed cell.
  // A cell whose integer interval holds one value is always a failure.
  std::int64_t min_interval_width = 0;  // 0: only exact recovery fails
  NarrowIntervalAction narrow_interval = NarrowIntervalAction::Warn;
  // Attacker knows that a suppressed cell with a small count lies in [small_min, small_max].
  bool attacker_knows_small_range = false;
  // The attacker's upper bound of every suppressed cell with a small count must reach at least
  // small_max + 1, so the reader cannot tell that the cell is small (differencing.primary_upper_reach).
  bool primary_upper_reach = false;
  // Derived values (docs/formats.md §2.1): the attacker knows the populations behind rates (census and
  // resident registers are public), so a printed rate bounds its count (derived_values.
  // attacker_knows_populations; false: rates and standardised rates give the attacker nothing).
  bool attacker_knows_populations = true;

  // Rule ①, group disclosure: dimensions (by id or manifest `variable:`) whose categories are a
  // patient attribute; a published group whose patients all share one category is a finding.
  std::vector<std::string> sensitive_variables;
  // Single-hospital cells (rules ②③, where Table::hospitals is known): a small count from one
  // hospital is always a finding; with this, so is any positive count from one hospital.
  bool single_hospital_any_count = false;

  // Rule ③.
  int min_hospitals = 2;
  bool merge_across_prefectures = false;

  std::vector<std::string> default_markers;  // suppression markers accepted in tables
};

}  // namespace hitoku
