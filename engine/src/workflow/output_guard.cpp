#include "hitoku/workflow/output_guard.h"

#include <filesystem>

#include "hitoku/model/error.h"

namespace hitoku::workflow {
namespace fs = std::filesystem;

namespace {

// The real path: symlinks followed; for a path that does not exist yet, the real path of its
// existing part with the rest appended.
fs::path resolved(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return ec ? fs::absolute(path).lexically_normal() : p;
}

}  // namespace

void refuse_input_overwrite(const std::string& output, const std::vector<std::string>& inputs, bool force) {
  if (force || output.empty()) return;
  const fs::path target = resolved(output);
  for (const auto& input : inputs) {
    const fs::path in = resolved(input);
    if (target == in)
      throw InputError({output, 0, ""},
                       "出力先「" + output + "」は入力ファイル「" + input +
                           "」です。入力を上書きしないため中止しました。別の出力先を指定してください（上書きするなら --force）",
                       "refusing to overwrite an input file: the output '" + output + "' is the input '" + input +
                           "'; choose another output (or --force to overwrite it)");
    if (target == in.parent_path())
      throw InputError({output, 0, ""},
                       "出力先「" + output + "」は入力ファイル「" + input +
                           "」のあるフォルダです。入力を上書きしないため中止しました。別の出力先を指定してください（それでも書くなら --force）",
                       "refusing to overwrite inputs: the output '" + output + "' is the folder holding the input '" +
                           input + "'; choose another output (or --force to write there anyway)");
  }
}

}  // namespace hitoku::workflow
