#include "hitoku/report/run_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <pwd.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "hitoku/model/error.h"

namespace hitoku {
namespace {

std::string user_name() {
  if (const passwd* pw = ::getpwuid(::geteuid()); pw && pw->pw_name) return pw->pw_name;
  if (const char* u = std::getenv("USER"); u && *u) return u;
  return std::to_string(::geteuid());
}

}  // namespace

void append_run_log(const std::string& path, const std::string& command, const Report& report) {
  nlohmann::json line{{"time", report.generated_at},
                      {"user", user_name()},
                      {"command", command},
                      {"tool", report.tool_name + " " + report.tool_version},
                      {"policy", {{"id", report.policy_id}, {"version", report.policy_version}, {"sha256", report.policy_sha256}}},
                      {"verdict", report.passed ? "pass" : "fail"},
                      {"inputs", nlohmann::json::array()}};
  for (const auto& in : report.inputs) line["inputs"].push_back({{"path", in.path}, {"sha256", in.sha256}});
  const std::string text = line.dump() + "\n";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd < 0) throw InputError({path, 0, "--run-log"}, "実行記録ファイルを開けません", "cannot open the run log");
  const ssize_t written = ::write(fd, text.data(), text.size());
  ::close(fd);
  if (written != static_cast<ssize_t>(text.size()))
    throw InputError({path, 0, "--run-log"}, "実行記録を書き込めません", "cannot append to the run log");
}

void check_run_log_writable(const std::string& path) {
  struct stat st {};
  bool ok = false;
  if (::stat(path.c_str(), &st) == 0) {
    ok = S_ISREG(st.st_mode) && ::access(path.c_str(), W_OK) == 0;
  } else {
    const std::string::size_type slash = path.rfind('/');
    const std::string folder = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    ok = ::access(folder.c_str(), W_OK | X_OK) == 0;
  }
  if (!ok) throw InputError({path, 0, "--run-log"}, "実行記録ファイルを開けません", "cannot open the run log");
}

}  // namespace hitoku
