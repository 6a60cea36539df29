#include "storage/characteristic_sets.h"

#include <algorithm>
#include <set>

namespace kg::storage {
namespace {

std::vector<TermId> predicatesOf(const PredicateProfile& profile) {
  std::vector<TermId> out;
  out.reserve(profile.size());
  for (const auto& [p, n] : profile) out.push_back(p);
  return out;
}

bool includes(const std::vector<TermId>& super, const std::vector<TermId>& sub) {
  return sub.size() <= super.size() && std::includes(super.begin(), super.end(), sub.begin(), sub.end());
}

size_t overlap(const std::vector<TermId>& a, const std::vector<TermId>& b) {
  size_t n = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++n, ++i, ++j;
    }
  }
  return n;
}

// Adds `from` (with predicates `fromKey`) into `into` (predicates `intoKey`, a superset).
void fold(const std::vector<TermId>& fromKey, const CharacteristicSet& from, const std::vector<TermId>& intoKey,
          CharacteristicSet& into) {
  into.subjects += from.subjects;
  into.occurrences.resize(intoKey.size(), 0);
  for (size_t i = 0, j = 0; i < fromKey.size(); ++i) {
    while (intoKey[j] != fromKey[i]) ++j;
    into.occurrences[j] += from.occurrences[i];
  }
}

// The entry with the fewest predicates holding all of `key` (most subjects on a tie), other
// than `key` itself and entries in `skip`.
GraphCharacteristicSets::iterator smallestSuperset(GraphCharacteristicSets& sets, const std::vector<TermId>& key,
                                                   const std::set<std::vector<TermId>>* skip) {
  auto best = sets.end();
  for (auto it = sets.begin(); it != sets.end(); ++it) {
    if (it->first == key || !includes(it->first, key) || (skip && skip->count(it->first))) continue;
    if (best == sets.end() || it->first.size() < best->first.size() ||
        (it->first.size() == best->first.size() && it->second.subjects > best->second.subjects)) {
      best = it;
    }
  }
  return best;
}

}  // namespace

GraphCharacteristicSets& CharacteristicSets::mutableGraph(TermId g) {
  auto& slot = graphs_[g];
  if (!slot) {
    slot = std::make_shared<GraphCharacteristicSets>();
  } else if (slot.use_count() > 1) {
    slot = std::make_shared<GraphCharacteristicSets>(*slot);
  }
  // Sole owner now: the copy (or new map) is this object's own.
  return const_cast<GraphCharacteristicSets&>(*slot);
}

const GraphCharacteristicSets* CharacteristicSets::graph(TermId g) const {
  auto it = graphs_.find(g);
  return it == graphs_.end() ? nullptr : it->second.get();
}

size_t CharacteristicSets::setCount() const {
  size_t n = 0;
  for (const auto& [g, sets] : graphs_) n += sets->size();
  return n;
}

void CharacteristicSets::setGraph(TermId g, GraphCharacteristicSets sets) {
  if (sets.empty()) {
    graphs_.erase(g);
  } else {
    graphs_[g] = std::make_shared<const GraphCharacteristicSets>(std::move(sets));
  }
}

void CharacteristicSets::addSubject(TermId g, const PredicateProfile& profile) {
  if (profile.empty()) return;
  GraphCharacteristicSets& sets = mutableGraph(g);
  CharacteristicSet& set = sets[predicatesOf(profile)];
  set.subjects += 1;
  set.occurrences.resize(profile.size(), 0);
  for (size_t i = 0; i < profile.size(); ++i) set.occurrences[i] += profile[i].second;
}

void CharacteristicSets::removeSubject(TermId g, const PredicateProfile& profile) {
  if (profile.empty() || !graphs_.count(g)) return;
  GraphCharacteristicSets& sets = mutableGraph(g);
  std::vector<TermId> key = predicatesOf(profile);
  auto it = sets.find(key);
  if (it == sets.end()) it = smallestSuperset(sets, key, nullptr);  // merged away
  if (it != sets.end()) {
    CharacteristicSet& set = it->second;
    set.subjects -= std::min<uint64_t>(set.subjects, 1);
    for (size_t i = 0, j = 0; i < profile.size(); ++i) {
      while (it->first[j] != profile[i].first) ++j;
      set.occurrences[j] -= std::min(set.occurrences[j], profile[i].second);
    }
    if (set.subjects == 0) sets.erase(it);
  }
  if (sets.empty()) graphs_.erase(g);
}

