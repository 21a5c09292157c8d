#include "hitoku/workflow/input.h"

#include <filesystem>

#include "hitoku/error.h"
#include "hitoku/load_submission.h"
#include "hitoku/report_format.h"

namespace hitoku::workflow {
namespace fs = std::filesystem;

LoadedInput load_plan(const std::string& path) {
  LoadedInput in;
  in.from_plan = true;
  in.submission = build_submission_from_plan(path, &in.plan_stats);
  return in;
}

LoadedInput load_input(const std::string& path) {
  if (is_table_plan(path)) return load_plan(path);
  LoadedInput in;
  in.submission = load_submission(path);
  return in;
}

bool built_from_plan(const Submission& submission) {
  for (const auto& in : submission.inputs)
    if (in.role == "plan") return true;
  return false;
}

std::vector<std::string> input_files(const Submission& submission) {
  // A manifest's inputs are named relative to its folder (the manifest by file name); a plan's are
  // the paths it read.
  const bool from_plan = built_from_plan(submission);
  const fs::path manifest(submission.manifest_path);
  const fs::path base = manifest.has_parent_path() ? manifest.parent_path() : fs::path(".");
  std::vector<std::string> files;
  for (const auto& in : submission.inputs) {
    const fs::path p = in.role == "manifest" || in.role == "plan" ? manifest
                       : in.role == "policy"                      ? fs::path(submission.policy.path)
                       : from_plan                                ? fs::path(in.path)
                                                                  : base / in.path;
    std::error_code ec;
    if (!p.empty() && fs::exists(p, ec)) files.push_back(p.lexically_normal().string());
  }
  return files;
}

Report parse_report_json(const std::string& text, const std::string& source) {
  return parse_report_text(text, source).report;
}

Report read_report_file(const std::string& path) { return hitoku::read_report_file(path).report; }

}  // namespace hitoku::workflow
