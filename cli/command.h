#pragma once
// Each subcommand lives in its own file and registers itself on the CLI11 app; no rule logic here.
#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "hitoku/atomic_write.h"
#include "hitoku/report.h"

namespace hitoku::cli {

inline constexpr int kExitPass = 0;
inline constexpr int kExitFail = 1;
inline constexpr int kExitBadInput = 2;

using Action = std::function<int()>;

// Registration functions; each returns the action to run when its subcommand was chosen.
Action add_check_command(CLI::App& app);
Action add_report_command(CLI::App& app);
Action add_verify_command(CLI::App& app);
Action add_protect_command(CLI::App& app);
Action add_merge_command(CLI::App& app);
Action add_tables_command(CLI::App& app);
Action add_synth_command(CLI::App& app);

// Writes text to `path` atomically, or to stdout when path is empty.
void emit(const std::string& path, const std::string& text, FileAccess access = FileAccess::Shared);
// A report with true values (--confidential) is written readable by its owner only (0600).
inline FileAccess owner_only_if_confidential(const Report& report) {
  return report.confidential ? FileAccess::OwnerOnly : FileAccess::Shared;
}
void print_written_files(const std::vector<std::string>& files);
std::string render_report(const Report& report, const std::string& format, const std::string& lang);
Report read_report_json(const std::string& path);  // throws InputError naming the file
// A table plan built from its registry extract; bad rows are listed on standard error before
// the ExtractError goes on to main().
Submission load_plan_or_report(const std::string& plan_path);
// A manifest (manifest_version: 1) or a table plan (plan_version: 1), told apart by its top-level key.
Submission load_input(const std::string& path);

}  // namespace hitoku::cli
