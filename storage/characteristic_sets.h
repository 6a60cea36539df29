// Characteristic sets (Neumann & Moerkotte, ICDE 2011): per graph, the distinct sets of
// predicates that subjects have, each with its number of subjects and, per predicate, its
// number of quads. They estimate subject stars (`?x :p ?a . ?x :q ?b`, storage/star_estimator.h)
// without assuming the predicates independent: the subjects having all of a star's predicates
// are counted, not multiplied from per-predicate averages.
//
// Kept exact on every write except for one bound: a graph keeps at most kMaxSetsPerGraph
// sets; past it, the rarest set is merged into the smallest kept superset, or else into its
// union with the kept set it overlaps most. A merged entry thus always holds a superset of
// every subject's predicates it stands for, so an estimate of zero stays exact, and a merged
// subject is found again (on its removal) as the smallest entry covering its predicates.
// Estimates only steer plans: a stale or merged set changes costs, never results.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "storage/term_id.h"

namespace kg::storage {

// One subject's predicates with its number of quads for each, sorted by predicate.
using PredicateProfile = std::vector<std::pair<TermId, uint64_t>>;

struct CharacteristicSet {
  uint64_t subjects = 0;
  std::vector<uint64_t> occurrences;  // quads per predicate of the set (same order as the key)
};

// The sets of one graph, keyed by their sorted predicates.
using GraphCharacteristicSets = std::map<std::vector<TermId>, CharacteristicSet>;

class CharacteristicSets {
 public:
  static constexpr size_t kMaxSetsPerGraph = 4096;

  // A subject of graph g with this profile comes (add) or goes (remove); a change of a
  // subject's quads is the removal of its old profile and the addition of the new one.
  void addSubject(TermId g, const PredicateProfile& profile);
  void removeSubject(TermId g, const PredicateProfile& profile);
  // Merges the rarest sets of g until at most `maxSets` remain.
  void capGraph(TermId g, size_t maxSets = kMaxSetsPerGraph);

  const GraphCharacteristicSets* graph(TermId g) const;
  const std::map<TermId, std::shared_ptr<const GraphCharacteristicSets>>& graphs() const { return graphs_; }
  size_t setCount() const;
  // Replaces a graph's sets wholesale (loading the store; tests).
  void setGraph(TermId g, GraphCharacteristicSets sets);

  // Storage: key "c" + g + predicates (8 bytes big-endian each), value subjects + occurrences.
  static std::string encodeKey(TermId g, const std::vector<TermId>& predicates);
  static std::string encodeValue(const CharacteristicSet& set);
  // False when the key or value is malformed.
  static bool decode(const std::string& key, const std::string& value, TermId* g, std::vector<TermId>* predicates,
                     CharacteristicSet* set);

 private:
  GraphCharacteristicSets& mutableGraph(TermId g);
  // Copy-on-write per graph: statistics are copied per commit, most graphs are not touched.
  std::map<TermId, std::shared_ptr<const GraphCharacteristicSets>> graphs_;
};

// The stats column family entries that changed between two versions of a graph's sets, in
// key order: put(key, value) for new or changed sets, del(key) for sets gone.
template <typename Put, typename Del>
void diffCharacteristicSets(TermId g, const GraphCharacteristicSets* before, const GraphCharacteristicSets* after,
                            Put put, Del del) {
  static const GraphCharacteristicSets kNone;
  const GraphCharacteristicSets& a = before ? *before : kNone;
  const GraphCharacteristicSets& b = after ? *after : kNone;
  auto i = a.begin();
  auto j = b.begin();
  while (i != a.end() || j != b.end()) {
    if (j == b.end() || (i != a.end() && i->first < j->first)) {
      del(CharacteristicSets::encodeKey(g, i->first));
      ++i;
    } else if (i == a.end() || j->first < i->first) {
      put(CharacteristicSets::encodeKey(g, j->first), CharacteristicSets::encodeValue(j->second));
      ++j;
    } else {
      if (i->second.subjects != j->second.subjects || i->second.occurrences != j->second.occurrences) {
        put(CharacteristicSets::encodeKey(g, j->first), CharacteristicSets::encodeValue(j->second));
      }
      ++i;
      ++j;
    }
  }
}

}  // namespace kg::storage
