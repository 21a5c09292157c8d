#pragma once
// Checks a path before it is opened: it must be a regular file (a folder, FIFO or device is named as
// such and never read, so /dev/zero or a pipe cannot hang hitoku) no larger than `max_bytes`.
#include <cstdint>
#include <string>
#include <vector>

#include "hitoku/model/error.h"

namespace hitoku::ingest {

// `shown` is the path as errors print it, `what_ja`/`what_en` the file's role ("表ファイル").
void check_input_file(const std::string& path, const std::string& shown, std::uintmax_t max_bytes,
                      const std::string& what_ja, const std::string& what_en);

// `path` (as opened) must lie inside one of `folders` once symlinks are resolved; otherwise an
// InputError at `named_at` (where the manifest or plan, `document_ja`/`document_en`, names it) says so.
// The file need not exist yet.
void check_inside_folders(const std::string& path, const std::string& shown, const std::vector<std::string>& folders,
                          const SourcePos& named_at, const std::string& document_ja = "マニフェスト",
                          const std::string& document_en = "manifest");

// Whether `path` names a regular file (false for folders, FIFOs, devices and missing paths).
bool is_regular_input(const std::string& path);

}  // namespace hitoku::ingest
