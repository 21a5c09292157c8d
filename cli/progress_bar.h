#pragma once
// Progress on a terminal: the engine's ProgressCallback drawn as one line on standard error, with the
// stage in Japanese and English, a bar (or the round count) and the time spent. Silent when standard
// error is not a terminal (a pipe, a log file) or with --quiet.
#include <CLI/CLI.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "hitoku/report/progress.h"

namespace hitoku::cli {

// --quiet: shared by the commands that may run long (check, protect, merge, verify, tables, report).
CLI::Option* add_quiet_flag(CLI::App* cmd, bool& quiet);

class ProgressBar {
 public:
  explicit ProgressBar(bool quiet);
  ~ProgressBar();  // finish()
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // What the engine calls; a no-op callback when the bar is silent.
  ProgressCallback callback();
  // A stage of the front end's own (reading the submission), without a count.
  void stage(const std::string& id);
  // Erases the line and stops the clock (before the command prints its result).
  void finish();

 private:
  void update(const std::string& stage, long long done, long long total);
  void draw_locked();
  void tick();

  bool active_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::thread ticker_;
  bool stop_ = false, drawn_ = false;
  std::string stage_;
  long long done_ = 0, total_ = 0;
  std::chrono::steady_clock::time_point started_, stage_started_, last_draw_;
};

}  // namespace hitoku::cli
