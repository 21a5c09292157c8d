// Reading and writing publications in the registry file: one IMMEDIATE transaction per writer.
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "hitoku/model/error.h"
#include "hitoku/publications/publications.h"
#include "publication_json.h"
#include "sqlite_db.h"

namespace hitoku::publications {
namespace {

constexpr const char* kMetaColumns =
    "id, approval_number, approval_date, title, venue, publication_date, first_year, last_year, report_sha256, "
    "policy_id, policy_version, policy_sha256, added_at, content_sha256, "
    "(SELECT COUNT(*) FROM publication_table t WHERE t.publication_id = publication.id)";

PublicationMeta meta_from(const Statement& s) {
  PublicationMeta m;
  m.approval_number = s.text(1);
  m.approval_date = s.text(2);
  m.title = s.text(3);
  m.venue = s.text(4);
  m.publication_date = s.text(5);
  m.first_year = static_cast<int>(s.integer(6));
  m.last_year = static_cast<int>(s.integer(7));
  m.report_sha256 = s.text(8);
  m.policy_id = s.text(9);
  m.policy_version = s.text(10);
  m.policy_sha256 = s.text(11);
  m.added_at = s.text(12);
  m.content_sha256 = s.text(13);
  m.tables = s.integer(14);
  return m;
}

// A registry written before session 22 has no `derived` column (what a publication's derived values
// told): read as none, and added on the first write.
bool has_derived_column(Database& db) {
  Statement s = db.prepare("SELECT 1 FROM pragma_table_info('publication_table') WHERE name = 'derived'");
  return s.step();
}

// The dimensions and tables of the publication with row id `id`.
void load_content(Database& db, std::int64_t id, Publication& p) {
  const std::string where = db.path() + " [" + p.meta.approval_number + "]";
  Statement d = db.prepare(
      "SELECT dimension_id, label, variable, codes FROM publication_dimension WHERE publication_id = ?1 ORDER BY position");
  d.bind(1, id);
  while (d.step()) p.dimensions.push_back({d.text(0), d.text(1), d.text(2), codes_from(d.text(3), where)});
  Statement t = db.prepare(
      std::string("SELECT table_id, title, dimensions, codes, published, ") + (has_derived_column(db) ? "derived" : "'[]'") +
      " FROM publication_table WHERE publication_id = ?1 ORDER BY position");
  t.bind(1, id);
  while (t.step()) {
    p.tables.push_back(table_from(t.text(0), t.text(1), t.text(2), t.text(3), t.text(4), t.text(5), where));
    p.meta.cells += static_cast<long long>(p.tables.back().published.size());
  }
}

std::vector<Publication> load_where(Database& db, const std::string& condition,
                                    const std::function<void(Statement&)>& bind) {
  Statement s = db.prepare(std::string("SELECT ") + kMetaColumns + " FROM publication WHERE " + condition +
                           " ORDER BY approval_date, approval_number");
  bind(s);
  std::vector<std::pair<std::int64_t, Publication>> rows;
  while (s.step()) rows.push_back({s.integer(0), Publication{meta_from(s), {}, {}}});
  std::vector<Publication> out;
  for (auto& [id, p] : rows) {
    load_content(db, id, p);
    out.push_back(std::move(p));
  }
  return out;
}

// A publication without dimensions or tables would share no variable and be silently left out of rule ⑤.
void refuse_incomplete_entries(Database& db) {
  Statement s = db.prepare(
      "SELECT approval_number FROM publication p WHERE NOT EXISTS (SELECT 1 FROM publication_dimension d WHERE "
      "d.publication_id = p.id) OR NOT EXISTS (SELECT 1 FROM publication_table t WHERE t.publication_id = p.id) LIMIT 1");
  if (s.step())
    database_error(db.path(), "登録済み公表物「" + s.text(0) + "」に次元か表がありません（登録が不完全です。registry check で確認してください）",
                   "registered publication '" + s.text(0) + "' holds no dimensions or no tables (incomplete entry; see registry check)");
}

// What was registered is what is read: an entry edited since (or damaged) is refused.
void refuse_changed(const std::string& path, const Publication& p) {
  if (content_digest(p) != p.meta.content_sha256)
    database_error(path, "登録済み公表物「" + p.meta.approval_number + "」の内容が登録時と違います（編集または破損。registry check で確認してください）",
                   "registered publication '" + p.meta.approval_number +
                       "' differs from what was registered (edited or damaged; see registry check)");
}

}  // namespace

void init_registry(const std::string& path) {
  // Made under a temporary name and linked into place: a registry is either whole or absent, even
  // when the process is killed, and an existing file is never replaced (link refuses it).
  std::error_code ec;
  if (std::filesystem::exists(path, ec))
    database_error(path, "ファイルが既にあります（上書きしません）", "the file already exists (not overwritten)");
  const std::string temp = path + ".init-" + std::to_string(::getpid());
  std::filesystem::remove(temp, ec);
  { Database db(temp, OpenMode::Create); }
  const int rc = ::link(temp.c_str(), path.c_str());
  std::filesystem::remove(temp, ec);
  if (rc != 0)
    database_error(path, "ファイルが既にあるか作れません（上書きしません）", "the file exists already or cannot be created (not overwritten)");
}

void add_publication(const std::string& path, const Publication& p) {
  Database db(path, OpenMode::ReadWrite);
  Transaction tx(db);
  {
    Statement dup = db.prepare("SELECT 1 FROM publication WHERE approval_number = ?1");
    dup.bind(1, p.meta.approval_number);
    if (dup.step())
      database_error(path, "応諾通知番号「" + p.meta.approval_number + "」の公表物は登録済みです（変えるときは remove してから add）。何も書いていません",
                     "a publication with approval number '" + p.meta.approval_number +
                         "' is registered already (remove it first to replace it); nothing was written");
  }
  const PublicationMeta& m = p.meta;
  Statement ins = db.prepare(
      "INSERT INTO publication(approval_number, approval_date, title, venue, publication_date, first_year, last_year, "
      "report_sha256, policy_id, policy_version, policy_sha256, added_at, content_sha256) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  ins.bind(1, m.approval_number).bind(2, m.approval_date).bind(3, m.title).bind(4, m.venue).bind(5, m.publication_date);
  ins.bind(6, std::int64_t{m.first_year}).bind(7, std::int64_t{m.last_year}).bind(8, m.report_sha256);
  ins.bind(9, m.policy_id).bind(10, m.policy_version).bind(11, m.policy_sha256).bind(12, m.added_at);
  ins.bind(13, content_digest(p));
  ins.step();
  const std::int64_t id = db.last_insert_id();
  Statement dim = db.prepare(
      "INSERT INTO publication_dimension(publication_id, position, dimension_id, label, variable, variable_key, codes) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  for (std::size_t k = 0; k < p.dimensions.size(); ++k) {
    const StoredDimension& d = p.dimensions[k];
    dim.bind(1, id).bind(2, static_cast<std::int64_t>(k)).bind(3, d.id).bind(4, d.label).bind(5, d.variable);
    dim.bind(6, variable_key(d.id, d.variable)).bind(7, codes_json(d.codes).dump());
    dim.step();
    dim.reset();
  }
  if (!has_derived_column(db)) db.exec("ALTER TABLE publication_table ADD COLUMN derived TEXT NOT NULL DEFAULT '[]'");
  Statement tab = db.prepare(
      "INSERT INTO publication_table(publication_id, position, table_id, title, dimensions, codes, published, derived) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
  for (std::size_t k = 0; k < p.tables.size(); ++k) {
    const StoredTable& t = p.tables[k];
    tab.bind(1, id).bind(2, static_cast<std::int64_t>(k)).bind(3, t.id).bind(4, t.title);
    tab.bind(5, nlohmann::json(t.dims).dump()).bind(6, nlohmann::json(t.codes).dump()).bind(7, published_json(t.published).dump());
    tab.bind(8, derived_json(t.derived).dump());
    tab.step();
    tab.reset();
  }
  tx.commit();
}

void remove_publication(const std::string& path, const std::string& approval_number) {
  Database db(path, OpenMode::ReadWrite);
  Transaction tx(db);
  Statement del = db.prepare("DELETE FROM publication WHERE approval_number = ?1");
  del.bind(1, approval_number);
  del.step();
  if (db.changes() == 0)
    database_error(path, "応諾通知番号「" + approval_number + "」の公表物はありません",
                   "no publication with approval number '" + approval_number + "'");
  tx.commit();
}

std::vector<PublicationMeta> list_publications(const std::string& path) {
  Database db(path, OpenMode::ReadOnly);
  Statement s = db.prepare(std::string("SELECT ") + kMetaColumns + " FROM publication ORDER BY approval_date, approval_number");
  std::vector<PublicationMeta> out;
  while (s.step()) out.push_back(meta_from(s));
  return out;
}

Publication show_publication(const std::string& path, const std::string& approval_number) {
  auto found = publications_named(path, {approval_number});
  return std::move(found.front());
}

std::vector<Publication> publications_named(const std::string& path, const std::vector<std::string>& approval_numbers) {
  Database db(path, OpenMode::ReadOnly);
  std::vector<Publication> out;
  for (const auto& number : approval_numbers) {
    auto found = load_where(db, "approval_number = ?1", [&](Statement& s) { s.bind(1, number); });
    if (found.empty())
      database_error(path, "応諾通知番号「" + number + "」の公表物はありません",
                     "no publication with approval number '" + number + "'");
    refuse_changed(path, found.front());
    out.push_back(std::move(found.front()));
  }
  return out;
}

// Row ids of publications with a dimension whose finest (code, label) list is one of `lists`.
std::vector<std::int64_t> publications_with_code_lists(Database& db, const std::vector<CodeList>& lists) {
  std::vector<std::int64_t> out;
  if (lists.empty()) return out;
  const std::set<CodeList> wanted(lists.begin(), lists.end());
  Statement s = db.prepare("SELECT publication_id, codes FROM publication_dimension");
  while (s.step()) {
    const std::vector<StoredCode> codes = codes_from(s.text(1), db.path());
    std::set<std::string> parents;
    for (const StoredCode& c : codes) parents.insert(c.parent);
    CodeList leaves;
    for (const StoredCode& c : codes)
      if (!parents.count(c.code)) leaves.emplace_back(c.code, c.label);
    std::sort(leaves.begin(), leaves.end());
    if (wanted.count(leaves)) out.push_back(s.integer(0));
  }
  return out;
}

std::vector<Publication> publications_sharing(const std::string& path, const std::vector<std::string>& variables,
                                              const Filter& filter, const std::vector<CodeList>& code_lists) {
  Database db(path, OpenMode::ReadOnly);
  std::string in;
  for (std::size_t k = 0; k < variables.size(); ++k) in += (k ? ", ?" : "?") + std::to_string(k + 5);
  if (in.empty()) return {};
  std::string same_codes;
  for (std::int64_t id : publications_with_code_lists(db, code_lists)) same_codes += (same_codes.empty() ? "" : ", ") + std::to_string(id);
  const std::string condition =
      "(id IN (SELECT publication_id FROM publication_dimension WHERE variable_key IN (" + in + ") OR dimension_id IN (" + in + "))" +
      (same_codes.empty() ? std::string() : " OR id IN (" + same_codes + ")") + ")"
      " AND (?1 = '' OR approval_date >= ?1) AND (?2 = '' OR approval_date <= ?2)"
      " AND (?3 = 0 OR last_year = 0 OR last_year >= ?3) AND (?4 = 0 OR first_year = 0 OR first_year <= ?4)";
  refuse_incomplete_entries(db);
  auto out = load_where(db, condition, [&](Statement& s) {
    s.bind(1, filter.since).bind(2, filter.until).bind(3, std::int64_t{filter.first_year}).bind(4, std::int64_t{filter.last_year});
    for (std::size_t k = 0; k < variables.size(); ++k) s.bind(static_cast<int>(k + 5), variables[k]);
  });
  std::erase_if(out, [&](const Publication& p) {
    return std::find(filter.exclude.begin(), filter.exclude.end(), p.meta.approval_number) != filter.exclude.end();
  });
  for (const auto& p : out) refuse_changed(path, p);
  return out;
}

IntegrityResult check_integrity(const std::string& path) {
  Database db(path, OpenMode::ReadOnly);
  IntegrityResult r;
  {
    Statement s = db.prepare("PRAGMA integrity_check");
    while (s.step())
      if (s.text(0) != "ok") r.problems.push_back("integrity_check: " + s.text(0));
  }
  {
    Statement s = db.prepare("PRAGMA foreign_key_check");
    while (s.step()) r.problems.push_back("foreign key: table " + s.text(0) + " row " + std::to_string(s.integer(1)));
  }
  if (r.problems.empty()) {
    for (const Publication& p : load_where(db, "1", [](Statement&) {})) {
      ++r.publications;
      r.tables += static_cast<long long>(p.tables.size());
      r.cells += p.meta.cells;
      if (content_digest(p) != p.meta.content_sha256)
        r.problems.push_back(p.meta.approval_number + ": content does not match its digest");
      if (p.tables.empty()) r.problems.push_back(p.meta.approval_number + ": no tables");
      for (const auto& t : p.tables)
        for (const auto& d : t.dims)
          if (std::none_of(p.dimensions.begin(), p.dimensions.end(), [&](const StoredDimension& x) { return x.id == d; }))
            r.problems.push_back(p.meta.approval_number + ": table " + t.id + " uses dimension " + d + " not stored");
    }
  }
  r.ok = r.problems.empty();
  return r;
}

}  // namespace hitoku::publications
