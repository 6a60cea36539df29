#include "storage/index_order.h"

namespace kg::storage {

IndexChoice chooseIndex(const QuadIds& pattern) {
  IndexChoice best{IndexOrder::kSPOG, -1};
  for (int i = 0; i < kIndexCount; ++i) {
    const auto& pos = kIndexLayouts[i].positions;
    int prefix = 0;
    while (prefix < 4 && pattern.v[pos[prefix]] != kAny) ++prefix;
    if (prefix > best.boundPrefix) best = {static_cast<IndexOrder>(i), prefix};
  }
  return best;
}

}  // namespace kg::storage
