// Streaming CSV reader for registry extracts. Reads the file once in large blocks, splits
// records itself (RFC 4180 quoting) and decodes only the fields asked for: in CP932 the bytes
// ',', '"', CR and LF never occur inside a two-byte character, so splitting before decoding is safe.
#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <unordered_map>

#include "hitoku/ingest/input_limits.h"
#include "ingest/input_file.h"
#include "hitoku/registry/extract.h"
#include "hitoku/io/sha256.h"
#include "hitoku/ingest/text_encoding.h"

namespace hitoku {
namespace {

constexpr std::size_t kBlock = 4 << 20;

bool valid_utf8(std::string_view s) { return !first_invalid_utf8(s).has_value(); }

bool is_ascii(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

struct ExtractReader::Impl {
  std::string path;
  std::FILE* file = nullptr;
  bool eof = false;
  std::uintmax_t unread = 0;  // bytes left per the size seen at open; blocks never exceed it by more than one
  Sha256 hash;
  std::string buf;         // unconsumed bytes start at pos
  std::size_t pos = 0;
  long next_line = 1;      // line number where the next record starts
  long record_line = 0;
  long long records = 0;
  TextEncoding encoding = TextEncoding::Utf8;
  iconv_t cd = reinterpret_cast<iconv_t>(-1);
  std::vector<std::string> headers;   // decoded header names, in file order
  std::vector<int> slot_of_column;    // column -> index into the caller's list, -1 if unused
  std::size_t needed = 0;
  std::vector<bool> present;          // per needed field: whether the file has its column
  std::vector<std::string> scratch;   // per needed field: unescaped / decoded copies
  std::vector<std::string_view> raw;  // per needed field: raw bytes of the current record
  std::vector<bool> raw_quoted_escape;

  ~Impl() {
    if (file) std::fclose(file);
    if (cd != reinterpret_cast<iconv_t>(-1)) iconv_close(cd);
  }

  bool fill() {  // appends one block; false at end of file
    if (eof) return false;
    if (pos > 0) { buf.erase(0, pos); pos = 0; }
    // A small file gets a small block (one byte over, to see the end in one read): zero-filling a full
    // block per file made every small extract cost 4 MiB of work.
    const auto want = static_cast<std::size_t>(std::min<std::uintmax_t>(kBlock, unread + 1));
    std::size_t old = buf.size();
    buf.resize(old + want);
    std::size_t got = std::fread(buf.data() + old, 1, want, file);
    buf.resize(old + got);
    unread -= std::min<std::uintmax_t>(unread, got);
    if (got > 0) hash.update(std::string_view(buf.data() + old, got));
    if (got < want) eof = true;
    return got > 0;
  }

  std::string decode(std::string_view bytes, long line, const std::string& field) {
    if (is_ascii(bytes)) return std::string(bytes);
    if (encoding != TextEncoding::Cp932) {
      if (!valid_utf8(bytes))
        throw InputError({path, line, field}, "UTF-8として読めない文字があります", "bytes are not valid UTF-8");
      return std::string(bytes);
    }
    if (cd == reinterpret_cast<iconv_t>(-1)) {
      cd = iconv_open("UTF-8", "CP932");
      if (cd == reinterpret_cast<iconv_t>(-1))
        throw InputError({path, 0, ""}, "CP932の変換器を開けません", "cannot open the CP932 converter");
    }
    iconv(cd, nullptr, nullptr, nullptr, nullptr);
    std::string out(bytes.size() * 2 + 4, '\0');
    char* in_p = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    char* out_p = out.data();
    std::size_t out_left = out.size();
    if (iconv(cd, &in_p, &in_left, &out_p, &out_left) == static_cast<std::size_t>(-1) || in_left != 0)
      throw InputError({path, line, field}, "CP932として読めない文字があります", "bytes are not valid CP932");
    out.resize(out.size() - out_left);
    return out;
  }

  // Finds the next non-blank record and splits it into raw column views pointing into buf.
  // Quoted fields are given without their quotes, "" still doubled, and marked in `quoted`.
  // Returns false at end of input. Throws for an unterminated quote or text after a closing
  // quote; the reader is then already past the broken record.
  bool split(std::vector<std::string_view>& cols, std::vector<bool>& quoted) {
    for (;;) {
      // Find the end of the record: the first LF outside quotes.
      std::size_t off = 0;  // scan offset relative to pos (pos may move when filling)
      bool in_quotes = false;
      long newlines_in_quotes = 0;
      std::size_t end = std::string::npos;
      for (;;) {
        const char* base = buf.data() + pos;
        std::size_t n = buf.size() - pos;
        while (off < n) {
          char c = base[off];
          if (c == '"') in_quotes = !in_quotes;
          else if (c == '\n') {
            if (!in_quotes) { end = off; break; }
            ++newlines_in_quotes;
          }
          ++off;
        }
        if (end != std::string::npos) break;
        if (!fill()) break;
      }
      const std::size_t n = buf.size() - pos;
      if (n == 0) return false;
      record_line = next_line;
      if (end == std::string::npos) {
        end = n;  // last record without a final newline
        if (in_quotes) {
          pos = buf.size();
          next_line += newlines_in_quotes + 1;
          throw InputError({path, record_line, ""}, "引用符が閉じていません", "unterminated quoted field");
        }
      }
      std::string_view rec(buf.data() + pos, end);
      pos += end < n ? end + 1 : end;
      next_line += newlines_in_quotes + 1;
      if (!rec.empty() && rec.back() == '\r') rec.remove_suffix(1);
      if (rec.empty()) continue;  // blank line

      cols.clear();
      quoted.clear();
      std::size_t i = 0;
      for (;;) {
        std::size_t start = i;
        while (i < rec.size() && (rec[i] == ' ' || rec[i] == '\t')) ++i;
        if (i < rec.size() && rec[i] == '"') {
          std::size_t q = ++i;
          while (i < rec.size()) {
            if (rec[i] == '"') {
              if (i + 1 < rec.size() && rec[i + 1] == '"') { i += 2; continue; }
              break;
            }
            ++i;
          }
          cols.push_back(rec.substr(q, i - q));
          quoted.push_back(true);
          ++i;
          while (i < rec.size() && (rec[i] == ' ' || rec[i] == '\t')) ++i;
          if (i < rec.size() && rec[i] != ',')
            throw InputError({path, record_line, ""}, "引用符の後に余計な文字があります",
                             "characters after a closing quote");
        } else {
          i = start;
          while (i < rec.size() && rec[i] != ',') ++i;
          cols.push_back(rec.substr(start, i - start));
          quoted.push_back(false);
        }
        if (i >= rec.size()) break;
        ++i;  // the comma
        if (i == rec.size()) {  // a trailing comma means a last, empty field
          cols.emplace_back();
          quoted.push_back(false);
          break;
        }
      }
      return true;
    }
  }

  static std::string unescape(std::string_view v) {
    std::string out;
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
      out += v[i];
      if (v[i] == '"' && i + 1 < v.size() && v[i + 1] == '"') ++i;
    }
    return out;
  }
};

ExtractReader::ExtractReader(const std::string& path, const std::vector<std::string>& needed_headers,
                             std::optional<TextEncoding> declared, const std::vector<std::string>& optional_headers)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.path = path;
  ingest::check_input_file(path, path, input_limits().max_extract_bytes, "抽出データのファイル", "extract file");
  m.file = std::fopen(path.c_str(), "rb");
  if (!m.file) throw InputError({path, 0, ""}, "抽出データのファイルを開けません", "cannot open the extract file");
  std::error_code size_error;
  m.unread = std::filesystem::file_size(path, size_error);
  if (size_error) m.unread = kBlock;
  m.buf.reserve(static_cast<std::size_t>(std::min<std::uintmax_t>(kBlock * 2, m.unread + 1)));
  m.fill();
  bool bom = m.buf.size() >= 3 && m.buf.compare(0, 3, "\xEF\xBB\xBF") == 0;
  if (bom) m.pos = 3;
  std::vector<std::string_view> cols;
  std::vector<bool> quoted;
  if (!m.split(cols, quoted))
    throw InputError({path, 1, ""}, "抽出データが空です（見出し行がありません）", "the extract is empty (no header row)");
  std::string header_bytes;
  for (auto c : cols) header_bytes += c;
  TextEncoding encoding =
      declared ? *declared : bom ? TextEncoding::Utf8Bom : valid_utf8(header_bytes) ? TextEncoding::Utf8 : TextEncoding::Cp932;
  if (bom && encoding == TextEncoding::Cp932)
    throw InputError({path, 1, ""}, "UTF-8のBOMがあるのにCP932が指定されています",
                     "the file starts with a UTF-8 BOM but CP932 was specified");
  m.encoding = encoding;

