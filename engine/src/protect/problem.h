#pragma once
// The suppression problem (internal to protect): cells grouped by linear form, additive relations,
// costs, forced cells, and audits of a pattern.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "hitoku/audit/audit.h"
#include "hitoku/protect/protect.h"

namespace hitoku::protection {

struct Member {
  int table = -1;
  std::size_t flat = 0;
};

// Why a group is suppressed from the start.
enum class Origin : std::uint8_t { None, User, Forced, Primary };

// Cells of any tables with the same inner-cell support (the same linear form): one status for all.
struct Group {
  std::vector<Member> members;  // cells of planned tables
  std::vector<Member> earlier;  // cells of earlier publications
  std::int64_t value = 0;
  double cost = 0;              // sum of the members' costs
  bool known = false;           // published in an earlier publication: cannot be hidden
  bool hidden = false;          // only in earlier publications, suppressed there: stays unknown
  bool keep = false;            // forced to stay published
  Origin origin = Origin::None;
  std::string forced_where;     // where a keep/suppress was asked for (for conflicts)
  // Why a Primary group is primary when it is not a small count (rule1_primary.cpp): empty = rule ②
  // (or few patients, rule ①).
  std::string primary_rule, primary_ja, primary_en;

  bool fixed_published() const { return known || (keep && origin == Origin::None); }
  bool fixed_suppressed() const { return hidden || origin != Origin::None; }
  bool candidate() const { return !fixed_published() && !fixed_suppressed() && !members.empty(); }
};

// "parent = sum of children" in one table, as distinct groups (fewer than two: dropped).
struct Relation {
  int table = -1;
  std::size_t parent_flat = 0;
  std::vector<int> groups;
};

struct Problem {
  const Submission* sub = nullptr;
  std::vector<Group> groups;
  std::vector<std::vector<int>> group_of;  // [table][flat] -> group
  std::vector<Relation> relations;
  std::vector<std::vector<int>> relations_of;  // group -> relations
  std::vector<ProtectConflict> conflicts;      // found while setting up (forced cells, earlier values)
  bool has_earlier = false;
  // Rule ⑤ (earlier_secrets.cpp): per table, 1 for an earlier table with suppressed cells, whose
  // hidden counts are secrets too (audited as planned cells, as the check does; empty: none); and per such cell
  // how the earlier publications alone expose it (failure_rank; absent: safe), not this
  // submission's to repair.
  std::vector<char> earlier_secrets;
  std::map<std::pair<int, std::size_t>, int> earlier_alone;

  std::string label(int group) const;  // the first member's cell label
};

// Group disclosure (rule ①) and single-hospital cells: their groups become Primary with a reason.
void mark_rule1_primaries(Problem& p);

// Builds groups, relations and costs, applies rule ②, user markers and forced cells.
// Throws InputError for a forced cell that names no cell.
Problem build_problem(const Submission& submission, const ProtectOptions& options);

// A pattern: per group, suppressed or not.
using Pattern = std::vector<char>;
Pattern initial_pattern(const Problem& p);

// The submission with a pattern applied to the planned tables; `added` receives the cells whose
// status changed (with their new status), in table order.
Submission apply_pattern(const Problem& p, const Pattern& x, std::vector<Member>* added = nullptr);

// One audit of the pattern: the groups that fail (recoverable, unproven, or narrower than the
// policy allows), each with the published groups its certificate uses (empty when it has none),
// and whether the leak needs an earlier publication.
struct Failure {
  int group = -1;
  std::vector<int> certificate_groups;  // published groups of the certificate (and zero cells)
  bool uses_earlier = false;
  bool has_certificate = false;
  bool too_large = false;  // unproven only because the audit's component exceeded its size limit
  bool sampled = false;    // ... and that audit ran full sampling solves (a larger budget may settle it;
                           // blocks around the truth point alone do not depend on it)
  bool unproven = false;   // neither recoverable nor too narrow: the audit could not prove it safe
  // Rule ② failures (rule2_failures.cpp): a sum of suppressed cells, this one among them, that the
  // published values determine in the small range; or a small cell whose attacker upper bound
  // stays below small_max + 1 (policy differencing.primary_upper_reach).
  bool small_sum = false, small_reach = false;
  // A small count no table shows (a code left out with `codes:`), given by published cells alone:
  // group is then -1, and one cell of the certificate must be suppressed whatever else is.
  std::string hidden_label;
};
// With options.relaxation_only (a fast screen), a cyclic set is audited on its table-cell
// relaxation only, which never proves a cell safe: there a cell that is merely *not proven* is
// not a failure -- only cells the relaxation pins, and outer intervals narrower than the policy
// allows, are (both are proven). *screened then tells the caller that the pattern still needs a
// full audit before it may be handed back. Decomposable sets are audited in full either way.
// The patterned tables and their audit, kept when asked (a later audit of a pattern containing
// this one may carry its safe cells over: AuditOptions::proven_before).
struct AuditRecord {
  Submission patterned;
  AuditResult result;
  bool include_earlier = false;
};
std::vector<Failure> audit_pattern(const Problem& p, const Pattern& x, const AuditOptions& options,
                                   long long& audits, bool* screened = nullptr, AuditRecord* record = nullptr);

// Adds the rule ② failures of a patterned submission (policy small_cells.combinations and
// differencing.primary_upper_reach) for groups not failing already (`seen`).
void add_rule2_failures(const Problem& p, const Submission& patterned, const AuditResult& r,
                        std::vector<char>& seen, std::vector<Failure>& out);

// The rule ② combination failures of a pattern alone, without an audit: relation remainders and the
// exact elimination (rules/small_combinations). Empty unless the policy asks for combinations.
std::vector<Failure> combination_failures(const Problem& p, const Pattern& x);

double pattern_cost(const Problem& p, const Pattern& x);

}  // namespace hitoku::protection
