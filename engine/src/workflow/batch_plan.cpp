// The batch's plan: which submissions, with which options, into which folder; kept in OUTDIR/batch.json
// so that a rerun after a kill continues the same batch and never mixes two.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "hitoku/io/atomic_write.h"
#include "hitoku/io/sha256.h"
#include "hitoku/model/error.h"
#include "hitoku/publications/publications.h"
#include "hitoku/workflow/batch.h"
#include "hitoku/workflow/output_guard.h"

namespace fs = std::filesystem;

namespace hitoku::workflow {
namespace {

std::string numbered(std::size_t index) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04zu", index);
  return buf;
}

std::vector<BatchItem> items_of_list(const std::string& list) {
  std::ifstream in(list);
  if (!in) throw InputError({list, 0, ""}, "一覧を読めません", "cannot read the list");
  const fs::path base = fs::path(list).parent_path();
  std::vector<BatchItem> out;
  std::string line;
  long number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;
    const std::string name = line.substr(first, line.find_last_not_of(" \t") - first + 1);
    const fs::path path = fs::path(name).is_absolute() ? fs::path(name) : base / name;
    if (!fs::is_regular_file(path))
      throw InputError({list, number, ""}, "提出物「" + name + "」がありません", "no submission file '" + name + "'");
    out.push_back({out.size() + 1, path.lexically_normal().string(), name});
  }
  return out;
}

std::vector<BatchItem> items_of_folder(const std::string& folder) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.is_directory() && fs::is_regular_file(entry.path() / "manifest.yaml"))
      names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  std::vector<BatchItem> out;
  for (const auto& n : names)
    out.push_back({out.size() + 1, (fs::path(folder) / n / "manifest.yaml").lexically_normal().string(), n + "/manifest.yaml"});
  return out;
}

// A kill during an atomic write leaves its temporary (".NAME.tmp-XXXX", io/atomic_write.cpp) in our
// own folders; a rerun removes those and nothing else.
void remove_stale_temporaries(const BatchPlan& plan) {
  std::error_code ec;
  for (const char* sub : {"results", "reports", "."})
    for (const auto& entry : fs::directory_iterator(fs::path(plan.outdir) / sub, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.size() > 1 && name[0] == '.' && name.find(".tmp-") != std::string::npos && entry.is_regular_file())
        fs::remove(entry.path(), ec);
    }
}

}  // namespace

nlohmann::json BatchPlan::to_json() const {
  nlohmann::json items_json = nlohmann::json::array();
  for (const auto& i : items) items_json.push_back({{"index", i.index}, {"name", i.name}, {"manifest", i.manifest}});
  const auto& f = options.registry.filter;
  return {{"batch_version", 1},
          {"source", source},
          {"registry", options.registry.path},
          {"filter", {{"since", f.since}, {"until", f.until}, {"first_year", f.first_year}, {"last_year", f.last_year}}},
          {"cumulative", options.cumulative},
          {"items", items_json}};
}

BatchPlan BatchPlan::from_json(const nlohmann::json& j, const std::string& outdir) {
  try {
    BatchPlan plan;
    plan.source = j.at("source").get<std::string>();
    plan.outdir = outdir;
    plan.options.registry.path = j.at("registry").get<std::string>();
    const auto& f = j.at("filter");
    plan.options.registry.filter.since = f.at("since").get<std::string>();
    plan.options.registry.filter.until = f.at("until").get<std::string>();
    plan.options.registry.filter.first_year = f.at("first_year").get<int>();
    plan.options.registry.filter.last_year = f.at("last_year").get<int>();
    plan.options.cumulative = j.at("cumulative").get<bool>();
    for (const auto& i : j.at("items"))
      plan.items.push_back({i.at("index").get<std::size_t>(), i.at("manifest").get<std::string>(), i.at("name").get<std::string>()});
    return plan;
  } catch (const nlohmann::json::exception& e) {
    throw InputError({outdir, 0, "batch.json"}, std::string("バッチの計画が読めません: ") + e.what(),
                     std::string("unreadable batch plan: ") + e.what());
  }
}

