// SHA-256 from libcrypto (OpenSSL's EVP interface), and whole-file reading.
#include "hitoku/io/sha256.h"

#include <openssl/evp.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "hitoku/model/error.h"

namespace hitoku {

void Sha256::ContextDeleter::operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
  // Allocation or initialisation failing is an internal error, never a silently wrong hash.
  if (!context_ || EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("libcrypto: cannot start a SHA-256 digest");
}

void Sha256::update(std::string_view bytes) {
  if (EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size()) != 1)
    throw std::runtime_error("libcrypto: SHA-256 update failed");
}

std::string Sha256::hex_digest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(context_.get(), digest, &length) != 1)
    throw std::runtime_error("libcrypto: SHA-256 finish failed");
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xf];
  }
  return out;
}

std::string sha256_hex(std::string_view bytes) {
  Sha256 hash;
  hash.update(bytes);
  return hash.hex_digest();
}

std::string read_file_bytes(const std::string& path, const std::string& role_for_errors) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::string what = role_for_errors.empty() ? "" : role_for_errors + " ";
    throw InputError({path, 0, ""}, what + "ファイルを開けません", "cannot open " + what + "file");
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

}  // namespace hitoku
