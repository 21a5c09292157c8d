#pragma once
// One count cell as typed by a researcher: a number (full-width digits and 1,234 accepted) or a
// suppression marker.
#include <cstdint>
#include <string>
#include <vector>

#include "hitoku/model/error.h"

namespace hitoku::ingest {

class SuppressionMarkers {
 public:
  explicit SuppressionMarkers(std::vector<std::string> markers);
  // The marker as configured when `text` is one (compared after width folding: "＊" is "*"), else empty.
  const std::string* match(const std::string& text) const;
  const std::vector<std::string>& list() const { return markers_; }

 private:
  std::vector<std::string> markers_, folded_;
};

// The suppression markers used when neither the manifest nor the policy names any.
const std::vector<std::string>& builtin_markers();

struct CountField {
  bool suppressed = false;
  std::int64_t value = 0;  // when not suppressed
  std::string marker;      // when suppressed
};

// Parses a trimmed field. Throws InputError at `where` for empty, negative, non-integer or too large
// values, and for a marker when markers are not allowed (a true-values source).
CountField parse_count(const std::string& field, const SuppressionMarkers& markers, bool markers_allowed,
                       const SourcePos& where);

}  // namespace hitoku::ingest
