#pragma once
// No command overwrites what it read: every path a command writes (a report file, an output folder,
// a run log) is checked against its inputs before any work is done.
#include <string>
#include <vector>

namespace hitoku::workflow {

// Throws InputError naming `output` when it resolves (symlinks followed; for a new file, the real
// path of its folder) to one of `inputs`, or to a folder that directly holds one of them. `force`
// skips the check (the user's explicit choice). An empty `output` (standard output) always passes.
void refuse_input_overwrite(const std::string& output, const std::vector<std::string>& inputs, bool force);

}  // namespace hitoku::workflow
