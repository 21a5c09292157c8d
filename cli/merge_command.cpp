// hitoku merge MANIFEST -o OUTDIR: publish single-hospital areas merged with neighbours (rule ③),
// write the merged submission in the input's layout, and re-check every rule on the result.
#include <filesystem>
#include <iostream>

#include "command.h"
#include "hitoku/atomic_write.h"
#include "hitoku/check.h"
#include "hitoku/manifest.h"
#include "hitoku/merge.h"
#include "hitoku/report_format.h"
#include "hitoku/table_writer.h"

namespace hitoku::cli {
namespace {

struct MergeArgs {
  std::string manifest, outdir, lang = "ja";
  bool no_audit = false;
  bool list_written = false;
};

}  // namespace

Action add_merge_command(CLI::App& app) {
  auto args = std::make_shared<MergeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "merge", "病院等が1施設の地域を隣接市町と統合し再確認する / merge single-hospital areas with neighbours (rule ③)");
  cmd->add_option("manifest", args->manifest, "submission manifest (YAML)")->required();
  cmd->add_option("-o,--output", args->outdir, "folder for the merged submission and its report")->required();
  cmd->add_option("--lang", args->lang, "ja | en")->check(CLI::IsMember({"ja", "en"}));
  cmd->add_flag("--no-audit", args->no_audit, "skip the differencing audit (rules ④⑤) of the re-check");
  cmd->add_flag("--written-files", args->list_written, "list every file written, one per line, on standard output");
  return [args]() {
    Submission submission = load_input(args->manifest);
    MergeResult merged = merge_submission(submission);
    CheckOptions options;
    options.audit_differencing = !args->no_audit;
    Report report = check(merged.merged, options);
    add_merge_explanation(report, merged);

    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(args->outdir, ec);
    if (ec)
      throw InputError({args->outdir, 0, ""}, "出力フォルダを作成できません: " + ec.message(),
                       "cannot create the output folder: " + ec.message());
    const fs::path out(args->outdir);
    std::vector<std::string> written = write_submission(merged.merged, (out / "manifest.yaml").string());
    const std::string json_path = (out / "report.json").string(), html_path = (out / "report.html").string();
    written.push_back(json_path);
    written.push_back(html_path);
    report.written_files = written;
    write_file_atomically(json_path, report_to_json(report).dump(2) + "\n");
    write_file_atomically(html_path, report_to_html(report, args->lang));

    const std::string text = report_to_text(report, args->lang);
    std::cout << text.substr(0, text.find('\n') + 1);
    std::cout << (args->lang == "ja" ? merged.explanation.result.summary_ja : merged.explanation.result.summary_en)
              << "\n";
    if (args->list_written) print_written_files(written);
    return report.passed ? kExitPass : kExitFail;
  };
}

}  // namespace hitoku::cli
