#pragma once
#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;  // libcrypto's EVP_MD_CTX, kept out of this header

namespace hitoku {

// Incremental SHA-256 for inputs read in pieces (streamed registry extracts).
// SHA-256 itself is libcrypto's.
class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  std::string hex_digest();  // finishes the hash; call once

 private:
  struct ContextDeleter {
    void operator()(evp_md_ctx_st* context) const;
  };
  std::unique_ptr<evp_md_ctx_st, ContextDeleter> context_;
};

std::string sha256_hex(std::string_view bytes);
// Reads the whole file; throws InputError if it cannot be read.
std::string read_file_bytes(const std::string& path, const std::string& role_for_errors = "");

}  // namespace hitoku
