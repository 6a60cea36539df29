// Internal to storage/: the column families of a store and the encodings of their keys and
// values (meta counters, statistics, delta entries).
#pragma once

#include <rocksdb/slice.h>
#include <rocksdb/status.h>

#include <string>
#include <vector>

#include "kg/error.h"
#include "storage/index_order.h"
#include "storage/statistics.h"

namespace kg::storage::layout {

// Column families, in handle order.
enum ColumnFamily : int {
  kCfDefault = 0,
  kCfId2Term,
  kCfTerm2Id,
  kCfIndexFirst,  // the six index orders follow, in IndexOrder order
  kCfDelta = kCfIndexFirst + kIndexCount,
  kCfStats,
  kCfMeta,
  kCfText,  // the full-text index (storage/text/text_layout.h)
  kCfCount
};

std::vector<std::string> columnFamilyNames();

inline constexpr const char* kMetaFormat = "format";
inline constexpr const char* kMetaNextSequence = "next_sequence";
inline constexpr const char* kMetaNextLoad = "next_load";
// "prefix:" + name -> namespace IRI: the prefixes declared by loaded files (sorts after the
// counters, which matters where meta entries are written in key order).
inline constexpr const char* kMetaPrefix = "prefix:";

// Delta entries: key = the quad's GSPO block key, value = one of these.
inline constexpr char kDeltaInserted = 'I';
inline constexpr char kDeltaDeleted = 'D';

std::string encodeU64(uint64_t v);
uint64_t decodeU64(const rocksdb::Slice& s);
inline std::string idKey(TermId id) { return encodeU64(id); }

// Statistics entries: "t" total quads, "g"+g quads per graph, "p"+g+p per graph-predicate,
// "c" (the store keeps characteristic sets) and "c"+g+predicates per characteristic set
// (storage/characteristic_sets.h).
std::string statsTotalKey();
inline constexpr const char* kStatsCharacteristicSets = "c";
inline constexpr const char* kCharacteristicSetsVersion = "1";
std::string statsGraphKey(TermId g);
std::string statsGraphPredicateKey(TermId g, TermId p);
std::string encodePredicateStats(const PredicateStats& st);

[[noreturn]] void throwStatus(const rocksdb::Status& status, const std::string& what);
inline void check(const rocksdb::Status& status, const char* what) {
  if (!status.ok()) throwStatus(status, what);
}

}  // namespace kg::storage::layout
