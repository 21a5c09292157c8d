#include "hitoku/io/atomic_write.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>

#include "hitoku/model/error.h"

namespace hitoku {
namespace fs = std::filesystem;
namespace {

// 96 random bits from the kernel: the temporary name cannot be guessed in advance.
std::string random_suffix(const std::string& path) {
  unsigned char bytes[12];
  std::size_t got = 0;
  while (got < sizeof bytes) {
    const ssize_t n = ::getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw InputError({path, 0, ""}, "乱数を得られません（一時ファイル名）", "cannot get random bytes for a temporary name");
    got += static_cast<std::size_t>(n);
  }
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += hex[b >> 4];
    out += hex[b & 0xf];
  }
  return out;
}

// Opens a temporary file that did not exist before (never through a symlink); returns its fd.
int open_fresh_temporary(const fs::path& dir, const std::string& target_name, const std::string& path,
                         FileAccess access, fs::path& tmp) {
  const mode_t mode = access == FileAccess::OwnerOnly ? 0600 : 0644;
  for (int attempt = 0; attempt < 8; ++attempt) {
    tmp = dir / ("." + target_name + ".tmp-" + random_suffix(path));
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd >= 0) return fd;
    if (errno != EEXIST) break;
  }
  throw InputError({path, 0, ""}, "出力ファイルを書けません", "cannot write output file");
}

bool write_all(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

void write_file_atomically(const std::string& path, std::string_view bytes, FileAccess access) {
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  fs::path tmp;
  const int fd = open_fresh_temporary(dir, target.filename().string(), path, access, tmp);
  // The umask may only narrow 0600; an owner-only file must not be wider whatever it is.
  bool ok = access != FileAccess::OwnerOnly || ::fchmod(fd, 0600) == 0;
  ok = ok && write_all(fd, bytes);
  ok = ::close(fd) == 0 && ok;
  if (!ok) {
    ::unlink(tmp.c_str());
    throw InputError({path, 0, ""}, "出力ファイルの書き込みに失敗しました", "failed writing output file");
  }
  // rename() replaces a symlink at `path` itself; it never writes through it.
  if (std::rename(tmp.c_str(), target.c_str()) != 0) {
    ::unlink(tmp.c_str());
    throw InputError({path, 0, ""}, "出力ファイルを置けません", "cannot move output file into place");
  }
}

}  // namespace hitoku
