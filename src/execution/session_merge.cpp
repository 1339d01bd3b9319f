#include "execution/session_merge.h"

#include <algorithm>

namespace spate {

void mergeSessions(std::span<const SessionSpan> sorted, std::vector<MergedSession>& out) {
  if (sorted.empty()) return;
  MergedSession current{0, 1, sorted[0].start, sorted[0].end};
  for (size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i].start <= current.end) {
      current.end = std::max(current.end, sorted[i].end);
      current.last = i + 1;
      continue;
    }
    out.push_back(current);
    current = MergedSession{i, i + 1, sorted[i].start, sorted[i].end};
  }
  out.push_back(current);
}

}  // namespace spate
