// hitoku: the pre-publication check (公表前確認) of cancer registry tables.
#include <iostream>
#include <vector>

#include "command.h"
#include "hitoku/model/error.h"

namespace {

constexpr const char* kExitCodes =
    "終了コード / exit codes:\n"
    "  0  適合（verify: 一致） / pass (verify: match)\n"
    "  1  不適合（verify: 不一致、protect: 秘匿パターンなし） / fail (verify: mismatch; protect: no pattern)\n"
    "  2  入力・使い方の誤り（判定はしません） / bad input or usage (never a verdict)\n"
    "出力先が入力ファイルやそのフォルダに当たるときは書きません（--force で上書き）。\n"
    "Outputs that resolve to an input file or its folder are refused unless --force.\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace hitoku::cli;
  CLI::App app{"hitoku " HITOKU_VERSION " — がん登録集計表の公表前確認 / pre-publication disclosure check"};
  app.set_help_flag("-h,--help", "使い方を表示 / print this help");
  app.set_version_flag("--version", "hitoku " HITOKU_VERSION, "版を表示 / print the version");
  app.require_subcommand(1, 1);
  app.footer(kExitCodes);
  std::vector<std::pair<CLI::App*, Action>> commands;
  auto add = [&](Action (*registrar)(CLI::App&)) {
    std::size_t before = app.get_subcommands({}).size();
    Action action = registrar(app);
    CLI::App* sub = app.get_subcommands({})[before];
    sub->set_help_flag("-h,--help", "使い方を表示 / print this help");
    sub->footer(kExitCodes);
    commands.emplace_back(sub, std::move(action));
  };
  add(add_check_command);
  add(add_report_command);
  add(add_verify_command);
  add(add_protect_command);
  add(add_merge_command);
  add(add_tables_command);
  add(add_synth_command);
  add(add_registry_command);
  add(add_diff_command);
  add(add_batch_command);

  if (argc < 2) {
    // No command: the help, in both languages, as a usage error.
    std::cerr << app.help();
    return kExitBadInput;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "使い方の誤りです（hitoku --help を参照） / usage error (see hitoku --help)\n";
    app.exit(e);
    return kExitBadInput;
  }
  try {
    for (auto& [sub, action] : commands)
      if (sub->parsed()) return action();
  } catch (const hitoku::InputError& e) {
    std::cerr << "エラー: " << e.where().describe() << ": " << e.message_ja() << "\n"
              << "error: " << e.where().describe() << ": " << e.message_en() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    // An unexpected failure is never a pass.
    std::cerr << "内部エラー / internal error: " << e.what() << "\n";
    return kExitBadInput;
  }
  return kExitBadInput;
}
