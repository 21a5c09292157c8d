#include "hitoku/workflow/report_pdf.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "hitoku/io/atomic_write.h"
#include "hitoku/model/error.h"
#include "hitoku/report/report_format.h"
#include "hitoku/io/sha256.h"

extern char** environ;

namespace hitoku::workflow {
namespace fs = std::filesystem;
namespace {

// The flags of scripts/chromium-flags.sh: no background networking, every host name unresolvable.
const std::vector<std::string> kOfflineFlags = {
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--disable-default-apps", "--metrics-recording-only", "--no-pings",
    "--disable-crash-reporter", "--disable-breakpad", "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND", "--no-pdf-header-footer"};

[[noreturn]] void pdf_error(const std::string& where, const std::string& ja, const std::string& en) {
  throw InputError({where, 0, ""}, ja, en);
}

// Removes the scratch folder however the printing ends.
struct Scratch {
  fs::path dir;
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

// Runs the browser in the scratch folder, with HOME, TMPDIR and the XDG folders there too; returns its exit
// status, or -1 when it ran past the timeout (it is then killed).
int run_browser(const std::string& program, const std::vector<std::string>& args, const fs::path& home, int timeout_seconds) {
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e) {
    const std::string kv = *e;
    if (kv.rfind("HOME=", 0) == 0 || kv.rfind("TMPDIR=", 0) == 0 || kv.rfind("XDG_", 0) == 0) continue;
    env_strings.push_back(kv);
  }
  // Relative to the scratch folder (the browser's working folder): Chromium's socket paths must stay
  // short (a UNIX socket path has at most 107 bytes), however deep the output folder is.
  for (const char* name : {"HOME", "TMPDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR"})
    env_strings.push_back(std::string(name) + "=.");
  std::vector<char*> argv{const_cast<char*>(program.c_str())}, envp;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addchdir_np(&actions, home.c_str());
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, program.c_str(), &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return -2;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  for (;;) {
    int status = 0;
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace

bool is_pdf_path(const std::string& path) {
  if (path.size() < 4) return false;
  std::string ext = path.substr(path.size() - 4);
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return ext == ".pdf";
}

void write_report_pdf(const Report& report, const std::string& lang, const std::string& pdf_path,
                      const ProgressCallback& progress, int timeout_seconds) {
  if (progress) progress("pdf", 0, 0);
  const fs::path target = fs::absolute(pdf_path);
  Scratch scratch{target.parent_path() / ("." + target.filename().string() + ".chromium-" + std::to_string(::getpid()))};
  std::error_code ec;
  fs::create_directories(scratch.dir, ec);
  if (ec) pdf_error(pdf_path, "PDF の作業フォルダを作れません: " + ec.message(), "cannot create the PDF's scratch folder: " + ec.message());
  const fs::path html = scratch.dir / "report.html", printed = scratch.dir / "report.pdf";
  const FileAccess access = report.confidential ? FileAccess::OwnerOnly : FileAccess::Shared;
  write_file_atomically(html.string(), report_to_html(report, lang), access);
  const char* chosen = std::getenv("HITOKU_CHROMIUM");
  const std::string program = chosen && *chosen ? chosen : "chromium";
  std::vector<std::string> args = kOfflineFlags;
  args.push_back("--user-data-dir=profile");  // inside the scratch folder, the browser's working folder
  args.push_back("--print-to-pdf=" + printed.string());
  args.push_back("file://" + html.string());
  const int status = run_browser(program, args, scratch.dir, timeout_seconds);
  if (status == -2)
    pdf_error(program, "PDF の作成に Chromium が必要です（apt-get install chromium fonts-noto-cjk）",
              "printing a PDF needs Chromium (apt-get install chromium fonts-noto-cjk)");
  if (status == -1)
    pdf_error(pdf_path, "Chromium が " + std::to_string(timeout_seconds) + " 秒で PDF を作りませんでした",
              "Chromium did not print the PDF within " + std::to_string(timeout_seconds) + " s");
  const std::string bytes = fs::exists(printed, ec) ? read_file_bytes(printed.string()) : "";
  if (bytes.rfind("%PDF", 0) != 0)
    pdf_error(pdf_path, "Chromium が PDF を作れませんでした（終了コード " + std::to_string(status) + "）",
              "Chromium produced no PDF (exit status " + std::to_string(status) + ")");
  write_file_atomically(pdf_path, bytes, access);
}

}  // namespace hitoku::workflow
