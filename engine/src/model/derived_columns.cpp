#include "hitoku/model/derived_columns.h"

namespace hitoku {

const char* to_string(DerivedKind k) {
  switch (k) {
    case DerivedKind::Rate: return "rate";
    case DerivedKind::Percent: return "percent";
    case DerivedKind::StandardisedRate: return "standardised_rate";
  }
  return "rate";
}

const char* to_string(DerivedRounding r) {
  switch (r) {
    case DerivedRounding::HalfUp: return "half_up";
    case DerivedRounding::HalfEven: return "half_even";
    case DerivedRounding::Down: return "down";
  }
  return "half_up";
}

}  // namespace hitoku
