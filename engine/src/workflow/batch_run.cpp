// Local parallel batches: one forked worker process per submission, at most `jobs` at a time. The parent
// only forks and waits (no checking of its own, so it holds no threads when it forks); each worker checks
// one submission, stores it (workflow/batch.h) and exits. A worker that dies leaves no row, so the
// summary marks the submission incomplete and a rerun redoes it.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <map>

#include "hitoku/model/error.h"
#include "hitoku/workflow/batch.h"

namespace hitoku::workflow {
namespace {

// In the worker: never returns; exit status 0 when the row was stored.
[[noreturn]] void work(const BatchPlan& plan, const BatchItem& item) {
  int status = 0;
  try {
    store_batch_item(plan, item, check_batch_item(plan, item));
  } catch (const InputError& e) {
    std::cerr << "エラー: " << e.where().describe() << ": " << e.message_ja() << "\nerror: " << e.message_en() << "\n";
    status = 2;
  } catch (const std::exception& e) {
    std::cerr << "内部エラー / internal error: " << e.what() << "\n";
    status = 3;
  }
  std::cerr.flush();
  std::_Exit(status);
}

}  // namespace

BatchSummary run_batch(const BatchPlan& plan, const std::function<void(std::size_t, std::size_t, const std::string&)>& progress) {
  const std::vector<BatchItem> pending = pending_items(plan);
  const std::size_t total = plan.items.size();
  std::size_t done = total - pending.size();
  const std::size_t jobs = plan.options.cumulative ? 1 : static_cast<std::size_t>(plan.options.jobs);
  std::map<pid_t, const BatchItem*> running;
  std::size_t next = 0;
  if (progress) progress(done, total, "");
  while (next < pending.size() || !running.empty()) {
    while (next < pending.size() && running.size() < jobs) {
      std::fflush(nullptr);
      const pid_t pid = fork();
      if (pid < 0) throw InputError({plan.outdir, 0, ""}, "作業プロセスを作れません", "cannot start a worker process");
      if (pid == 0) work(plan, pending[next]);
      running[pid] = &pending[next++];
    }
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) break;
    auto it = running.find(pid);
    if (it == running.end()) continue;
    ++done;
    if (progress) progress(done, total, it->second->name);
    running.erase(it);
  }
  return write_batch_summary(plan);
}

}  // namespace hitoku::workflow
