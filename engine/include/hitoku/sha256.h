#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace hitoku {

// Incremental SHA-256 for inputs read in pieces (streamed registry extracts).
class Sha256 {
 public:
  void update(std::string_view bytes);
  std::string hex_digest();  // finishes the hash; call once

 private:
  std::array<std::uint32_t, 8> h_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  unsigned char block_[64] = {};
  std::size_t used_ = 0;
  std::uint64_t total_ = 0;
};

std::string sha256_hex(std::string_view bytes);
// Reads the whole file; throws InputError if it cannot be read.
std::string read_file_bytes(const std::string& path, const std::string& role_for_errors = "");

}  // namespace hitoku
