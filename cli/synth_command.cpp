// hitoku synth -o FILE: a synthetic, Hyogo-shaped registry extract (not real data) for trying
// plans, tests and benchmarks. Deterministic for a seed.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <unistd.h>

#include "command.h"
#include "hitoku/model/error.h"
#include "hitoku/io/data_paths.h"
#include "hitoku/geography/geography.h"
#include "hitoku/registry/synth_registry.h"
#include "hitoku/workflow/output_guard.h"

namespace hitoku::cli {

Action add_synth_command(CLI::App& app) {
  auto opt = std::make_shared<SynthOptions>();
  auto out = std::make_shared<std::string>();
  auto encoding = std::make_shared<std::string>("utf-8");
  auto list_written = std::make_shared<bool>(false);
  auto force = std::make_shared<bool>(false);
  opt->hospitals = synthetic_hospitals_file();
  opt->reference = reference_directory() + "/hyogo_municipalities.csv";
  CLI::App* cmd = app.add_subcommand("synth", "合成がん登録抽出データを作る / write a synthetic registry extract");
  cmd->add_option("-o,--output", *out, "extract file to write (CSV)")->required();
  cmd->add_option("--seed", opt->seed, "random seed")->capture_default_str();
  cmd->add_option("--first-year", opt->first_year, "first diagnosis year")->capture_default_str();
  cmd->add_option("--years", opt->years, "number of diagnosis years")->capture_default_str();
  cmd->add_option("--per-year", opt->tumours_per_year, "tumours per year")->capture_default_str();
  cmd->add_option("--records", opt->records, "exact number of records (overrides --per-year)");
  cmd->add_option("--hospitals", opt->hospitals, "hospital list CSV")->capture_default_str();
  cmd->add_option("--reference", opt->reference, "municipality reference CSV")->capture_default_str();
  cmd->add_option("--encoding", *encoding, "utf-8 | cp932")->check(CLI::IsMember({"utf-8", "cp932"}));
  add_written_files_flag(cmd, *list_written);
  add_force_flag(cmd, *force);
  return [opt, out, encoding, list_written, force]() {
    namespace fs = std::filesystem;
    workflow::refuse_input_overwrite(*out, {opt->hospitals, opt->reference}, *force);
    opt->cp932 = *encoding == "cp932";
    // Written beside the target and renamed, so no half file is ever left under the name.
    const fs::path target(*out);
    const fs::path tmp = target.parent_path() / ("." + target.filename().string() + ".tmp-" + std::to_string(getpid()));
    SynthSummary s;
    {
      std::ofstream file(tmp, std::ios::binary);
      if (!file) throw InputError({*out, 0, ""}, "出力ファイルを書けません", "cannot write the output file");
      try {
        s = write_synthetic_extract(*opt, file);
      } catch (...) {
        file.close();
        fs::remove(tmp);
        throw;
      }
      file.close();
      if (!file) {
        fs::remove(tmp);
        throw InputError({*out, 0, ""}, "出力ファイルを書けません", "cannot write the output file");
      }
    }
    fs::rename(tmp, target);
    std::cerr << "合成データ（実データではありません）: " << s.records << " 件、" << s.patients << " 人 / synthetic data: "
              << s.records << " records, " << s.patients << " patients\n";
    if (*list_written) print_written_files({*out});
    return kExitPass;
  };
}

}  // namespace hitoku::cli
