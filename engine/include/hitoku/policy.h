#pragma once
// The prefecture's disclosure rules as data (policies/*.yaml). No logic lives in a policy.
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

  // Rules ④⑤: the attacker interval of a suppressed cell.
  // A cell whose integer interval holds one value is always a failure.
  std::int64_t min_interval_width = 0;  // 0: only exact recovery fails
  NarrowIntervalAction narrow_interval = NarrowIntervalAction::Warn;
  // Attacker knows that a suppressed cell with a small count lies in [small_min, small_max].
  bool attacker_knows_small_range = false;

  // Rule ③.
  int min_hospitals = 2;
  bool merge_across_prefectures = false;

  std::vector<std::string> default_markers;  // suppression markers accepted in tables
};

// Loads a policy by id (looked up in policies/) or by path; throws InputError.
Policy load_policy(const std::string& id_or_path);
// Where policies are looked up: $HITOKU_POLICY_DIR, else share/hitoku/policies beside an installed
// binary, else the source tree's policies/ (data_paths.h).
std::string policy_directory();

}  // namespace hitoku
