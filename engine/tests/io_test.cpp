// Output files: atomic replacement, temporary files that cannot be hijacked, owner-only reports;
// and SHA-256 fed in pieces as the extract reader feeds it.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "hitoku/io/atomic_write.h"
#include "hitoku/io/sha256.h"
#include "ingest_scratch.h"

using namespace hitoku;
using hitoku::testing::Scratch;
namespace fs = std::filesystem;

namespace {

unsigned permissions(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

std::size_t entries(const std::string& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

TEST_CASE("sha256 fed in uneven pieces equals the hash of the whole") {
  const std::string text(1000, 'x');
  Sha256 hash;
  for (std::size_t at = 0, piece = 1; at < text.size(); at += piece, piece = piece * 3 % 97 + 1)
    hash.update(std::string_view(text).substr(at, piece));
  CHECK(hash.hex_digest() == sha256_hex(text));
}

TEST_CASE("atomic write replaces the file and leaves no temporary file behind") {
  Scratch s;
  s.write("report.json", "old");
  write_file_atomically(s.path("report.json"), "new contents");
  CHECK(s.read("report.json") == "new contents");
  CHECK(entries(s.path("")) == 1);
}

TEST_CASE("atomic write never follows a symlink planted at the old predictable temporary name") {
  Scratch s;
  const std::string victim = s.write("victim.txt", "precious");
  // Before: ".<name>.tmp-<pid>" was opened with O_TRUNC and followed this link.
  fs::create_symlink(victim, s.path(".report.json.tmp-" + std::to_string(::getpid())));
  for (int i = 0; i < 20; ++i)  // the random part differs every time
    fs::create_symlink(victim, s.path(".report.json.tmp-guess" + std::to_string(i)));
  write_file_atomically(s.path("report.json"), "report");
  CHECK(s.read("victim.txt") == "precious");
  CHECK(s.read("report.json") == "report");
  CHECK(fs::is_regular_file(fs::symlink_status(s.path("report.json"))));
  CHECK(entries(s.path("")) == 23);  // victim, 21 links, the report: nothing else left
}

TEST_CASE("atomic write replaces a symlink at the target itself instead of writing through it") {
  Scratch s;
  const std::string victim = s.write("victim.txt", "precious");
  fs::create_symlink(victim, s.path("report.json"));
  write_file_atomically(s.path("report.json"), "report");
  CHECK(s.read("victim.txt") == "precious");
  CHECK(fs::is_regular_file(fs::symlink_status(s.path("report.json"))));
}

TEST_CASE("an owner-only report is written 0600 whatever the umask, a shared one is readable") {
  Scratch s;
  const mode_t old_mask = ::umask(0);
  write_file_atomically(s.path("confidential.json"), "true values", FileAccess::OwnerOnly);
  write_file_atomically(s.path("shared.json"), "intervals only");
  ::umask(old_mask);
  CHECK(permissions(s.path("confidential.json")) == 0600);
  CHECK(permissions(s.path("shared.json")) == 0644);
  // Replacing an existing world-readable file keeps it owner-only too.
  write_file_atomically(s.path("shared.json"), "now confidential", FileAccess::OwnerOnly);
  CHECK(permissions(s.path("shared.json")) == 0600);
}

TEST_CASE("atomic write into a missing folder is an input error naming the file") {
  Scratch s;
  CHECK_THROWS_AS(write_file_atomically(s.path("no/such/dir/report.json"), "x"), InputError);
}
