// hitoku: the pre-publication check (公表前確認) of cancer registry tables.
#include <iostream>
#include <vector>

#include "command.h"
#include "hitoku/atomic_write.h"
#include "hitoku/error.h"

namespace hitoku::cli {

void emit(const std::string& path, const std::string& text, FileAccess access) {
  if (path.empty()) {
    std::cout << text;
    std::cout.flush();
  } else {
    write_file_atomically(path, text, access);
  }
}

}  // namespace hitoku::cli

int main(int argc, char** argv) {
  using namespace hitoku::cli;
  CLI::App app{"hitoku " HITOKU_VERSION " — がん登録集計表の公表前確認 / pre-publication disclosure check"};
  app.set_version_flag("--version", "hitoku " HITOKU_VERSION);
  app.require_subcommand(1, 1);
  std::vector<std::pair<CLI::App*, Action>> commands;
  auto add = [&](Action (*registrar)(CLI::App&)) {
    std::size_t before = app.get_subcommands({}).size();
    Action action = registrar(app);
    commands.emplace_back(app.get_subcommands({})[before], std::move(action));
  };
  add(add_check_command);
  add(add_report_command);
  add(add_verify_command);
  add(add_protect_command);
  add(add_merge_command);
  add(add_tables_command);
  add(add_synth_command);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
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