  std::unordered_map<std::string, int> column_of_field;  // normalized header -> column
  for (std::size_t c = 0; c < cols.size(); ++c) {
    std::string name = std::string(trim(m.decode(quoted[c] ? Impl::unescape(cols[c]) : std::string(cols[c]), 1, "")));
    m.headers.push_back(name);
    if (find_extract_field(name) < 0)
      throw InputError({path, 1, name}, "見出しが提供データの項目名（様式第1号 別紙）にありません",
                       "header is not a field of the extract layout (様式第1号 別紙)");
    if (!column_of_field.emplace(normalize_header(name), static_cast<int>(c)).second)
      throw InputError({path, 1, name}, "同じ項目の列が二つあります", "the same field appears twice");
  }
  m.slot_of_column.assign(cols.size(), -1);
  m.needed = needed_headers.size();
  for (std::size_t k = 0; k < needed_headers.size(); ++k) {
    auto it = column_of_field.find(normalize_header(needed_headers[k]));
    const bool optional =
        std::find(optional_headers.begin(), optional_headers.end(), needed_headers[k]) != optional_headers.end();
    m.present.push_back(it != column_of_field.end());
    if (it == column_of_field.end() && optional) continue;
    if (it == column_of_field.end())
      throw InputError({path, 1, needed_headers[k]}, "計画が使う項目の列が抽出データにありません",
                       "a field the plan uses is missing from the extract");
    if (m.slot_of_column[it->second] >= 0)
      throw InputError({path, 1, needed_headers[k]}, "同じ項目が二度指定されています", "field requested twice");
    m.slot_of_column[it->second] = static_cast<int>(k);
  }
  m.scratch.resize(m.needed);
}

ExtractReader::~ExtractReader() = default;

bool ExtractReader::next(std::vector<std::string_view>& values) {
  Impl& m = *impl_;
  std::vector<std::string_view>& cols = m.raw;
  std::vector<bool>& quoted = m.raw_quoted_escape;
  if (!m.split(cols, quoted)) return false;
  ++m.records;
  if (cols.size() != m.headers.size())
    throw InputError({m.path, m.record_line, ""},
                     "列の数が見出しと違います（" + std::to_string(cols.size()) + "列、見出しは" +
                         std::to_string(m.headers.size()) + "列）",
                     "wrong number of columns (" + std::to_string(cols.size()) + ", header has " +
                         std::to_string(m.headers.size()) + ")");
  values.assign(m.needed, std::string_view{});
  for (std::size_t c = 0; c < cols.size(); ++c) {
    int slot = m.slot_of_column[c];
    if (slot < 0) continue;
    std::string_view v = cols[c];
    bool copied = false;
    if (quoted[c] && v.find('"') != std::string_view::npos) {
      m.scratch[slot] = Impl::unescape(v);
      copied = true;
    }
    std::string_view src = copied ? std::string_view(m.scratch[slot]) : v;
    if (!is_ascii(src)) {
      m.scratch[slot] = m.decode(src, m.record_line, m.headers[c]);
      src = m.scratch[slot];
    }
    values[slot] = trim(src);
    if (!is_ascii(values[slot]) && values[slot] != trim_text(values[slot])) {
      m.scratch[slot] = trim_text(values[slot]);  // ideographic spaces at the ends
      values[slot] = m.scratch[slot];
    }
  }
  return true;
}

bool ExtractReader::has_column(std::size_t k) const { return k < impl_->present.size() && impl_->present[k]; }
long ExtractReader::line() const { return impl_->record_line; }
TextEncoding ExtractReader::encoding() const { return impl_->encoding; }
const std::string& ExtractReader::path() const { return impl_->path; }
long long ExtractReader::records_read() const { return impl_->records; }

std::string ExtractReader::sha256_hex() {
  Impl& m = *impl_;
  while (m.fill()) m.pos = m.buf.size();
  return m.hash.hex_digest();
}

}  // namespace hitoku
