#pragma once
// Each subcommand lives in its own file and registers itself on the CLI11 app. A command parses its
// arguments, calls its workflow in the engine (engine/include/hitoku/workflow/) and prints: no rule
// logic, no option defaults, no file writing here.
#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

#include "hitoku/report/progress.h"
#include "hitoku/workflow/input.h"
#include "hitoku/model/submission.h"

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
Action add_registry_command(CLI::App& app);
Action add_diff_command(CLI::App& app);
Action add_batch_command(CLI::App& app);

// --force: shared by every command that writes.
CLI::Option* add_force_flag(CLI::App* cmd, bool& force);
// --written-files: shared by every command that writes files.
CLI::Option* add_written_files_flag(CLI::App* cmd, bool& list_written);
// --xlsx for protect and merge: the tables as one workbook, a sheet per table.
CLI::Option* add_xlsx_flag(CLI::App* cmd, bool& xlsx);
// --allow-folder DIR (repeatable): shared by every command that loads a manifest.
CLI::Option* add_allow_folder_option(CLI::App* cmd);
void print_written_files(const std::vector<std::string>& files);
// A manifest or a table plan (workflow::load_input); for a plan, the records read go to standard
// error, and every bad extract row is listed there before the ExtractError goes on to main().
// `progress` hears the records read from a plan's extract. The layout beside the submission is what
// the commands that write tables back (protect, merge, tables) hand to their writers.
workflow::LoadedInput load_input(const std::string& path, const ProgressCallback& progress = {});
workflow::LoadedInput load_plan(const std::string& path, const ProgressCallback& progress = {});  // a table plan only (`hitoku tables`)

}  // namespace hitoku::cli
