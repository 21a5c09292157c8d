#include "hitoku/workflow/registry.h"

#include <algorithm>
#include <regex>
#include <set>
#include <sstream>

#include "hitoku/model/error.h"
#include "hitoku/io/sha256.h"
#include "hitoku/io/utc_time.h"
#include "hitoku/workflow/verify.h"

namespace hitoku::workflow {

using publications::Filter;
using publications::Publication;
using publications::PublicationMeta;

std::pair<int, int> parse_data_years(const std::string& text, const std::string& option) {
  static const std::regex form(R"(^([0-9]{4})(?:-([0-9]{4}))?$)");
  std::smatch m;
  if (!std::regex_match(text, m, form))
    throw InputError({option, 0, ""}, "データの年「" + text + "」は 2019 または 2016-2019 の形で書いてください",
                     "data years '" + text + "' must look like 2019 or 2016-2019");
  const int first = std::stoi(m[1].str());
  const int last = m[2].matched ? std::stoi(m[2].str()) : first;
  if (last < first)
    throw InputError({option, 0, ""}, "データの年「" + text + "」の終わりが始まりより前です",
                     "data years '" + text + "' end before they begin");
  return {first, last};
}

void validate_filter(const Filter& filter) {
  for (const auto& [value, option] : {std::pair{filter.since, "--since"}, std::pair{filter.until, "--until"}})
    if (!value.empty() && !is_calendar_date(value))
      throw InputError({option, 0, ""}, "日付「" + value + "」は YYYY-MM-DD の形の実在する日付で書いてください",
                       "date '" + value + "' must be a real date written YYYY-MM-DD");
}

std::size_t add_registry_knowledge(Submission& submission, const RegistryKnowledge& knowledge) {
  if (knowledge.path.empty()) return 0;
  validate_filter(knowledge.filter);
  std::set<std::string> keys;
  std::vector<publications::CodeList> code_lists;  // matched by their finest codes and names too
  for (const Dimension& d : submission.dimensions) {  // a variable, or a dimension id, in common
    keys.insert(publications::variable_key(d.id(), d.variable()));
    keys.insert(d.id());
    publications::CodeList list;
    for (int leaf : d.leaves()) list.emplace_back(d.code(leaf), d.code_label(leaf));
    std::sort(list.begin(), list.end());
    code_lists.push_back(std::move(list));
  }
  auto found = publications::publications_sharing(knowledge.path, {keys.begin(), keys.end()}, knowledge.filter, code_lists);
  // A re-check of an approved submission must not find itself (its content, under its number or the one a
  // cumulative batch gave a second publication of it); another publication under the same approval (an
  // abstract, then the paper) is public all the same and stays.
  if (!submission.info.approval_number.empty()) {
    const std::string own = publications::publication_from_submission(submission, Report{}, "").meta.content_sha256;
    std::erase_if(found, [&](const Publication& p) { return p.meta.content_sha256 == own; });
  }
  publications::add_as_earlier_publications(submission, found, knowledge.path);
  return found.size();
}

void add_named_registry_publications(Submission& submission, const Report& claimed, const std::string& registry) {
  if (claimed.registry_publications.empty()) return;
  if (registry.empty())
    throw InputError({"--registry", 0, ""},
                     "このレポートは公表物レジストリと合わせて確認されています。--registry でレジストリを指定してください",
                     "this report was checked against a publication registry; name it with --registry");
  std::vector<std::string> numbers;
  for (const auto& u : claimed.registry_publications) numbers.push_back(u.approval_number);
  publications::add_as_earlier_publications(submission, publications::publications_named(registry, numbers), registry);
}

PublicationMeta registry_add(const Submission& submission, const RegistryAdd& request) {
  const std::string bytes = read_file_bytes(request.report_path, "レポート");
  const ReportFile claimed = parse_report_text(bytes, request.report_path);
  // Checked with registered publications: re-checked with the same ones, from this registry.
  const VerifyRun run = verify_report(claimed, submission, "", false, request.registry);
  if (!run.matches()) {
    const ReportDifference& d = run.differences.front();
    throw InputError({request.report_path, 0, d.what},
                     "レポートが提出物と一致しません（" + std::to_string(run.differences.size()) + " 件の相違。最初: " +
                         d.message_ja + "）。登録しません",
                     "the report does not verify against the submission (" + std::to_string(run.differences.size()) +
                         " difference(s); first: " + d.message_en + "); nothing was registered");
  }
  if (!run.fresh.passed)
    throw InputError({request.report_path, 0, "verdict"}, "判定が不適合のレポートは登録できません",
                     "a report whose verdict is fail cannot be registered");
  Publication p = publications::publication_from_submission(submission, run.fresh, sha256_hex(bytes));
  p.meta.first_year = request.first_year;
  p.meta.last_year = request.last_year;
  publications::add_publication(request.registry, p);
  return p.meta;
}

namespace {

std::string years(const PublicationMeta& m) {
  if (m.first_year == 0) return "-";
  return m.first_year == m.last_year ? std::to_string(m.first_year)
                                     : std::to_string(m.first_year) + "-" + std::to_string(m.last_year);
}

}  // namespace

std::string render_publication_list(const std::vector<PublicationMeta>& list) {
  std::ostringstream out;
  out << "登録済み公表物 " << list.size() << " 件 / " << list.size() << " registered publication(s)\n";
  out << "応諾通知番号 approval\t日付 date\tデータ年 data years\t表 tables\t公表先 venue\t題名 title\n";
  for (const auto& m : list)
    out << m.approval_number << "\t" << m.approval_date << "\t" << years(m) << "\t" << m.tables << "\t" << m.venue << "\t"
        << m.title << "\n";
  return out.str();
}

std::string render_publication(const Publication& p) {
  const PublicationMeta& m = p.meta;
  std::ostringstream out;
  out << "応諾通知 / approval: " << m.approval_number << " (" << m.approval_date << ")\n"
      << "題名 / title: " << m.title << "\n"
      << "公表先・時期 / venue, date: " << m.venue << " " << m.publication_date << "\n"
      << "データ年 / data years: " << years(m) << "\n"
      << "ポリシー / policy: " << m.policy_id << " " << m.policy_version << " sha256:" << m.policy_sha256 << "\n"
      << "レポート / report sha256: " << m.report_sha256 << "\n"
      << "登録日時 / added: " << m.added_at << "\n"
      << "内容 / content sha256: " << m.content_sha256 << "\n";
  for (const auto& d : p.dimensions)
    out << "次元 / dimension " << d.id << " (" << d.label << ")" << (d.variable.empty() ? "" : " variable=" + d.variable)
        << ": " << d.codes.size() << " codes\n";
  for (const auto& t : p.tables) {
    std::size_t suppressed = 0;
    for (const auto& v : t.published) suppressed += v ? 0 : 1;
    out << "表 / table " << t.id << " 「" << t.title << "」: ";
    for (std::size_t d = 0; d < t.dims.size(); ++d) out << (d ? " × " : "") << t.dims[d] << "[" << t.codes[d].size() << "]";
    out << ", " << t.published.size() << " cells, 秘匿 / suppressed " << suppressed << "\n";
  }
  return out.str();
}

std::string render_integrity(const publications::IntegrityResult& r) {
  std::ostringstream out;
  if (r.ok)
    out << "整合: 公表物 " << r.publications << " 件、表 " << r.tables << "、セル " << r.cells << "\n"
        << "consistent: " << r.publications << " publication(s), " << r.tables << " table(s), " << r.cells << " cell(s)\n";
  else
    out << "不整合: " << r.problems.size() << " 件 / inconsistent: " << r.problems.size() << " problem(s)\n";
  for (const auto& p : r.problems) out << "- " << p << "\n";
  return out.str();
}

}  // namespace hitoku::workflow
