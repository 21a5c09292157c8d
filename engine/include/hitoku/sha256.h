#pragma once
#include <string>
#include <string_view>

namespace hitoku {

std::string sha256_hex(std::string_view bytes);
// Reads the whole file; throws InputError if it cannot be read.
std::string read_file_bytes(const std::string& path, const std::string& role_for_errors = "");

}  // namespace hitoku
