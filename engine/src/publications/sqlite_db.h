#pragma once
// A thin RAII layer over SQLite's C API (Debian libsqlite3): a connection opened on a registry file
// that is checked to be one (format name and schema version) before anything is read or written,
// prepared statements, and IMMEDIATE transactions. Every SQLite error becomes an InputError naming
// the file, so a bad database is exit 2, never a verdict.
#include <cstdint>
#include <optional>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace hitoku::publications {

class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql, const std::string& path);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, const std::string& text);
  Statement& bind(int index, std::int64_t value);
  Statement& bind_null(int index);
  bool step();  // true while a row is available; false when done
  std::string text(int column) const;
  std::int64_t integer(int column) const;
  bool is_null(int column) const;
  void reset();

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string path_;
};

enum class OpenMode { ReadOnly, ReadWrite, Create };

class Database {
 public:
  // ReadOnly and ReadWrite refuse a missing file, a file that is not SQLite, a database of another
  // program and one of another schema version (InputError, nothing written). Create refuses an
  // existing file and writes the schema.
  Database(const std::string& path, OpenMode mode);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(const std::string& sql);
  Statement prepare(const std::string& sql) { return Statement(db_, sql, path_); }
  std::int64_t last_insert_id() const;
  int changes() const;  // rows changed by the last statement
  const std::string& path() const { return path_; }
  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
  void check_format();
  void create_schema();
};

// BEGIN IMMEDIATE … COMMIT; rolled back when destroyed before commit() (an exception on the way).
class Transaction {
 public:
  explicit Transaction(Database& db);
  ~Transaction();
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

[[noreturn]] void database_error(const std::string& path, const std::string& ja, const std::string& en);

}  // namespace hitoku::publications
