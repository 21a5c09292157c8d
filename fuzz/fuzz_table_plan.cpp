// Fuzzes the table-plan loader and the table building it drives: the input is plan.yaml beside a short
// extract (the first records of testdata/registry/extract.csv), with the reference and hospital files
// at the relative paths the sample plan names.
#include "fuzz_support.h"
#include "hitoku/model/error.h"
#include "hitoku/registry/table_plan.h"

namespace {

std::filesystem::path prepare() {
  namespace fs = std::filesystem;
  const fs::path root = hitoku::fuzz::scratch_dir() / "plan";
  const fs::path source = HITOKU_TESTDATA;
  fs::create_directories(root / "testdata" / "registry");
  fs::copy(source / "hospitals", root / "testdata" / "hospitals", fs::copy_options::recursive);
  fs::copy(source.parent_path() / "reference", root / "reference", fs::copy_options::recursive);
  std::ifstream in(source / "registry" / "extract.csv", std::ios::binary);
  std::ofstream out(root / "testdata" / "registry" / "extract.csv", std::ios::binary);
  std::string line;
  for (int i = 0; i < 60 && std::getline(in, line); ++i) out << line << '\n';
  return root / "testdata" / "registry" / "plan.yaml";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path plan_path = prepare();
  hitoku::fuzz::write_bytes(plan_path, hitoku::fuzz::as_text(data, size));
  try {
    hitoku::TablePlan plan = hitoku::load_table_plan(plan_path.string());
    (void)hitoku::build_submission(plan);
  } catch (const hitoku::InputError&) {
  }
  return 0;
}
