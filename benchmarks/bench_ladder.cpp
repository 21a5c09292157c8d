// The size ladder (not a test): bench_audit, and with --protect bench_protect, on synthetic linked
// sets from one medical area to all Japan, each run as its own process, one table at the end.
//   bench_ladder [--protect] [--all-japan] [--cap S] [--seed N] [--only NAME[,NAME]] [--repeat N]
// Every run is a child process, so its peak RSS is its own. --cap S limits each child to S CPU
// seconds (RLIMIT_CPU; default 300) and 10·S + 60 wall seconds; a run stopped there shows "> S".
// The CPU and wall columns are the audit's (or protect's) own, without generating the tables, as
// the child prints them; "process" is the child's CPU including generation. With --repeat N each
// rung runs N times in turn (rung 1, rung 2, ..., rung 1, ...) and the table shows medians.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Rung {
  std::string name, geography;
  int sites = 30, ages = 18;
};

struct Run {
  bool finished = false, capped = false;
  int exit_code = -1;
  double cpu = 0, wall = 0, process_cpu = 0, rss_mb = 0;
  std::string output;
};

double seconds_of(const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; }

// The figure after `label` on the line that starts with it ("audit CPU time      6.07 s"); -1 if none.
double figure(const std::string& output, const std::string& label) {
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(label, 0) == 0) return std::atof(line.c_str() + label.size());
  return -1;
}

std::string text_after(const std::string& output, const std::string& label) {
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(label, 0) == 0) {
      auto s = line.substr(label.size());
      s.erase(0, s.find_first_not_of(' '));
      return s;
    }
  return "";
}

