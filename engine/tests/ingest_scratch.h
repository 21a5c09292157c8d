#pragma once
// A throw-away folder of small input files for ingest tests, removed when the test ends.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "hitoku/model/submission.h"
#include "ingest/submission_loader.h"

namespace hitoku::testing {

class Scratch {
 public:
  Scratch() {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("hitoku_ingest_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::create_directories(dir_);
  }
  ~Scratch() { std::filesystem::remove_all(dir_); }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  std::string write(const std::string& name, const std::string& bytes) const {
    std::ofstream(dir_ / name, std::ios::binary) << bytes;
    return path(name);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string read(const std::string& name) const {
    std::ifstream in(dir_ / name, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

 private:
  std::filesystem::path dir_;
};

// A policy as the lead's loader would hand it over; markers left empty so the built-in list applies.
inline Policy test_policy(const std::string& id) {
  if (id != "hyogo-2018") throw InputError({id, 0, ""}, "ポリシーがありません", "no such policy");
  Policy p;
  p.id = id;
  return p;
}

// With `layout`, also how each table looked on disk (what the writers take).
inline Submission load(const std::string& manifest, SubmissionLayout* layout = nullptr) {
  return ingest::load_submission_with(manifest, test_policy, layout);
}

}  // namespace hitoku::testing
