#include "progress_bar.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>

namespace hitoku::cli {
namespace {

// Columns a UTF-8 string takes on a terminal: CJK and full-width forms take two.
std::size_t display_width(const std::string& s) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    width += (len == 3 && c >= 0xE3) ? 2 : 1;  // U+3000 and above: CJK, kana, full-width
    i += len;
  }
  return width;
}

std::size_t terminal_columns() {
  winsize w{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col >= 40) return w.ws_col;
  return 80;
}

}  // namespace

CLI::Option* add_quiet_flag(CLI::App* cmd, bool& quiet) {
  return cmd->add_flag("-q,--quiet", quiet, "進捗を表示しない / show no progress on the terminal");
}

ProgressBar::ProgressBar(bool quiet) : active_(!quiet && ::isatty(STDERR_FILENO) == 1) {
  started_ = stage_started_ = std::chrono::steady_clock::now();
  // A ticker redraws the clock while one step runs long without reporting.
  if (active_) ticker_ = std::thread([this] { tick(); });
}

ProgressBar::~ProgressBar() { finish(); }

ProgressCallback ProgressBar::callback() {
  if (!active_) return {};
  return [this](const std::string& stage, long long done, long long total) { update(stage, done, total); };
}

void ProgressBar::stage(const std::string& id) {
  if (active_) update(id, 0, 0);
}

void ProgressBar::update(const std::string& stage, long long done, long long total) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (stop_) return;
  const auto now = std::chrono::steady_clock::now();
  const bool changed = stage != stage_;
  if (changed) stage_started_ = now;
  stage_ = stage;
  done_ = done;
  total_ = total;
  // At most ten lines a second, but every new stage at once.
  if (changed || now - last_draw_ >= std::chrono::milliseconds(100)) draw_locked();
}

void ProgressBar::draw_locked() {
  if (stage_.empty()) return;
  last_draw_ = std::chrono::steady_clock::now();
  const ProgressWords w = progress_words(stage_);
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(last_draw_ - started_).count();
  std::string count;
  if (w.counts_rounds) count = "ラウンド " + std::to_string(done_) + "・未解決 " + std::to_string(total_) + " / round " +
                               std::to_string(done_) + ", " + std::to_string(total_) + " open";
  else if (total_ <= 0 && done_ > 0) count = std::to_string(done_) + " 件 / " + std::to_string(done_);
  else if (total_ > 0) {
    const long long shown = std::min(done_, total_);
    const int filled = static_cast<int>(20 * shown / total_);
    count = "[" + std::string(static_cast<std::size_t>(filled), '#') + std::string(static_cast<std::size_t>(20 - filled), '-') +
            "] " + std::to_string(shown) + "/" + std::to_string(total_);
  }
  const std::string tail = (count.empty() ? "" : "  " + count) + "  " + std::to_string(seconds) + "s";
  std::string line = w.ja + " / " + w.en + tail;
  if (display_width(line) >= terminal_columns()) line = w.ja + tail;  // a narrow terminal: Japanese only
  std::fprintf(stderr, "\r\033[K%s", line.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::tick() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    wake_.wait_for(lock, std::chrono::milliseconds(500));
    if (!stop_ && std::chrono::steady_clock::now() - last_draw_ >= std::chrono::milliseconds(500)) draw_locked();
  }
}

void ProgressBar::finish() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stop_) return;
    stop_ = true;
    if (drawn_) {
      std::fputs("\r\033[K", stderr);
      std::fflush(stderr);
    }
  }
  wake_.notify_all();
  if (ticker_.joinable()) ticker_.join();
}

}  // namespace hitoku::cli
