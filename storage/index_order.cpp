#include "storage/index_order.h"

namespace kg::storage {

int boundPrefix(IndexOrder order, const QuadIds& pattern) {
  const auto& pos = layoutOf(order).positions;
  int prefix = 0;
  while (prefix < 4 && pattern.v[pos[prefix]] != kAny) ++prefix;
  return prefix;
}

IndexChoice chooseIndex(const QuadIds& pattern) {
  // Compare the bound positions after the graph, so that an unbound graph (scanned graph by
  // graph) still picks the order that covers the rest. Ties go to the orders that keep the
  // later positions in s-p-o rotation (gspo, gpos, gosp).
  static constexpr IndexOrder kPreference[kIndexCount] = {
      IndexOrder::kGSPO, IndexOrder::kGPOS, IndexOrder::kGOSP,
      IndexOrder::kGSOP, IndexOrder::kGPSO, IndexOrder::kGOPS};
  QuadIds withGraph = pattern;
  withGraph.v[kG] = 0;
  IndexChoice best{IndexOrder::kGSPO, -1};
  for (IndexOrder order : kPreference) {
    int prefix = boundPrefix(order, withGraph);
    if (prefix > best.boundPrefix) best = {order, prefix};
  }
  if (pattern.v[kG] == kAny) best.boundPrefix = 0;
  return best;
}

}  // namespace kg::storage
