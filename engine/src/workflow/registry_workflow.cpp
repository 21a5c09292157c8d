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

void validate_registry_knowledge(const RegistryKnowledge& knowledge) {
  validate_filter(knowledge.filter);
  if (!knowledge.path.empty()) return;
  const Filter& f = knowledge.filter;
  const char* option = !f.since.empty() ? "--since" : !f.until.empty() ? "--until" : f.first_year != 0 ? "--data-years" : nullptr;
  if (option == nullptr) return;
  throw InputError({option, 0, ""},
                   std::string(option) + " は --registry で指定したレジストリを絞るものです（一括確認の累積レジストリは絞りません）。"
                                         "--registry を指定するか、" + option + " を外してください",
                   std::string(option) + " narrows the registry named with --registry (never a cumulative batch's own "
                                         "registry); name one with --registry or leave " + option + " out");
}

namespace {
std::vector<Publication> linked_publications(const Submission& submission, const RegistryKnowledge& knowledge);
}  // namespace

std::vector<Publication> publications_not_met(const Submission& submission, const Report& report,
                                               const RegistryKnowledge& knowledge) {
  std::vector<Publication> out;
  for (Publication& p : linked_publications(submission, knowledge)) {
    const bool covered = std::any_of(report.registry_publications.begin(), report.registry_publications.end(), [&](const auto& u) {
      return u.approval_number == p.meta.approval_number && u.content_sha256 == p.meta.content_sha256;
    });
    if (!covered) out.push_back(std::move(p));
  }
  return out;
}

namespace {

// The registered publications a check with this knowledge takes as rule ⑤ knowledge of the submission.
std::vector<Publication> linked_publications(const Submission& submission, const RegistryKnowledge& knowledge) {
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
  return found;
}

// `registry add` registers only a submission whose rule ⑤ met every publication of this registry it links to
// (whatever the data years given to the add leave out): a report made without --registry, against an older
// state of the registry, or with --since/--until leaving one out, would let a leak in unseen.
void require_registry_covered(const Submission& submission, const Report& report, const RegistryAdd& request) {
  Filter years;
  years.first_year = request.first_year;
  years.last_year = request.last_year;
  for (const Publication& p : publications_not_met(submission, report, {request.registry, years})) {
    throw InputError({request.report_path, 0, "registry_publications"},
                     "このレポートの規則⑤は、提出物と変数を共有する登録済み公表物「" + p.meta.approval_number +
                         "」を含まずに確認されています（--registry なし、登録前のレジストリ、または --since・--until で除外）。"
                         "hitoku check --registry " + request.registry +
                         " で確認し直したレポートを登録してください。登録しません",
                     "this report's rule ⑤ did not cover the registered publication '" + p.meta.approval_number +
                         "', which shares a variable with the submission (checked without --registry, against an older "
                         "state of the registry, or with --since/--until leaving it out); re-check with hitoku check "
                         "--registry " + request.registry + " and register that report; nothing was registered");
  }
}

}  // namespace

std::size_t add_registry_knowledge(Submission& submission, const RegistryKnowledge& knowledge) {
  validate_registry_knowledge(knowledge);
  if (knowledge.path.empty()) return 0;
  auto found = linked_publications(submission, knowledge);
  // One publication met in two registries (a cumulative batch's own and --registry, when the batch re-checks an
  // approved submission) is the same knowledge once.
  std::erase_if(found, [&](const Publication& p) {
    return std::any_of(submission.registry_publications.begin(), submission.registry_publications.end(), [&](const auto& u) {
      return u.approval_number == p.meta.approval_number && u.content_sha256 == p.meta.content_sha256;
    });
  });
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
  require_registry_covered(submission, run.fresh, request);
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
