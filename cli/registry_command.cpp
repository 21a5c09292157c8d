// hitoku registry init|add|list|show|remove|check: the committee's registry of approved publications
// (workflow/registry.h). Parsing and printing only.
#include <iostream>

#include "command.h"
#include "hitoku/workflow/registry.h"

namespace hitoku::cli {
namespace {

struct RegistryArgs {
  std::string db, manifest, report, approval, data_years;
};

}  // namespace

Action add_registry_command(CLI::App& app) {
  auto args = std::make_shared<RegistryArgs>();
  CLI::App* cmd = app.add_subcommand(
      "registry", "承認済み公表物のレジストリ（SQLite） / the registry of approved publications (SQLite)");
  cmd->require_subcommand(1, 1);
  CLI::App* init = cmd->add_subcommand("init", "新しいレジストリを作る / create a new registry file");
  init->add_option("db", args->db, "registry file to create (refused if it exists)")->required();
  CLI::App* add = cmd->add_subcommand(
      "add", "確認済みの提出物を登録（レポートを verify してから）/ register a checked submission (its report is verified first)");
  add->add_option("db", args->db, "registry file")->required();
  add->add_option("manifest", args->manifest, "the submission's manifest or table plan")->required();
  add->add_option("report", args->report, "its report JSON (must verify and pass)")->required();
  add->add_option("--data-years", args->data_years, "data years of the submission, e.g. 2016-2019");
  add_allow_folder_option(add);
  CLI::App* list = cmd->add_subcommand("list", "登録済み公表物の一覧 / list registered publications");
  list->add_option("db", args->db, "registry file")->required();
  CLI::App* show = cmd->add_subcommand("show", "一件の内容 / show one publication");
  show->add_option("db", args->db, "registry file")->required();
  show->add_option("approval", args->approval, "approval number (応諾通知番号)")->required();
  CLI::App* remove = cmd->add_subcommand("remove", "一件を削除 / remove one publication");
  remove->add_option("db", args->db, "registry file")->required();
  remove->add_option("approval", args->approval, "approval number (応諾通知番号)")->required();
  CLI::App* check = cmd->add_subcommand("check", "整合性の検査 / integrity check");
  check->add_option("db", args->db, "registry file")->required();
  for (CLI::App* sub : {init, add, list, show, remove, check}) sub->set_help_flag("-h,--help", "使い方を表示 / print this help");

  return [args, init, add, list, show, remove, check]() {
    if (init->parsed()) {
      publications::init_registry(args->db);
      std::cout << "作成しました / created: " << args->db << "\n";
    } else if (add->parsed()) {
      workflow::RegistryAdd req{args->db, args->report, 0, 0};
      if (!args->data_years.empty())
        std::tie(req.first_year, req.last_year) = workflow::parse_data_years(args->data_years, "--data-years");
      const Submission submission = load_input(args->manifest).submission;
      const auto meta = workflow::registry_add(submission, req);
      std::cout << "登録しました / registered: " << meta.approval_number << " 「" << meta.title << "」 (" << meta.tables
                << " tables)\n";
    } else if (list->parsed()) {
      std::cout << workflow::render_publication_list(publications::list_publications(args->db));
    } else if (show->parsed()) {
      std::cout << workflow::render_publication(publications::show_publication(args->db, args->approval));
    } else if (remove->parsed()) {
      publications::remove_publication(args->db, args->approval);
      std::cout << "削除しました / removed: " << args->approval << "\n";
    } else if (check->parsed()) {
      const auto result = publications::check_integrity(args->db);
      std::cout << workflow::render_integrity(result);
      return result.ok ? kExitPass : kExitFail;
    }
    return kExitPass;
  };
}

}  // namespace hitoku::cli
