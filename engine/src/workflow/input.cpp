#include "hitoku/workflow/input.h"

#include <filesystem>

#include "hitoku/model/error.h"
#include "hitoku/ingest/input_limits.h"
#include "hitoku/ingest/load_submission.h"
#include "hitoku/report/report_format.h"

namespace hitoku::workflow {
namespace fs = std::filesystem;

namespace {

// A path as the user can open it from the current folder: relative when it lies inside that folder's
// tree, else absolute.
std::string from_current_folder(const fs::path& path) {
  std::error_code ec;
  const fs::path absolute = fs::absolute(path, ec).lexically_normal();
  const fs::path relative = absolute.lexically_relative(fs::current_path(ec));
  if (relative.empty() || *relative.begin() == "..") return absolute.string();
  return relative.string();
}

// Manifest errors name its files as the manifest writes them (relative to its folder); shown to the
// user they are taken from the current folder. A name that only exists as given was already a path
// from the current folder.
SourcePos shown_from_current_folder(SourcePos pos, const std::string& manifest_path) {
  if (pos.file.empty()) return pos;
  const fs::path manifest(manifest_path);
  const fs::path base = manifest.has_parent_path() ? manifest.parent_path() : fs::path(".");
  fs::path file(pos.file);
  std::error_code ec;
  if (pos.file != manifest_path && file.is_relative() && (fs::exists(base / file, ec) || !fs::exists(file, ec)))
    file = base / file;
  pos.file = from_current_folder(file);
  return pos;
}

}  // namespace

void allow_extra_folder(const std::string& folder) {
  // Made absolute now, so a later change of the current folder cannot move it.
  input_limits().extra_folders.push_back(fs::absolute(folder).lexically_normal().string());
}

LoadedInput load_plan(const std::string& path, const ProgressCallback& progress) {
  LoadedInput in;
  in.from_plan = true;
  in.plan_stats.progress = progress;
  in.submission = build_submission_from_plan(path, &in.plan_stats, &in.layout);
  return in;
}

LoadedInput load_input(const std::string& path, const ProgressCallback& progress) {
  if (is_table_plan(path)) return load_plan(path, progress);
  LoadedInput in;
  try {
    in.submission = load_submission(path, &in.layout);
  } catch (const InputError& e) {
    throw InputError(shown_from_current_folder(e.where(), path), e.message_ja(), e.message_en());
  }
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
