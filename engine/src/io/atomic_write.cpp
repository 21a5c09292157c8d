#include "hitoku/atomic_write.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "hitoku/error.h"

namespace hitoku {
namespace fs = std::filesystem;

void write_file_atomically(const std::string& path, std::string_view bytes) {
  fs::path target(path);
  fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string tmp_name(".");
  tmp_name += target.filename().string();
  tmp_name += ".tmp-";
  tmp_name += std::to_string(::getpid());
  fs::path tmp = dir / tmp_name;
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw InputError({path, 0, ""}, "出力ファイルを書けません", "cannot write output file");
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(tmp, ignored);
      throw InputError({path, 0, ""}, "出力ファイルの書き込みに失敗しました", "failed writing output file");
    }
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw InputError({path, 0, ""}, "出力ファイルを置けません", "cannot move output file into place");
  }
}

}  // namespace hitoku
