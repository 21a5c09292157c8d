#include "sqlite_db.h"
#include "hitoku/io/utc_time.h"

#include <sqlite3.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>

#include "hitoku/model/error.h"
#include "hitoku/publications/publications.h"

namespace fs = std::filesystem;

namespace hitoku::publications {
namespace {

// Concurrent writers (two batches adding to one registry) wait for each other this long.
constexpr int kBusyTimeoutMs = 60000;

const char* const kSchema = R"SQL(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE publication(
  id INTEGER PRIMARY KEY,
  approval_number TEXT NOT NULL UNIQUE,
  approval_date TEXT NOT NULL,
  title TEXT NOT NULL,
  venue TEXT NOT NULL,
  publication_date TEXT NOT NULL,
  first_year INTEGER NOT NULL,
  last_year INTEGER NOT NULL,
  report_sha256 TEXT NOT NULL,
  policy_id TEXT NOT NULL,
  policy_version TEXT NOT NULL,
  policy_sha256 TEXT NOT NULL,
  added_at TEXT NOT NULL,
  content_sha256 TEXT NOT NULL);
CREATE TABLE publication_dimension(
  publication_id INTEGER NOT NULL REFERENCES publication(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  dimension_id TEXT NOT NULL,
  label TEXT NOT NULL,
  variable TEXT NOT NULL,
  variable_key TEXT NOT NULL,
  codes TEXT NOT NULL,
  PRIMARY KEY(publication_id, dimension_id));
CREATE INDEX publication_dimension_variable ON publication_dimension(variable_key);
CREATE TABLE publication_table(
  publication_id INTEGER NOT NULL REFERENCES publication(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  table_id TEXT NOT NULL,
  title TEXT NOT NULL,
  dimensions TEXT NOT NULL,
  codes TEXT NOT NULL,
  published TEXT NOT NULL,
  derived TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY(publication_id, table_id));
)SQL";

// SQLite opens anything and only fails at the first query; its file header says what the file is.
bool has_sqlite_header(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[16] = {};
  in.read(head, sizeof head);
  return in.gcount() == 16 && std::string(head, 16) == std::string("SQLite format 3\0", 16);
}

}  // namespace

void database_error(const std::string& path, const std::string& ja, const std::string& en) {
  throw InputError({path, 0, "registry"}, "公表物レジストリ: " + ja, "publication registry: " + en);
}

Statement::Statement(sqlite3* db, const std::string& sql, const std::string& path) : db_(db), path_(path) {
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &stmt_, nullptr) != SQLITE_OK)
    database_error(path_, std::string("SQL を準備できません: ") + sqlite3_errmsg(db),
                   std::string("cannot prepare a statement: ") + sqlite3_errmsg(db));
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, const std::string& text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  database_error(path_, std::string("読み書きに失敗しました: ") + sqlite3_errmsg(db_),
                 std::string("a read or write failed: ") + sqlite3_errmsg(db_));
}

std::string Statement::text(int column) const {
  const auto* p = sqlite3_column_text(stmt_, column);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
           : std::string();
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_, column); }
bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Database::Database(const std::string& path, OpenMode mode) : path_(path) {
  std::error_code ec;
  const bool exists = fs::exists(path, ec);
  if (mode == OpenMode::Create && exists)
    database_error(path, "ファイルが既にあります（上書きしません）", "the file already exists (not overwritten)");
  if (mode != OpenMode::Create) {
    if (!exists || !fs::is_regular_file(path, ec))
      database_error(path, "ファイルがありません（hitoku registry init で作ってください）",
                     "no such file (create it with hitoku registry init)");
    if (!has_sqlite_header(path))
      database_error(path, "SQLite のデータベースではありません（壊れているか別のファイルです）。何も書いていません",
                     "not an SQLite database (corrupt or another kind of file); nothing was written");
  }
  // A reader opens a writable file read-write although it writes nothing itself: after a writer was
  // killed mid-transaction, only a read-write connection can roll its hot journal back (SQLite does
  // that on the first read), and a read-only one would see a damaged file.
  const bool writable = ::access(path.c_str(), W_OK) == 0;
  const int flags = mode == OpenMode::Create                  ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                    : mode == OpenMode::ReadWrite || writable ? SQLITE_OPEN_READWRITE
                                                              : SQLITE_OPEN_READONLY;
  if (sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOFOLLOW, nullptr) != SQLITE_OK) {
    const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    database_error(path, "開けません: " + why, "cannot open: " + why);
  }
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  sqlite3_extended_result_codes(db_, 1);
  try {
    exec("PRAGMA foreign_keys = ON");
    if (mode == OpenMode::Create) create_schema();
    else check_format();
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    if (mode == OpenMode::Create) fs::remove(path, ec);  // no half-made registry is left behind
    throw;
  }
}

Database::~Database() { sqlite3_close(db_); }

void Database::exec(const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string why = error ? error : sqlite3_errmsg(db_);
    sqlite3_free(error);
    database_error(path_, "SQLite のエラー: " + why, "SQLite error: " + why);
  }
}

std::int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
int Database::changes() const { return sqlite3_changes(db_); }

void Database::check_format() {
  std::string format, version;
  try {
    Statement s(db_, "SELECT key, value FROM meta WHERE key IN ('format', 'schema_version')", path_);
    while (s.step()) (s.text(0) == "format" ? format : version) = s.text(1);
  } catch (const InputError& e) {
    database_error(path_, "hitoku の公表物レジストリではありません（meta 表がないか読めません: " + e.message_ja() + "）。何も書いていません",
                   "not a hitoku publication registry (no readable meta table: " + e.message_en() + "); nothing was written");
  }
  if (format != kFormatName)
    database_error(path_, "hitoku の公表物レジストリではありません（format が「" + format + "」）。何も書いていません",
                   "not a hitoku publication registry (format '" + format + "'); nothing was written");
  if (version != std::to_string(kSchemaVersion))
    database_error(path_,
                   "スキーマの版 " + version + " のレジストリです。この hitoku は版 " + std::to_string(kSchemaVersion) +
                       " だけを読みます（移行はしません。版 " + std::to_string(kSchemaVersion) +
                       " の hitoku で作り直してください）。何も書いていません",
                   "registry of schema version " + version + "; this hitoku reads version " +
                       std::to_string(kSchemaVersion) + " only (no migration: re-create it with registry init " +
                       "and add the publications again); nothing was written");
}

void Database::create_schema() {
  Transaction tx(*this);
  exec(kSchema);
  Statement s(db_, "INSERT INTO meta(key, value) VALUES (?1, ?2)", path_);
  for (const auto& [k, v] : {std::pair<std::string, std::string>{"format", kFormatName},
                             {"schema_version", std::to_string(kSchemaVersion)},
                             {"created_at", utc_now_iso8601()}}) {
    s.bind(1, k).bind(2, v);
    s.step();
    s.reset();
  }
  tx.commit();
}

Transaction::Transaction(Database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

Transaction::~Transaction() {
  if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

}  // namespace hitoku::publications
