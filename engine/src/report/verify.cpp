#include "hitoku/verify.h"

#include <map>

#include "hitoku/report_format.h"

namespace hitoku {
namespace {

using Diffs = std::vector<ReportDifference>;

void add(Diffs& out, std::string what, std::string claimed, std::string actual, std::string ja, std::string en) {
  out.push_back({std::move(what), std::move(claimed), std::move(actual), std::move(ja), std::move(en)});
}

void compare_field(Diffs& out, const std::string& what, const std::string& name_ja, const std::string& name_en,
                   const std::string& claimed, const std::string& actual) {
  if (claimed != actual)
    add(out, what, claimed, actual, name_ja + " が一致しません", name_en + " differs");
}


void compare_inputs(Diffs& out, const Report& claimed, const Report& fresh) {
  std::map<std::string, std::string> a, b;
  for (const auto& in : claimed.inputs) a[in.path] = in.sha256;
  for (const auto& in : fresh.inputs) b[in.path] = in.sha256;
  for (const auto& [path, hash] : a) {
    auto it = b.find(path);
    if (it == b.end())
      add(out, "input", path, "", "レポートにある入力 " + path + " が今回読まれていません",
          "input " + path + " in the report was not read now");
    else if (it->second != hash)
      add(out, "input", hash, it->second, "入力ファイル " + path + " の SHA-256 が異なります（内容が変更されています）",
          "input " + path + " has a different SHA-256 (its content changed)");
  }
  for (const auto& [path, hash] : b)
    if (!a.count(path))
      add(out, "input", "", path, "入力 " + path + " がレポートに記載されていません",
          "input " + path + " is missing from the report");
}

// Compares two lists as multisets: an entry only the report has was added or edited; an entry only
// the fresh run has was removed or edited.
void compare_json_lists(Diffs& out, const std::string& what, const nlohmann::json& claimed, const nlohmann::json& fresh,
                        const std::string& name_ja, const std::string& name_en) {
  std::map<std::string, int> count;
  for (const auto& x : claimed) ++count[x.dump()];
  for (const auto& x : fresh) --count[x.dump()];
  for (const auto& [text, n] : count) {
    if (n > 0)
      add(out, what, text, "", "レポートの" + name_ja + "が再実行の結果にありません（編集・追加された可能性）",
          "a " + name_en + " in the report is not what the inputs produce (edited or added)");
    else if (n < 0)
      add(out, what, "", text, "再実行で得られる" + name_ja + "がレポートにありません（編集・削除された可能性）",
          "a " + name_en + " the inputs produce is missing from the report (edited or removed)");
  }
}

}  // namespace

std::vector<ReportDifference> compare_reports(const Report& claimed, const Report& fresh) {
  Diffs out;
  compare_field(out, "tool", "ツール", "tool", claimed.tool_name + " " + claimed.tool_version,
                fresh.tool_name + " " + fresh.tool_version);
  compare_field(out, "policy", "ポリシー", "policy", claimed.policy_id + " " + claimed.policy_version,
                fresh.policy_id + " " + fresh.policy_version);
  compare_field(out, "policy", "ポリシーの SHA-256", "policy SHA-256", claimed.policy_sha256, fresh.policy_sha256);
  compare_inputs(out, claimed, fresh);
  compare_field(out, "verdict", "判定", "verdict", claimed.passed ? "pass" : "fail", fresh.passed ? "pass" : "fail");

  const auto cj = report_to_json(claimed), fj = report_to_json(fresh);
  compare_field(out, "submission", "提出内容（題名・応諾通知・目的・公表先・出典）", "submission metadata",
                cj["submission"].dump(), fj["submission"].dump());
  compare_field(out, "reference", "参照データ（地理）の版", "reference data version", cj["reference_data"].dump(),
                fj["reference_data"].dump());
  std::map<std::string, nlohmann::json> rules_a, rules_b;
  for (const auto& r : cj["rules"]) rules_a[r["rule"]] = r;
  for (const auto& r : fj["rules"]) rules_b[r["rule"]] = r;
  for (const auto& [rule, r] : rules_b)
    if (!rules_a.count(rule) || rules_a[rule] != r)
      add(out, "rule", rules_a.count(rule) ? rules_a[rule].dump() : "", r.dump(),
          "規則 " + rule + " の判定・件数が一致しません", "rule " + rule + " verdict or counts differ");
  for (const auto& [rule, r] : rules_a)
    if (!rules_b.count(rule))
      add(out, "rule", r.dump(), "", "規則 " + rule + " は再実行の結果にありません", "rule " + rule + " is not in the fresh run");
  compare_json_lists(out, "exception", cj["exceptions"], fj["exceptions"], "例外の宣言", "exception");
  compare_json_lists(out, "finding", cj["findings"], fj["findings"], "指摘事項", "finding");
  compare_json_lists(out, "interval", cj["suppressed_cells"], fj["suppressed_cells"], "推定区間", "interval entry");
  compare_json_lists(out, "table", cj["tables"], fj["tables"], "表", "table");
  compare_field(out, "options", "実行条件", "run options", cj["options"].dump(), fj["options"].dump());
  if (claimed.confidential)
    add(out, "confidential", "true", "false", "真の値を含む利用者控え（--confidential）は提出用ではありません",
        "a confidential report (with true values) is not a submission copy");
  return out;
}

}  // namespace hitoku
