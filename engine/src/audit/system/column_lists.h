#pragma once
// Per index (a column, an inner cell), a list of items stored one after another (internal to the
// audit): a vector per index cost an allocation each, 1.4-1.9 million at all-Japan scale.
#include <cstdint>
#include <span>
#include <vector>

namespace hitoku::audit {

template <class T>
struct ColumnLists {
  std::vector<std::int64_t> start;  // per index, and one past the last
  std::vector<T> items;
  std::span<const T> operator[](std::size_t c) const {
    return {items.data() + start[c], items.data() + start[c + 1]};
  }
};

// Counting sort of (index, item) pairs into per-index lists, each list in the order emitted.
// `each(emit)` calls emit(index, item) for every pair; it is called twice (to count, to place) and
// must emit the same pairs in the same order both times.
template <class T, class Each>
ColumnLists<T> column_lists(std::size_t n, Each each) {
  ColumnLists<T> out;
  out.start.assign(n + 1, 0);
  each([&](auto c, const T&) { ++out.start[static_cast<std::size_t>(c) + 1]; });
  for (std::size_t c = 0; c < n; ++c) out.start[c + 1] += out.start[c];
  out.items.resize(static_cast<std::size_t>(out.start[n]));
  std::vector<std::int64_t> next(out.start.begin(), out.start.end() - 1);
  each([&](auto c, const T& item) { out.items[static_cast<std::size_t>(next[static_cast<std::size_t>(c)]++)] = item; });
  return out;
}

}  // namespace hitoku::audit