void CharacteristicSets::capGraph(TermId g, size_t maxSets) {
  auto found = graphs_.find(g);
  if (found == graphs_.end() || found->second->size() <= maxSets) return;
  GraphCharacteristicSets& sets = mutableGraph(g);
  // The rarest sets go first; a set still waiting to go is never a merge target.
  std::vector<std::pair<uint64_t, std::vector<TermId>>> order;
  order.reserve(sets.size());
  for (const auto& [key, set] : sets) order.push_back({set.subjects, key});
  std::sort(order.begin(), order.end());
  size_t excess = sets.size() - maxSets;
  std::set<std::vector<TermId>> pending;
  for (size_t i = 0; i < excess; ++i) pending.insert(order[i].second);
  for (size_t i = 0; i < order.size() && sets.size() > maxSets; ++i) {
    const std::vector<TermId>& key = order[i].second;
    pending.erase(key);
    auto rare = sets.find(key);
    if (rare == sets.end()) continue;
    auto target = smallestSuperset(sets, key, &pending);
    if (target != sets.end()) {
      fold(key, rare->second, target->first, target->second);
      sets.erase(rare);
      continue;
    }
    // No superset: merge with the set sharing most predicates into their union.
    auto partner = sets.end();
    size_t best = 0;
    for (auto it = sets.begin(); it != sets.end(); ++it) {
      if (it == rare || pending.count(it->first)) continue;
      size_t n = overlap(it->first, key);
      if (partner == sets.end() || n > best || (n == best && it->second.subjects > partner->second.subjects)) {
        partner = it;
        best = n;
      }
    }
    if (partner == sets.end()) break;
    std::vector<TermId> united;
    std::set_union(key.begin(), key.end(), partner->first.begin(), partner->first.end(), std::back_inserter(united));
    CharacteristicSet merged;
    fold(key, rare->second, united, merged);
    fold(partner->first, partner->second, united, merged);
    sets.erase(rare);
    sets.erase(partner);
    CharacteristicSet& into = sets[united];
    fold(united, merged, united, into);
  }
}

std::string CharacteristicSets::encodeKey(TermId g, const std::vector<TermId>& predicates) {
  std::string key(1 + 8 * (predicates.size() + 1), '\0');
  key[0] = 'c';
  putBigEndian64(&key[1], g);
  for (size_t i = 0; i < predicates.size(); ++i) putBigEndian64(&key[9 + 8 * i], predicates[i]);
  return key;
}

std::string CharacteristicSets::encodeValue(const CharacteristicSet& set) {
  std::string value(8 * (set.occurrences.size() + 1), '\0');
  putBigEndian64(&value[0], set.subjects);
  for (size_t i = 0; i < set.occurrences.size(); ++i) putBigEndian64(&value[8 + 8 * i], set.occurrences[i]);
  return value;
}

bool CharacteristicSets::decode(const std::string& key, const std::string& value, TermId* g,
                                std::vector<TermId>* predicates, CharacteristicSet* set) {
  if (key.size() < 17 || key[0] != 'c' || (key.size() - 9) % 8 != 0) return false;
  size_t n = (key.size() - 9) / 8;
  if (value.size() != 8 * (n + 1)) return false;
  *g = getBigEndian64(&key[1]);
  predicates->clear();
  for (size_t i = 0; i < n; ++i) predicates->push_back(getBigEndian64(&key[9 + 8 * i]));
  if (!std::is_sorted(predicates->begin(), predicates->end())) return false;
  set->subjects = getBigEndian64(&value[0]);
  set->occurrences.clear();
  for (size_t i = 0; i < n; ++i) set->occurrences.push_back(getBigEndian64(&value[8 + 8 * i]));
  return true;
}

}  // namespace kg::storage
