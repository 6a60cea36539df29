// Counts the planner needs, kept exact on every write and cached in memory per commit.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "storage/characteristic_sets.h"
#include "storage/term_id.h"

namespace kg::storage {

struct PredicateStats {
  uint64_t quads = 0;
  uint64_t distinctSubjects = 0;  // distinct s with (s, p) in the graph
  uint64_t distinctObjects = 0;   // distinct o with (o, p) in the graph
};

// A number no other Statistics object of the process has had, copies included: results derived
// from one state of the data (join plans) are cached under it.
class StatisticsGeneration {
 public:
  StatisticsGeneration() : value_(next()) {}
  StatisticsGeneration(const StatisticsGeneration&) : value_(next()) {}
  StatisticsGeneration& operator=(const StatisticsGeneration&) {
    value_ = next();
    return *this;
  }
  uint64_t value() const { return value_; }

 private:
  static uint64_t next() {
    static std::atomic<uint64_t> counter{0};
    return ++counter;
  }
  uint64_t value_;
};

struct Statistics {
  StatisticsGeneration generation;
  uint64_t quads = 0;
  // Per graph and predicate, exact.
  std::map<std::pair<TermId, TermId>, PredicateStats> graphPredicates;  // (g, p)
  // Per predicate over all graphs: quads exact; distinct counts are the sums of the graphs'
  // (exact when the predicate is used in one graph, an upper bound otherwise).
  std::map<TermId, PredicateStats> predicates;
  std::map<TermId, uint64_t> graphs;  // quads per graph (kDefaultGraph included)
  uint64_t terms = 0;                 // dictionary entries ever allocated
  // Subject stars (storage/characteristic_sets.h); null in a store made before they existed,
  // whose plans then use the counts above alone.
  std::shared_ptr<const CharacteristicSets> characteristicSets;

  // The graph-predicate entry, or null.
  const PredicateStats* find(TermId g, TermId p) const {
    auto it = graphPredicates.find({g, p});
    return it == graphPredicates.end() ? nullptr : &it->second;
  }
  uint64_t graphQuads(TermId g) const {
    auto it = graphs.find(g);
    return it == graphs.end() ? 0 : it->second;
  }
};

}  // namespace kg::storage
