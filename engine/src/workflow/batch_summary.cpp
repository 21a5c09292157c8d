// The committee's summary of a batch, made from the result rows alone (after every run, whole or
// resumed): JSON, CSV (UTF-8 with BOM for spreadsheet programs) and a self-contained Japanese HTML page.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "hitoku/io/atomic_write.h"
#include "hitoku/workflow/batch.h"
#include "report/html_writer.h"
#include "report/report_html_style.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace hitoku::workflow {
namespace {

const char* const kRules[] = {"1", "2", "3", "4", "5"};

json read_row(const std::string& path) {
  std::ifstream in(path);
  if (!in) return nullptr;
  try {
    return json::parse(in);
  } catch (const json::exception&) {
    return nullptr;  // never happens for a row written atomically; treated as not done
  }
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string rule_state(const json& row, const char* rule) {
  const auto& rules = row.at("rules");
  return rules.contains(rule) ? rules.at(rule).get<std::string>() : "";
}

std::string verdict_ja(const std::string& v) {
  if (v == "pass") return "適合";
  if (v == "fail") return "不適合";
  if (v == "error") return "入力エラー";
  return "未完了";
}

std::string csv_of(const json& rows) {
  std::ostringstream o;
  o << "\xEF\xBB\xBF" << "index,name,approval_number,verdict,rule1,rule2,rule3,rule4,rule5,findings,errors,warnings,"
    << "registry_publications,seconds,cpu_seconds,report_json,report_html,message\n";
  for (const auto& r : rows) {
    o << r.at("index").get<long long>() << "," << csv_field(r.at("name")) << "," << csv_field(r.value("approval_number", ""))
      << "," << r.at("verdict").get<std::string>();
    for (const char* rule : kRules) o << "," << rule_state(r, rule);
    o << "," << r.value("findings", 0) << "," << r.value("errors", 0) << "," << r.value("warnings", 0) << ","
      << r.value("registry_publications", 0) << "," << r.value("seconds", 0.0) << "," << r.value("cpu_seconds", 0.0) << ","
      << csv_field(r.value("report_json", "")) << "," << csv_field(r.value("report_html", "")) << ","
      << csv_field(r.value("message", "")) << "\n";
  }
  return o.str();
}

std::string html_of(const json& summary) {
  using html::escape;
  const json& t = summary.at("totals");
  std::ostringstream o;
  o << "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\">"
    << "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">"
    << "<title>一括確認の集計 / batch summary</title><style>" << html::kReportStyle << "</style></head><body>"
    << "<h1>一括確認の集計</h1><p>Batch summary — " << escape(summary.at("batch").at("source").get<std::string>()) << "</p>"
    << "<table id=\"totals\"><tr><th>提出物</th><td>" << t.at("submissions") << "</td></tr><tr><th>適合</th><td>"
    << t.at("pass") << "</td></tr><tr><th>不適合</th><td>" << t.at("fail") << "</td></tr><tr><th>入力エラー</th><td>"
    << t.at("error") << "</td></tr><tr><th>未完了</th><td>" << t.at("incomplete") << "</td></tr></table>";
  if (summary.contains("notice"))
    o << "<p id=\"notice\" class=\"state-fail\"><strong>" << escape(summary.at("notice").at("ja").get<std::string>())
      << "</strong><br>" << escape(summary.at("notice").at("en").get<std::string>()) << "</p>";
  o << "<table id=\"rows\"><tr><th>#</th><th>提出物</th><th>応諾通知番号</th><th>判定</th>";
  for (const char* rule : {"①", "②", "③", "④", "⑤"}) o << "<th>" << rule << "</th>";
  o << "<th>指摘</th><th>既公表（登録）</th><th>時間 (秒)</th><th>レポート</th></tr>";
  for (const auto& r : summary.at("rows")) {
    const std::string v = r.at("verdict");
    o << "<tr><td>" << r.at("index") << "</td><td>" << escape(r.at("name").get<std::string>()) << "</td><td>"
      << escape(r.value("approval_number", "")) << "</td><td class=\"state-" << (v == "pass" ? "pass" : "fail") << "\">"
      << verdict_ja(v) << "</td>";
    for (const char* rule : kRules) o << "<td>" << escape(rule_state(r, rule)) << "</td>";
    o << "<td>" << r.value("findings", 0) << "</td><td>" << r.value("registry_publications", 0) << "</td><td>"
      << r.value("seconds", 0.0) << "</td><td>";
    if (v == "pass" || v == "fail")
      o << "<a href=\"" << escape(r.value("report_html", "")) << "\">HTML</a> <a href=\"" << escape(r.value("report_json", ""))
        << "\">JSON</a>";
    if (v == "pass" || v == "fail") {
      if (!r.value("message", std::string()).empty()) o << " " << escape(r.value("message", ""));
    } else {
      o << escape(r.value("message", ""));
    }
    o << "</td></tr>";
  }
  o << "</table></body></html>\n";
  return o.str();
}

}  // namespace

BatchSummary write_batch_summary(const BatchPlan& plan) {
  BatchSummary out;
  json rows = json::array();
  long long pass = 0, fail = 0, error = 0;
  for (const auto& item : plan.items) {
    json row = read_row(plan.result_path(item));
    if (row.is_null()) {
      ++out.incomplete;
      row = {{"index", item.index}, {"name", item.name}, {"verdict", "incomplete"}, {"rules", json::object()},
             {"message", "結果がありません（もう一度実行してください） / no result (run the batch again)"}};
    }
    const std::string v = row.at("verdict");
    pass += v == "pass";
    fail += v == "fail";
    error += v == "error";
    rows.push_back(std::move(row));
  }
  out.json = {{"summary_version", "1.0"},
              {"batch", plan.to_json()},
              {"rows", rows},
              {"totals", {{"submissions", plan.items.size()}, {"pass", pass}, {"fail", fail}, {"error", error},
                          {"incomplete", out.incomplete}}}};
  out.json["batch"].erase("items");
  if (!plan.options.cumulative && plan.items.size() > 1)
    out.json["notice"] = {
        {"ja", "注意: この一括確認では提出物どうしを照合していません（規則⑤は各提出物を単独で、--registry があればその登録済み公表物と"
               "照合しました）。互いに差分で秘匿を破る提出物も、それぞれ適合と出ます。提出物どうしを照合するには --cumulative "
               "を付けて、承認の順に一括確認してください"},
        {"en", "Note: the submissions of this batch were not checked against each other (rule ⑤ checked each alone, and "
               "against the --registry publications when given): two that give away each other's suppressed cells by "
               "differencing both pass. To check them against each other, run the batch with --cumulative, in approval order"}};
  out.all_passed = pass == static_cast<long long>(plan.items.size());
  const fs::path dir(plan.outdir);
  write_file_atomically((dir / "summary.json").string(), out.json.dump(2) + "\n");
  write_file_atomically((dir / "summary.csv").string(), csv_of(rows));
  write_file_atomically((dir / "summary.html").string(), html_of(out.json));
  return out;
}

}  // namespace hitoku::workflow
