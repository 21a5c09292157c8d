// hitoku tables PLAN -o OUTDIR: build the planned tables from a registry extract and write them
// (long and wide CSV) with a manifest that `hitoku check` reads (the table-based path).
#include <filesystem>
#include <iostream>

#include "command.h"
#include "hitoku/table_plan.h"
#include "hitoku/table_writer.h"

namespace hitoku::cli {
namespace {

struct TablesArgs {
  std::string plan;
  std::string outdir;
  std::string encoding = "utf-8";
  bool wide = true;
  bool list_written = false;
};

}  // namespace

Submission load_plan_or_report(const std::string& plan_path) {
  try {
    PlanBuildStats stats;
    Submission sub = build_submission_from_plan(plan_path, &stats);
    std::cerr << "集計: " << stats.records_read << " 件を読み、" << sub.tables.size() << " 表を作成 / read "
              << stats.records_read << " records, built " << sub.tables.size() << " tables\n";
    return sub;
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

Action add_tables_command(CLI::App& app) {
  auto args = std::make_shared<TablesArgs>();
  CLI::App* cmd = app.add_subcommand(
      "tables", "集計計画から集計表を作成し書き出す / build the planned tables from a registry extract and write them");
  cmd->add_option("plan", args->plan, "table plan (YAML, plan_version: 1)")->required();
  cmd->add_option("-o,--outdir", args->outdir, "output folder (created if missing)")->required();
  cmd->add_option("--encoding", args->encoding, "utf-8 | cp932")->check(CLI::IsMember({"utf-8", "cp932"}));
  cmd->add_flag("!--no-wide", args->wide, "write only the long tables");
  cmd->add_flag("--written-files", args->list_written, "list every file written, one per line, on standard output");
  return [args]() {
    namespace fs = std::filesystem;
    Submission sub = load_plan_or_report(args->plan);
    fs::create_directories(args->outdir);
    const TextEncoding encoding = args->encoding == "cp932" ? TextEncoding::Cp932 : TextEncoding::Utf8;
    for (auto& t : sub.tables) {
      t.format.layout = TableLayout::Long;
      t.format.encoding = encoding;
      t.format.file = t.id + ".csv";
      t.format.show_labels.assign(t.dims.size(), false);
    }
    std::vector<std::string> written = write_submission(sub, (fs::path(args->outdir) / "manifest.yaml").string());
    if (args->wide) {
      for (const auto& t : sub.tables) {
        TableFormat wide = t.format;
        wide.layout = TableLayout::Wide;
        wide.show_labels.assign(t.dims.size(), true);  // the printed form: Japanese labels
        const std::string path = (fs::path(args->outdir) / (t.id + "_wide.csv")).string();
        write_table(sub, t, wide, path);
        written.push_back(path);
      }
    }
    for (const auto& t : sub.tables)
      if (!t.additive)
        std::cerr << "注意: 表「" << t.id << "」は実患者数で、合計が内訳の和になりません（一人が複数のセルに入る）。"
                     "表からの確認（manifest）は合計の不一致で止まります。計画から確認してください: hitoku check 計画.yaml\n"
                     "note: table '" << t.id << "' counts distinct patients and its totals are not the sums of their parts; "
                     "the manifest path rejects such totals, so check the plan itself (hitoku check PLAN).\n";
    std::cerr << "注意: 書き出した表は秘匿前の真値です。公表前に hitoku check で確認してください。\n"
                 "note: the tables hold true values before suppression; run hitoku check before publishing.\n";
    if (args->list_written) print_written_files(written);
    return kExitPass;
  };
}

}  // namespace hitoku::cli
