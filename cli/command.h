#pragma once
// Each subcommand lives in its own file and registers itself on the CLI11 app.
#include <CLI/CLI.hpp>
#include <functional>
#include <string>

namespace hitoku::cli {

inline constexpr int kExitPass = 0;
inline constexpr int kExitFail = 1;
inline constexpr int kExitBadInput = 2;

using Action = std::function<int()>;

// Registration functions; each returns the action to run when its subcommand was chosen.
Action add_check_command(CLI::App& app);

// Writes text to `path` atomically, or to stdout when path is empty.
void emit(const std::string& path, const std::string& text);

}  // namespace hitoku::cli
