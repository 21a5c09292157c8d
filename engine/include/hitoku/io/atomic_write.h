#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace hitoku {

// Who may read a written file: Shared is 0644 (less the umask); OwnerOnly is 0600, for reports
// that carry true values (--confidential).
enum class FileAccess { Shared, OwnerOnly };

// Writes to a new temporary file beside `path` (".<name>.tmp-<random>", opened with
// O_CREAT|O_EXCL|O_NOFOLLOW, so a file or symlink planted under any name is never opened), then
// renames it over `path`: a reader never sees half a file, and no temporary file is left anywhere
// but in the target's folder. Throws InputError on failure.
void write_file_atomically(const std::string& path, std::string_view bytes, FileAccess access = FileAccess::Shared);

// Makes the output folder of a command (-o): an empty name, an existing non-folder on the way (a
// file, or a folder below a file) or a folder that cannot be created or written is an InputError
// naming `folder`, never a file system exception.
void make_output_folder(const std::string& folder);

// Before a set of files is written: throws InputError naming the first target that is a folder, a
// symbolic link or anything but a regular file, or whose folder cannot be written. A command checks
// every file it will write first, so such a failure leaves no half-written set behind.
void check_output_targets(const std::vector<std::string>& targets);

}  // namespace hitoku
