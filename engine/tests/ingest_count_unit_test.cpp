#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "hitoku/model/error.h"
#include "hitoku/ingest/load_submission.h"

using namespace hitoku;
namespace fs = std::filesystem;

namespace {

// A 1-D table whose total (5) is less than the sum of its parts (3 + 4): possible for patients.
std::string write_patient_table(const fs::path& dir, const std::string& unit_line) {
  fs::create_directories(dir);
  std::ofstream(dir / "t.csv") << "area,n\nT,15\na,12\nb,14\n";
  std::ofstream(dir / "m.yaml") << "manifest_version: 1\npolicy: hyogo-2018\n"
                                   "dimensions:\n  area:\n    codes:\n      - {code: T}\n"
                                   "      - {code: a, parent: T}\n      - {code: b, parent: T}\n"
                                   "tables:\n  - id: t\n    file: t.csv\n    dimensions: {area: area}\n    count: n\n"
                                << unit_line;
  return (dir / "m.yaml").string();
}

}  // namespace

TEST_CASE("a table of distinct patients skips the totals check and is marked non-additive") {
  auto dir = fs::temp_directory_path() / "hitoku-count-unit";
  fs::remove_all(dir);
  CHECK_THROWS_AS(load_submission(write_patient_table(dir / "tumours", "")), InputError);
  Submission s = load_submission(write_patient_table(dir / "patients", "    count_unit: patients\n"));
  REQUIRE(s.tables.size() == 1);
  CHECK_FALSE(s.tables[0].additive);
  try {
    load_submission(write_patient_table(dir / "bad", "    count_unit: people\n"));
    FAIL("expected an error");
  } catch (const InputError& e) {
    CHECK(e.where().field == "count_unit");
  }
  fs::remove_all(dir);
}
