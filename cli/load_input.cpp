// Every subcommand that takes a submission accepts a manifest or a table plan alike.
#include "command.h"
#include "hitoku/manifest.h"
#include "hitoku/table_plan.h"

namespace hitoku::cli {

Submission load_input(const std::string& path) {
  return is_table_plan(path) ? load_plan_or_report(path) : load_submission(path);
}

}  // namespace hitoku::cli
