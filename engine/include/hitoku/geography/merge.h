#pragma once
// Rule ③ remedy: publish single-hospital areas merged with adjacent municipalities.
// plan_merge is a pure function from a geography (leaves, land borders, hospitals per leaf)
// to groups of municipalities; apply_merge rewrites a submission with those groups;
// merge_submission does both for every hospital geography of a submission.
// Algorithm, tie-breaks and what is reported: docs/rule3-merge.md.
#include <string>
#include <utility>
#include <vector>

#include "hitoku/report/report.h"
#include "hitoku/model/submission.h"

namespace hitoku {

// One leaf of the geography dimension.
struct MergeArea {
  std::string code, label;
  std::string prefecture;    // merges never cross it unless MergeProblem::merge_across_prefectures
  std::string parent;        // parent code in the dimension; merges prefer partners with the same parent
  std::string parent_label;  // its label, for the explanation (e.g. 北播磨圏域)
  std::string medical_area;  // merges prefer partners in the same 二次保健医療圏 (empty = unknown)
  std::vector<int> hospitals;  // hospitals per attribute of MergeProblem::attributes
  bool must_fix = false;       // shown with a rule ③ violation: must end up in a valid group
};

struct MergeProblem {
  std::string dimension;                // geography dimension id
  std::vector<std::string> attributes;  // hospital attributes in use ("" = any hospital)
  std::vector<MergeArea> areas;
  std::vector<std::pair<std::string, std::string>> adjacency;  // pairs with unknown codes are ignored
  int min_hospitals = 2;
  bool merge_across_prefectures = false;
};

struct MergeGroup {
  std::vector<std::string> members;  // codes in code order
  std::string code;                  // members joined by '+', e.g. "28205+28226"
  std::string label;                 // labels joined by '・', e.g. "洲本市・淡路市"
  std::vector<std::string> needed_by;  // members that had the violation (must_fix)
  std::vector<int> hospitals;          // per attribute, after merging
  bool crosses_medical_area = false, crosses_prefecture = false;
  std::string reason_ja, reason_en;  // which area, why, with whom
};

// A must-fix area that no merge within the allowed land-border component can repair.
struct UnresolvedArea {
  std::string code, label;
  std::vector<std::string> component;  // codes reachable over land (within the prefecture unless allowed)
  std::vector<int> component_hospitals;
  std::string reason_ja, reason_en;    // includes the options: medical-area level, suppression, policy
};

struct MergePlan {
  std::string dimension;
  std::vector<std::string> attributes;
  int min_hospitals = 2;
  std::vector<MergeGroup> groups;          // ordered by first member code
  std::vector<UnresolvedArea> unresolved;  // ordered by code
  // Group index of a leaf code, -1 when it stays alone.
  int group_of(const std::string& code) const;
};

// Deterministic: the same problem in any row order gives the same plan.
// Throws std::invalid_argument for duplicate codes or hospital vectors of the wrong length.
MergePlan plan_merge(const MergeProblem& problem);

// A copy of the submission in which every planned table over plan.dimension shows each group as
// one row (code and label of the group, values summed) instead of its members. The group becomes a
// code of the dimension whose children are its members, so earlier publications keep their codes.
// Parent codes that a group straddles are dropped from the dimension and the planned tables.
// Merged cells get status SuppressedPrimary when the sum is in the policy's small range, else
// Published; callers re-run the rules on the result. Throws InputError when a planned table shows
// some members of a group but not all, or an earlier publication shows a dropped parent.
Submission apply_merge(const Submission& submission, const MergePlan& plan);

struct MergeResult {
  Submission merged;
  std::vector<MergePlan> plans;   // one per hospital geography that needed merging
  RuleOutput explanation;         // rule "3": Info per merge, Error per unresolved area
  std::vector<std::string> changed_tables;
};

// Builds the merge problem of every hospital geography with a rule ③ violation (from the
// submission's hospital list, geographies and policy), plans and applies it. Throws InputError
// when a geography with violations has no adjacency (GeographyInfo) in the submission.
MergeResult merge_submission(const Submission& submission);

// Folds the merge explanation into the report of the re-check of merge.merged (what `hitoku merge`
// and the Python package report): each merge (info) and each area merging cannot repair (error, so
// the verdict cannot pass), and the rule ③ summary.
void add_merge_explanation(Report& report, const MergeResult& merge);

}  // namespace hitoku
