#include "input_file.h"

#include <sys/stat.h>

#include <filesystem>

#include "hitoku/model/error.h"
#include "hitoku/ingest/input_limits.h"

namespace hitoku {

InputLimits& input_limits() {
  static InputLimits limits;
  return limits;
}

namespace ingest {

namespace {

// The name with each control character written as \xNN, so a message never carries one.
std::string printable(const std::string& name) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7f) out += c;
    else out += std::string("\\x") + hex[u >> 4] + hex[u & 15];
  }
  return out;
}

}  // namespace

void check_inside_folders(const std::string& path, const std::string& shown, const std::vector<std::string>& folders,
                          const SourcePos& named_at, const std::string& document_ja, const std::string& document_en) {
  namespace fs = std::filesystem;
  // A control character (NUL above all, which ends the name the system sees) is never part of a
  // file name hitoku should read.
  for (const char c : shown)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      throw InputError(named_at, "ファイル名「" + printable(shown) + "」に制御文字があります",
                       "the file name '" + printable(shown) + "' holds a control character");
  std::error_code ec;
  const fs::path real = fs::weakly_canonical(fs::absolute(path, ec), ec);
  for (const auto& folder : folders) {
    const fs::path root = fs::weakly_canonical(fs::absolute(folder, ec), ec);
    const fs::path rel = real.lexically_relative(root);
    if (!rel.empty() && *rel.begin() != "..") return;
  }
  throw InputError(named_at,
                   "「" + shown + "」は" + document_ja + "のフォルダの外にあります（" + real.string() + "）。" +
                       document_ja + "のフォルダに置くか、allowed_folders にそのフォルダを書いてください",
                   "'" + shown + "' lies outside the " + document_en + "'s folder (" + real.string() +
                       "); move it there or list its folder under allowed_folders");
}

bool is_regular_input(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

void check_input_file(const std::string& path, const std::string& shown, std::uintmax_t max_bytes,
                      const std::string& what_ja, const std::string& what_en) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    throw InputError({shown, 0, ""}, what_ja + "がありません（開けません）", "cannot open the " + what_en + " (no such file)");
  if (S_ISDIR(st.st_mode))
    throw InputError({shown, 0, ""}, "これはフォルダです。" + what_ja + "を指定してください",
                     "this is a folder, not a file; name the " + what_en + " itself");
  if (!S_ISREG(st.st_mode))
    throw InputError({shown, 0, ""}, "通常のファイルではありません（パイプ・デバイスなどは読みません）。" + what_ja + "を指定してください",
                     "not a regular file (pipes and devices are not read); name the " + what_en + " itself");
  const auto size = static_cast<std::uintmax_t>(st.st_size);
  if (size > max_bytes)
    throw InputError({shown, 0, ""},
                     what_ja + "が大きすぎます（" + std::to_string(size) + " バイト、上限 " + std::to_string(max_bytes) +
                         " バイト）",
                     "the " + what_en + " is too large (" + std::to_string(size) + " bytes, the limit is " +
                         std::to_string(max_bytes) + ")");
}

}  // namespace ingest
}  // namespace hitoku
