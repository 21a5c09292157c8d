#include "hitoku/report/verify.h"

#include <algorithm>
#include <map>
#include <set>

#include "hitoku/report/report_format.h"

namespace hitoku {
namespace {

using nlohmann::json;
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
void compare_json_lists(Diffs& out, const std::string& what, const json& claimed, const json& fresh,
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

void compare_rules(Diffs& out, const json& claimed, const json& fresh) {
  std::map<std::string, json> rules_a, rules_b;
  for (const auto& r : claimed) rules_a[r.at("rule").get<std::string>()] = r;
  for (const auto& r : fresh) rules_b[r.at("rule").get<std::string>()] = r;
  for (const auto& [rule, r] : rules_b)
    if (!rules_a.count(rule) || rules_a[rule] != r)
      add(out, "rule", rules_a.count(rule) ? rules_a[rule].dump() : "", r.dump(),
          "規則 " + rule + " の判定・件数が一致しません", "rule " + rule + " verdict or counts differ");
  for (const auto& [rule, r] : rules_a)
    if (!rules_b.count(rule))
      add(out, "rule", r.dump(), "", "規則 " + rule + " は再実行の結果にありません", "rule " + rule + " is not in the fresh run");
}

// The difference category each reproducible top-level field is reported under.
const std::map<std::string, std::string>& field_categories() {
  static const std::map<std::string, std::string> categories = {
      {"schema_version", "schema_version"}, {"tool", "tool"},          {"verdict", "verdict"},
      {"submission", "submission"},         {"policy", "policy"},      {"inputs", "input"},
      {"reference_data", "reference"},      {"rules", "rule"},         {"findings", "finding"},
      {"suppressed_cells", "interval"},     {"tables", "table"},       {"exceptions", "exception"},
      {"confidential", "confidential"},     {"options", "options"},    {"registry_publications", "registry"}};
  return categories;
}

// The named comparisons above say what differs in words a reviewer reads; this pass makes sure no
// field escapes: each reproducible field must equal the fresh run's, and no other field may exist.
void compare_every_field(Diffs& out, const json& claimed, const json& fresh) {
  const auto& run_specific = run_specific_report_fields();
  std::set<std::string> named;
  for (const auto& d : out) named.insert(d.what);
  std::set<std::string> keys;
  for (const auto& [key, value] : claimed.items()) keys.insert(key);
  for (const auto& [key, value] : fresh.items()) keys.insert(key);
  for (const auto& key : keys) {
    if (std::find(run_specific.begin(), run_specific.end(), key) != run_specific.end()) continue;
    const auto category = field_categories().find(key);
    if (!fresh.contains(key) || category == field_categories().end())
      add(out, "field", claimed.at(key).dump(), "", "レポートに未知のフィールド「" + key + "」があります（追加・編集された可能性）",
          "the report has an unknown field '" + key + "' (added or edited)");
    else if (!claimed.contains(key))
      add(out, "field", "", fresh.at(key).dump(), "フィールド「" + key + "」がレポートにありません（削除された可能性）",
          "field '" + key + "' is missing from the report (removed)");
    else if (claimed.at(key) != fresh.at(key) && !named.count(category->second))
      add(out, category->second, claimed.at(key).dump(), fresh.at(key).dump(),
          "フィールド「" + key + "」が再実行の結果と一致しません", "field '" + key + "' differs from the fresh run");
  }
}

// "YYYY-MM-DDTHH:MM:SSZ" with a real calendar date and time.
bool valid_utc_time(const std::string& s) {
  if (s.size() != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
    return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18})
    if (s[i] < '0' || s[i] > '9') return false;
  const int year = std::stoi(s.substr(0, 4)), month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int month_days = days[month - 1] + (month == 2 && leap ? 1 : 0);
  return day >= 1 && day <= month_days && std::stoi(s.substr(11, 2)) < 24 && std::stoi(s.substr(14, 2)) < 60 &&
         std::stoi(s.substr(17, 2)) < 60;
}

void check_run_specific(Verification& v, const json& claimed, const Report& report, const Report& fresh) {
  const std::string& at = report.generated_at;
  if (!valid_utc_time(at))
    add(v.differences, "generated_at", at, "", "実行日時が UTC の日時（YYYY-MM-DDTHH:MM:SSZ）ではありません",
        "the time of the run is not a UTC time (YYYY-MM-DDTHH:MM:SSZ)");
  else if (at > fresh.generated_at)  // same fixed-width form: text order is time order
    add(v.differences, "generated_at", at, fresh.generated_at, "実行日時が未来の日時です", "the time of the run is in the future");
  v.run_specific.push_back({"generated_at", at, "再実行では再現できません。日時の形式と封印で確認しました",
                            "not reproducible; checked for form and by the seal"});
  std::string files;
  for (const auto& f : report.written_files) files += (files.empty() ? "" : ", ") + f;
  v.run_specific.push_back({"written_files", files, "再実行では再現できません。封印で確認しました",
                            "not reproducible; checked by the seal"});

  const json* seal = claimed.contains("seal") ? &claimed.at("seal") : nullptr;
  if (!seal || !seal->is_object() || !seal->contains("algorithm") || seal->at("algorithm") != "sha256" ||
      !seal->contains("digest")) {
    add(v.differences, "seal", seal ? seal->dump() : "", "",
        "レポートに封印（seal）がありません。実行日時・書き出したファイルを確認できません",
        "the report has no seal: its time and written files cannot be checked");
    return;
  }
  const std::string digest = report_seal_digest(claimed);
  if (seal->at("digest") != digest)
    add(v.differences, "seal", seal->at("digest").dump(), digest,
        "レポートは書き出した後に編集されています（封印が一致しません）",
        "the report was edited after it was written (its seal does not match)");
  v.run_specific.push_back({"seal", digest.substr(0, 16) + "…", "レポート全体の SHA-256（編集の検出用、署名ではありません）",
                            "SHA-256 of the whole report (detects editing; not a signature)"});
}

}  // namespace

const std::vector<std::string>& run_specific_report_fields() {
  static const std::vector<std::string> fields = {"generated_at", "written_files", "seal"};
  return fields;
}

Verification verify_report(const json& claimed_json, const Report& fresh) {
  const Report claimed = report_from_json(claimed_json);
  const json& cj = claimed_json;
  const json fj = report_to_json(fresh);
  Verification v;
  Diffs& out = v.differences;
  compare_field(out, "tool", "ツール", "tool", claimed.tool_name + " " + claimed.tool_version,
                fresh.tool_name + " " + fresh.tool_version);
  compare_field(out, "policy", "ポリシー", "policy", claimed.policy_id + " " + claimed.policy_version,
                fresh.policy_id + " " + fresh.policy_version);
  compare_field(out, "policy", "ポリシーの SHA-256", "policy SHA-256", claimed.policy_sha256, fresh.policy_sha256);
  compare_inputs(out, claimed, fresh);
  compare_field(out, "verdict", "判定", "verdict", claimed.passed ? "pass" : "fail", fresh.passed ? "pass" : "fail");
  compare_field(out, "submission", "提出内容（題名・応諾通知・目的・公表先・出典）", "submission metadata",
                cj["submission"].dump(), fj["submission"].dump());
  compare_field(out, "reference", "参照データ（地理）の版", "reference data version", cj["reference_data"].dump(),
                fj["reference_data"].dump());
  compare_rules(out, cj["rules"], fj["rules"]);
  compare_json_lists(out, "exception", cj["exceptions"], fj["exceptions"], "例外の宣言", "exception");
  compare_json_lists(out, "finding", cj["findings"], fj["findings"], "指摘事項", "finding");
  compare_json_lists(out, "interval", cj["suppressed_cells"], fj["suppressed_cells"], "推定区間", "interval entry");
  compare_json_lists(out, "table", cj["tables"], fj["tables"], "表", "table");
  compare_field(out, "options", "実行条件", "run options", cj["options"].dump(), fj["options"].dump());
  if (claimed.confidential)
    add(out, "confidential", "true", "false", "真の値を含む利用者控え（--confidential）は提出用ではありません",
        "a confidential report (with true values) is not a submission copy");
  compare_every_field(out, cj, fj);
  check_run_specific(v, cj, claimed, fresh);
  return v;
}

std::vector<ReportDifference> compare_reports(const Report& claimed, const Report& fresh) {
  return verify_report(report_to_json(claimed), fresh).differences;
}

}  // namespace hitoku
