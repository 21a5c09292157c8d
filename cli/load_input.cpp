// Every subcommand that takes a submission accepts a manifest or a table plan alike.
#include <unistd.h>

#include <iostream>

#include "command.h"
#include "hitoku/workflow/input.h"

namespace hitoku::cli {

namespace {

workflow::LoadedInput load_reporting(workflow::LoadedInput (*loader)(const std::string&, const ProgressCallback&),
                          const std::string& path, const ProgressCallback& progress) {
  try {
    workflow::LoadedInput in = loader(path, progress);
    if (in.from_plan)
      std::cerr << (::isatty(STDERR_FILENO) == 1 ? "\r\033[K" : "") << "集計: " << in.plan_stats.records_read << " 件を読み、" << in.submission.tables.size()
                << " 表を作成 / read " << in.plan_stats.records_read << " records, built "
                << in.submission.tables.size() << " tables\n";
    return in;
  } catch (const ExtractError& e) {
    // Every bad row (up to the plan's limit), then the usual one-line error from main().
    for (const auto& b : e.rows())
      std::cerr << e.where().file << ":" << b.line << " [" << b.field << "] 「" << b.value << "」: " << b.reason_ja
                << " / " << b.reason_en << "\n";
    if (e.total() > static_cast<long long>(e.rows().size()))
      std::cerr << "... ほか " << e.total() - static_cast<long long>(e.rows().size()) << " 件 / and "
                << e.total() - static_cast<long long>(e.rows().size()) << " more\n";
    throw;
  }
}

}  // namespace

workflow::LoadedInput load_input(const std::string& path, const ProgressCallback& progress) {
  return load_reporting(workflow::load_input, path, progress);
}
workflow::LoadedInput load_plan(const std::string& path, const ProgressCallback& progress) {
  return load_reporting(workflow::load_plan, path, progress);
}

CLI::Option* add_force_flag(CLI::App* cmd, bool& force) {
  return cmd->add_flag("--force", force,
                       "出力先が入力ファイル（またはそのフォルダ）でも書く / write even where an output resolves to an "
                       "input file or its folder");
}

CLI::Option* add_written_files_flag(CLI::App* cmd, bool& list_written) {
  return cmd->add_flag("--written-files", list_written, "list every file written, one per line, on standard output");
}

CLI::Option* add_xlsx_flag(CLI::App* cmd, bool& xlsx) {
  return cmd->add_flag("--xlsx", xlsx,
                       "表を Excel ブック tables.xlsx（表ごとに 1 シート）で書く / write the tables as one Excel workbook, "
                       "tables.xlsx (a sheet per table)");
}

CLI::Option* add_allow_folder_option(CLI::App* cmd) {
  return cmd
      ->add_option_function<std::vector<std::string>>(
          "--allow-folder",
          [](const std::vector<std::string>& folders) {
            for (const auto& f : folders) workflow::allow_extra_folder(f);
          },
          "マニフェストのフォルダの外でもこのフォルダのファイルは読む（繰り返し可、allowed_folders と同じ） / also read "
          "files the manifest names from this folder (repeatable; like allowed_folders)")
      ->allow_extra_args(false)
      ->type_name("DIR");
}

void print_written_files(const std::vector<std::string>& files) {
  for (const auto& f : files) std::cout << f << "\n";
}

}  // namespace hitoku::cli
