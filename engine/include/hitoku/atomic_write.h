#pragma once
#include <string>
#include <string_view>

namespace hitoku {

// Writes to "<dir>/.<name>.tmp-<pid>" then renames over `path`, so a reader never sees half a file
// and no temporary file is left anywhere but beside the target. Throws InputError on failure.
void write_file_atomically(const std::string& path, std::string_view bytes);

}  // namespace hitoku