std::string BatchPlan::result_path(const BatchItem& item) const {
  return (fs::path(outdir) / "results" / (numbered(item.index) + ".json")).string();
}

std::string BatchPlan::report_path(const BatchItem& item, const std::string& ext) const {
  return (fs::path(outdir) / "reports" / (numbered(item.index) + "." + ext)).string();
}

BatchPlan plan_batch(const std::string& source, const std::string& outdir, const BatchOptions& options) {
  if (outdir.empty()) throw InputError({"-o", 0, ""}, "出力フォルダを -o で指定してください", "name the output folder with -o");
  if (options.jobs < 1 || options.jobs > 256)
    throw InputError({"--jobs", 0, ""}, "--jobs は 1〜256 です", "--jobs must be 1 to 256");
  validate_registry_knowledge(options.registry);
  if (!options.registry.path.empty()) publications::list_publications(options.registry.path);  // a bad registry: exit 2 now
  BatchPlan plan{source, outdir, options, {}};
  std::error_code ec;
  if (fs::is_directory(source, ec)) plan.items = items_of_folder(source);
  else if (fs::is_regular_file(source, ec)) plan.items = items_of_list(source);
  else throw InputError({source, 0, ""}, "一覧のファイルもフォルダもありません", "no such list file or folder");
  if (plan.items.empty()) throw InputError({source, 0, ""}, "提出物がありません", "no submissions listed");
  std::vector<std::string> inputs{source};
  for (const auto& item : plan.items) inputs.push_back(item.manifest);
  refuse_input_overwrite(outdir, inputs, false);
  const fs::path record = fs::path(outdir) / "batch.json";
  const std::string text = plan.to_json().dump(2) + "\n";
  if (fs::exists(record, ec)) {
    std::ifstream in(record);
    std::stringstream held;
    held << in.rdbuf();
    if (held.str() != text)
      throw InputError({record.string(), 0, ""},
                       "出力フォルダには別のバッチ（提出物の一覧か設定が違う）があります。別のフォルダを指定してください",
                       "the output folder holds another batch (other submissions or options); use another folder");
    remove_stale_temporaries(plan);  // a rerun: continue
    return plan;
  }
  fs::create_directories(fs::path(outdir) / "results", ec);
  fs::create_directories(fs::path(outdir) / "reports", ec);
  if (ec) throw InputError({outdir, 0, ""}, "出力フォルダを作れません: " + ec.message(), "cannot create the output folder: " + ec.message());
  write_file_atomically(record.string(), text);
  return plan;
}

// A result stands while the item's inputs are the bytes it was made from: an edited table must not keep
// its old PASS in the summary the committee reads.
bool result_stands(const BatchPlan& plan, const BatchItem& item) {
  const std::string path = plan.result_path(item);
  if (!fs::exists(path)) return false;
  const auto row = nlohmann::json::parse(read_file_bytes(path), nullptr, false);
  if (row.is_discarded() || !row.contains("inputs")) return false;  // an error row, or an older batch's
  if (row["inputs"] == batch_item_inputs(plan, item)) {
    check_row_against_report(plan, item, row);  // a hand-edited verdict must not reach the summary
    return true;
  }
  if (plan.options.cumulative && row.value("verdict", "") == "pass")
    throw InputError({item.manifest, 0, ""},
                     "前回の実行で適合とし累積レジストリに登録した提出物「" + item.name +
                         "」の入力が変わっています。新しい出力フォルダで一括確認をやり直してください",
                     "the inputs of '" + item.name +
                         "', which passed and was registered in the batch's cumulative registry, changed since; "
                         "run the batch again into a new output folder");
  return false;
}

std::vector<BatchItem> pending_items(const BatchPlan& plan) {
  std::vector<BatchItem> out;
  for (const auto& item : plan.items)
    if (!result_stands(plan, item)) out.push_back(item);
  return out;
}

}  // namespace hitoku::workflow
