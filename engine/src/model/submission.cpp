#include "hitoku/submission.h"

namespace hitoku {

int Submission::find_dimension(const std::string& id) const {
  for (std::size_t i = 0; i < dimensions.size(); ++i)
    if (dimensions[i].id() == id) return static_cast<int>(i);
  return -1;
}

int Submission::find_table(const std::string& id) const {
  for (std::size_t i = 0; i < tables.size(); ++i)
    if (tables[i].id == id) return static_cast<int>(i);
  return -1;
}

}  // namespace hitoku
