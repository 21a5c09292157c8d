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

void make_output_folder(const std::string& folder) {
  if (folder.empty())
    throw InputError({"-o", 0, ""}, "出力フォルダの名前が空です", "the output folder name is empty");
  std::error_code ec;
  const bool exists = fs::exists(fs::symlink_status(folder, ec));
  if (exists && !fs::is_directory(folder, ec))
    throw InputError({folder, 0, ""}, "出力フォルダを作成できません: フォルダではないファイルがすでにあります",
                     "cannot create the output folder: a file that is not a folder is already there");
  if (!exists) fs::create_directories(folder, ec);
  if (ec)
    throw InputError({folder, 0, ""}, "出力フォルダを作成できません: " + ec.message(),
                     "cannot create the output folder: " + ec.message());
  if (::access(folder.c_str(), W_OK | X_OK) != 0)
    throw InputError({folder, 0, ""}, "出力フォルダに書き込めません（権限を確認してください）",
                     "cannot write into the output folder (check its permissions)");
}

void check_output_targets(const std::vector<std::string>& targets) {
  for (const auto& target : targets) {
    struct stat st {};
    if (::lstat(target.c_str(), &st) == 0) {
      if (S_ISDIR(st.st_mode))
        throw InputError({target, 0, ""}, "書き出すファイルの場所にフォルダがあります。何も書かずに中止しました",
                         "a folder is where this output file goes; nothing was written");
      if (S_ISLNK(st.st_mode))
        throw InputError({target, 0, ""},
                         "書き出すファイルの場所にシンボリックリンクがあります（置き換えるとリンク先は変わりません）。何も書かずに中止しました",
                         "a symbolic link is where this output file goes (replacing it would not change what it points "
                         "to); nothing was written");
      if (!S_ISREG(st.st_mode))
        throw InputError({target, 0, ""}, "書き出すファイルの場所に通常のファイルでないもの（デバイスなど）があります。何も書かずに中止しました",
                         "something that is not a regular file (a device, say) is where this output file goes; nothing was written");
    }
    const fs::path parent = fs::path(target).has_parent_path() ? fs::path(target).parent_path() : fs::path(".");
    if (::access(parent.c_str(), W_OK | X_OK) != 0)
      throw InputError({target, 0, ""}, "書き出すファイルのフォルダに書き込めません。何も書かずに中止しました",
                       "cannot write into the folder of this output file; nothing was written");
  }
}

}  // namespace hitoku