// Runs program with args as a child, at most cap CPU seconds and 10·cap + 60 wall seconds (a loaded machine).
Run run_child(const std::string& program, const std::vector<std::string>& args, double cap) {
  int pipe_fd[2];
  if (pipe(pipe_fd) != 0) std::exit(3);
  const auto started = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    rlimit lim{};
    lim.rlim_cur = static_cast<rlim_t>(cap);
    lim.rlim_max = static_cast<rlim_t>(cap) + 5;
    setrlimit(RLIMIT_CPU, &lim);
    dup2(pipe_fd[1], 1);
    const int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) dup2(devnull, 2);
    close(pipe_fd[0]);
    std::vector<char*> argv{const_cast<char*>(program.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  close(pipe_fd[1]);
  Run r;
  const double wall_cap = 10 * cap + 60;
  char buf[4096];
  bool killed = false;
  for (;;) {
    pollfd p{pipe_fd[0], POLLIN, 0};
    const int ready = poll(&p, 1, 1000);
    const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (ready > 0) {
      const ssize_t n = read(pipe_fd[0], buf, sizeof buf);
      if (n <= 0) break;
      r.output.append(buf, static_cast<std::size_t>(n));
    }
    if (t > wall_cap && !killed) {
      kill(pid, SIGKILL);  // only the child this program started
      killed = true;
    }
  }
  close(pipe_fd[0]);
  int status = 0;
  rusage u{};
  wait4(pid, &status, 0, &u);
  r.wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  r.process_cpu = seconds_of(u.ru_utime) + seconds_of(u.ru_stime);
  r.rss_mb = double(u.ru_maxrss) / 1024.0;
  r.finished = WIFEXITED(status);
  r.exit_code = r.finished ? WEXITSTATUS(status) : -1;
  r.capped = !r.finished && (killed || (WIFSIGNALED(status) && (WTERMSIG(status) == SIGXCPU || WTERMSIG(status) == SIGKILL)));
  return r;
}

double median(std::vector<double> v) {
  if (v.empty()) return -1;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// The median of a field; "> cap" when a run was stopped (unless the field is measured anyway: RSS).
std::string cell(const std::vector<Run>& runs, double cap, double Run::*field, const char* format, bool always = false) {
  char s[64];
  for (const auto& r : runs)
    if (!r.finished && !always) {
      std::snprintf(s, sizeof s, r.capped ? "> %.0f (capped)" : "(failed)", cap);
      return s;
    }
  std::vector<double> v;
  for (const auto& r : runs) v.push_back(r.*field);
  std::snprintf(s, sizeof s, format, median(v));
  return s;
}

// The child's own figure (CPU or wall of the audit or protect alone), median over runs.
std::string own(const std::vector<Run>& runs, double cap, const std::string& label) {
  std::vector<Run> copy = runs;
  for (auto& r : copy) r.cpu = figure(r.output, label);
  return cell(copy, cap, &Run::cpu, "%.2f");
}

void print_table(const std::vector<Rung>& rungs, const std::map<std::string, std::vector<Run>>& audit,
                 const std::map<std::string, std::vector<Run>>& protect, double cap, bool with_protect) {
  std::printf("\n| rung | inner cells | suppressed | audit CPU s | audit wall s | process CPU s | peak RSS MB | recoverable, not proven |%s\n",
              with_protect ? " protect CPU s | protect wall s | protect RSS MB | suppressed by protect |" : "");
  std::printf("|---|---|---|---|---|---|---|---|%s\n", with_protect ? "---|---|---|---|" : "");
  for (const auto& g : rungs) {
    const auto& a = audit.at(g.name);
    const std::string& out = a.front().output;
    std::string inner = text_after(out, "inner cells");
    std::string suppressed = text_after(out, "suppressed cells");
    std::string unproven = a.front().finished ? text_after(out, "recoverable") : "-";
    if (inner.empty()) inner = "?";
    std::printf("| %s | %s | %s | %s | %s | %s | %s | %s |", g.name.c_str(), inner.c_str(), suppressed.c_str(),
                own(a, cap, "audit CPU time").c_str(), own(a, cap, "audit wall time").c_str(),
                cell(a, cap, &Run::process_cpu, "%.2f").c_str(), cell(a, cap, &Run::rss_mb, "%.0f", true).c_str(),
                unproven.c_str());
    if (with_protect) {
      const auto& p = protect.at(g.name);
      const std::string& po = p.front().output;
      const std::string shown = p.front().finished ? text_after(po, "primary cells") + " + " + text_after(po, "secondary cells") +
                                                         (p.front().exit_code == 0 ? "" : " (no pattern)")
                                                   : "-";
      std::printf(" %s | %s | %s | %s |", own(p, cap, "protect CPU time").c_str(), own(p, cap, "protect wall time").c_str(),
                  cell(p, cap, &Run::rss_mb, "%.0f", true).c_str(), shown.c_str());
    }
    std::printf("\n");
  }
}

}  // namespace

int main(int argc, char** argv) {
  bool with_protect = false, all_japan = false;
  double cap = 300;
  int repeat = 1;
  std::string seed = "1", only;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--protect") with_protect = true;
    else if (a == "--all-japan") all_japan = true;
    else if (a == "--cap" && i + 1 < argc) cap = std::atof(argv[++i]);
    else if (a == "--seed" && i + 1 < argc) seed = argv[++i];
    else if (a == "--only" && i + 1 < argc) only = argv[++i];
    else if (a == "--repeat" && i + 1 < argc) repeat = std::max(1, std::atoi(argv[++i]));
    else {
      std::fprintf(stderr, "unknown argument %s\n", a.c_str());
      return 2;
    }
  }
  // In the order of their inner cells: 4,920; 8,640; 44,280; 90,720; 208,920; 1,880,280.
  std::vector<Rung> rungs{{"hyogo 10x6", "hyogo", 10, 6},      {"hanshin 30x18", "hanshin"},
                          {"hyogo 30x18", "hyogo"},            {"osaka-hyogo 30x18", "osaka-hyogo"},
                          {"japan 10x6", "japan", 10, 6},      {"japan 30x18", "japan"}};
  if (!all_japan && only.find("japan 30x18") == std::string::npos) rungs.pop_back();
  if (!only.empty())
    rungs.erase(std::remove_if(rungs.begin(), rungs.end(),
                               [&](const Rung& g) { return ("," + only + ",").find("," + g.name + ",") == std::string::npos; }),
                rungs.end());
  std::string dir = argv[0];
  dir = dir.find('/') == std::string::npos ? "." : dir.substr(0, dir.rfind('/'));
  std::map<std::string, std::vector<Run>> audit, protect;
  for (int k = 0; k < repeat; ++k)
    for (const auto& g : rungs) {
      const std::vector<std::string> args{g.geography, "linked", "--sites", std::to_string(g.sites), "--ages",
                                          std::to_string(g.ages), "--seed", seed};
      audit[g.name].push_back(run_child(dir + "/bench_audit", args, cap));
      const auto& a = audit[g.name].back();
      std::fprintf(stderr, "%-20s audit   %s CPU s, %.1f wall s, %.0f MB, recoverable %s\n", g.name.c_str(),
                   a.finished ? text_after(a.output, "audit CPU time").c_str() : "capped", a.wall, a.rss_mb,
                   text_after(a.output, "recoverable").c_str());
      if (!with_protect) continue;
      protect[g.name].push_back(run_child(dir + "/bench_protect", args, cap));
      const auto& p = protect[g.name].back();
      std::fprintf(stderr, "%-20s protect %s CPU s, %.1f wall s, %.0f MB, %s + %s suppressed, %s\n", g.name.c_str(),
                   p.finished ? text_after(p.output, "protect CPU time").c_str() : "capped", p.wall, p.rss_mb,
                   text_after(p.output, "primary cells").c_str(), text_after(p.output, "secondary cells").c_str(),
                   text_after(p.output, "result").c_str());
    }
  std::printf("bench_ladder: linked sets (area×site×sex, area×age×sex, site×age×sex), seed %s, cap %.0f CPU s, %d run(s) per rung%s\n",
              seed.c_str(), cap, repeat, repeat > 1 ? " (medians)" : "");
  print_table(rungs, audit, protect, cap, with_protect);
  return 0;
}
