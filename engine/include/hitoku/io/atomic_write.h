#pragma once
#include <string>
#include <string_view>

namespace hitoku {

// Who may read a written file: Shared is 0644 (less the umask); OwnerOnly is 0600, for reports
// that carry true values (--confidential).
enum class FileAccess { Shared, OwnerOnly };

// Writes to a new temporary file beside `path` (".<name>.tmp-<random>", opened with
// O_CREAT|O_EXCL|O_NOFOLLOW, so a file or symlink planted under any name is never opened), then
// renames it over `path`: a reader never sees half a file, and no temporary file is left anywhere
// but in the target's folder. Throws InputError on failure.
void write_file_atomically(const std::string& path, std::string_view bytes, FileAccess access = FileAccess::Shared);

}  // namespace hitoku
