#include "hitoku/io/data_paths.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace hitoku {
namespace fs = std::filesystem;

std::string shipped_data_dir(const char* env_var, const std::string& installed_name, const std::string& source_name) {
  if (env_var)
    if (const char* env = std::getenv(env_var); env && *env) return env;
  std::error_code ec;
  const fs::path binary = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = binary.parent_path().parent_path() / "share" / "hitoku" / installed_name;
    if (fs::is_directory(installed, ec)) return installed.string();
  }
  return (fs::path(HITOKU_SOURCE_DIR) / source_name).string();
}

std::string synthetic_hospitals_file() {
  return shipped_data_dir(nullptr, "hospitals", "testdata/hospitals") + "/hyogo_hospitals_synthetic.csv";
}

}  // namespace hitoku
