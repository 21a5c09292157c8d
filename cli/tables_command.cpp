// hitoku tables PLAN -o OUTDIR: build the planned tables from a registry extract and write them
// (long and wide CSV) with a manifest that `hitoku check` reads (workflow/tables.h).
#include <iostream>

#include "command.h"
#include "progress_bar.h"
#include "hitoku/workflow/tables.h"

namespace hitoku::cli {
namespace {

struct TablesArgs {
  std::string plan, outdir, old_outdir, encoding = "utf-8";
  workflow::TablesRequest request;
  bool list_written = false;
  bool quiet = false;
};

}  // namespace

Action add_tables_command(CLI::App& app) {
  auto args = std::make_shared<TablesArgs>();
  CLI::App* cmd = app.add_subcommand(
      "tables", "集計計画から集計表を作成し書き出す / build the planned tables from a registry extract and write them");
  cmd->add_option("plan", args->plan, "table plan (YAML, plan_version: 1)")->required();
  CLI::Option* output = cmd->add_option("-o,--output", args->outdir, "output folder (created if missing)");
  // The old spelling keeps working, with a notice.
  CLI::Option* outdir = cmd->add_option("--outdir", args->old_outdir, "old spelling of -o/--output");
  output->excludes(outdir);
  cmd->add_option("--encoding", args->encoding, "utf-8 | cp932")->check(CLI::IsMember({"utf-8", "cp932"}));
  cmd->add_flag("!--no-wide", args->request.wide, "write only the long tables");
  cmd->add_flag("--xlsx", args->request.xlsx,
                "Excel ブックで書く（tables.xlsx と tables_wide.xlsx、表ごとに 1 シート） / write Excel workbooks "
                "(tables.xlsx and tables_wide.xlsx, a sheet per table)");
  add_written_files_flag(cmd, args->list_written);
  add_force_flag(cmd, args->request.force);
  add_allow_folder_option(cmd);
  add_quiet_flag(cmd, args->quiet);
  return [args]() {
    if (!args->old_outdir.empty()) {
      std::cerr << "注意: --outdir は -o/--output に名前が変わりました / note: --outdir is now -o/--output\n";
      args->outdir = args->old_outdir;
    }
    if (args->outdir.empty())
      throw InputError({"-o", 0, ""}, "出力フォルダ（-o/--output）を指定してください",
                       "an output folder is required (-o/--output)");
    args->request.outdir = args->outdir;
    args->request.encoding = workflow::parse_tables_encoding(args->encoding);
    ProgressBar bar(args->quiet);
    bar.stage("load");
    workflow::LoadedInput built = load_plan(args->plan, bar.callback());
    bar.finish();
    const workflow::TablesRun run = workflow::write_tables(std::move(built.submission), std::move(built.layout), args->request);
    for (const auto& id : run.non_additive_tables)
      std::cerr << "注意: 表「" << id << "」は実患者数で、合計が内訳の和になりません（一人が複数のセルに入る）。"
                   "表からの確認（manifest）は合計の不一致で止まります。計画から確認してください: hitoku check 計画.yaml\n"
                   "note: table '" << id << "' counts distinct patients and its totals are not the sums of their parts; "
                   "the manifest path rejects such totals, so check the plan itself (hitoku check PLAN).\n";
    std::cerr << "注意: 書き出した表は秘匿前の真値です。公表前に hitoku check で確認してください。\n"
                 "note: the tables hold true values before suppression; run hitoku check before publishing.\n";
    if (args->list_written) print_written_files(run.written);
    return kExitPass;
  };
}

}  // namespace hitoku::cli
