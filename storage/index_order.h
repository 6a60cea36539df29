// The six index orders. Every order starts with the graph, followed by one of the six
// permutations of subject, predicate and object (as QLever keeps all six per dataset): any
// combination of bound positions is a key prefix of some order within a graph, and a scan can
// come sorted on whichever free variable a merge join needs. The default graph is graph 0.
// Each order's rows live in blocks (storage/block_codec.h) keyed by their last row.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "storage/block_codec.h"
#include "storage/term_id.h"

namespace kg::storage {

// Positions in a quad in "natural" order.
enum Position : int { kS = 0, kP = 1, kO = 2, kG = 3 };

struct QuadIds {
  std::array<TermId, 4> v{};  // subject, predicate, object, graph
  TermId s() const { return v[kS]; }
  TermId p() const { return v[kP]; }
  TermId o() const { return v[kO]; }
  TermId g() const { return v[kG]; }
  friend bool operator==(const QuadIds& a, const QuadIds& b) { return a.v == b.v; }
  friend bool operator<(const QuadIds& a, const QuadIds& b) { return a.v < b.v; }
};

enum class IndexOrder : int { kGSPO = 0, kGSOP, kGPSO, kGPOS, kGOSP, kGOPS };
inline constexpr int kIndexCount = 6;

// positions[i] = which quad position is stored i-th in the key.
struct IndexLayout {
  const char* name;
  std::array<int, 4> positions;
};

inline constexpr std::array<IndexLayout, kIndexCount> kIndexLayouts = {{
    {"gspo", {kG, kS, kP, kO}},
    {"gsop", {kG, kS, kO, kP}},
    {"gpso", {kG, kP, kS, kO}},
    {"gpos", {kG, kP, kO, kS}},
    {"gosp", {kG, kO, kS, kP}},
    {"gops", {kG, kO, kP, kS}},
}};

inline const IndexLayout& layoutOf(IndexOrder order) {
  return kIndexLayouts[static_cast<int>(order)];
}

// A quad as a row of an index order, and back.
inline IndexRow toRow(IndexOrder order, const QuadIds& quad) {
  const auto& pos = layoutOf(order).positions;
  return {quad.v[pos[0]], quad.v[pos[1]], quad.v[pos[2]], quad.v[pos[3]]};
}
inline QuadIds fromRow(IndexOrder order, const IndexRow& row) {
  QuadIds quad;
  const auto& pos = layoutOf(order).positions;
  for (int i = 0; i < 4; ++i) quad.v[pos[i]] = row[i];
  return quad;
}

// Number of leading positions of `order` that the pattern binds (kAny = unbound).
int boundPrefix(IndexOrder order, const QuadIds& pattern);

// The index whose key prefix covers the bound positions of a pattern (kAny = unbound), and
// the length of that prefix in positions. With the graph unbound no order covers anything;
// the store then scans graph by graph.
struct IndexChoice {
  IndexOrder order;
  int boundPrefix;
};
IndexChoice chooseIndex(const QuadIds& pattern);

}  // namespace kg::storage
