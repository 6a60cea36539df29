// The six quad index orders and how a pattern picks one. Each index is a column family whose
// keys are four big-endian ids in that order, so any combination of bound positions is a key
// prefix of some index: one prefix range scan answers any quad pattern.
#pragma once

#include <array>
#include <cstdint>
#include <string>

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

enum class IndexOrder : int { kSPOG = 0, kPOSG, kOSPG, kGSPO, kGPOS, kGOSP };
inline constexpr int kIndexCount = 6;

// positions[i] = which quad position is stored i-th in the key.
struct IndexLayout {
  const char* name;
  std::array<int, 4> positions;
};

inline constexpr std::array<IndexLayout, kIndexCount> kIndexLayouts = {{
    {"spog", {kS, kP, kO, kG}},
    {"posg", {kP, kO, kS, kG}},
    {"ospg", {kO, kS, kP, kG}},
    {"gspo", {kG, kS, kP, kO}},
    {"gpos", {kG, kP, kO, kS}},
    {"gosp", {kG, kO, kS, kP}},
}};

inline const IndexLayout& layoutOf(IndexOrder order) {
  return kIndexLayouts[static_cast<int>(order)];
}

// The 32-byte key of a quad in an index.
inline std::string encodeIndexKey(IndexOrder order, const QuadIds& quad) {
  std::string key(32, '\0');
  const auto& pos = layoutOf(order).positions;
  for (int i = 0; i < 4; ++i) putBigEndian64(&key[8 * i], quad.v[pos[i]]);
  return key;
}

inline void encodeIndexKey(IndexOrder order, const QuadIds& quad, char* out) {
  const auto& pos = layoutOf(order).positions;
  for (int i = 0; i < 4; ++i) putBigEndian64(out + 8 * i, quad.v[pos[i]]);
}

inline QuadIds decodeIndexKey(IndexOrder order, const char* key) {
  QuadIds quad;
  const auto& pos = layoutOf(order).positions;
  for (int i = 0; i < 4; ++i) quad.v[pos[i]] = getBigEndian64(key + 8 * i);
  return quad;
}

// The index whose key prefix covers the bound positions of a pattern (kAny = unbound),
// and the length of that prefix in positions.
struct IndexChoice {
  IndexOrder order;
  int boundPrefix;
};
IndexChoice chooseIndex(const QuadIds& pattern);

}  // namespace kg::storage
