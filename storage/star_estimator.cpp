#include "storage/star_estimator.h"

#include <algorithm>

#include "storage/sets_version_cache.h"

namespace kg::storage {

namespace {

// Reduced sets by version of a graph's sets and the star's predicates.
SetsVersionCache<std::vector<TermId>, StarEstimator::ReducedSets>& reducedCache() {
  static SetsVersionCache<std::vector<TermId>, StarEstimator::ReducedSets> cache;
  return cache;
}

}  // namespace

std::shared_ptr<const StarEstimator::ReducedSets> StarEstimator::reduce(const GraphCharacteristicSets& sets,
                                                                        const std::vector<TermId>& predicates) {
  auto out = std::make_shared<ReducedSets>();
  out->width = predicates.size();
  for (const auto& [key, set] : sets) {
    if (set.subjects == 0) continue;
    // Most sets hold none of the star's predicates: test before building anything.
    uint32_t has = 0;
    for (size_t i = 0; i < predicates.size(); ++i) {
      if (std::binary_search(key.begin(), key.end(), predicates[i])) has |= 1u << i;
    }
    if (!has) continue;
    double subjects = static_cast<double>(set.subjects);
    out->has.push_back(has);
    out->subjects.push_back(subjects);
    for (size_t i = 0; i < predicates.size(); ++i) {
      double perSubject = 0;
      if (has & (1u << i)) {
        auto at = std::lower_bound(key.begin(), key.end(), predicates[i]);
        perSubject = static_cast<double>(set.occurrences[at - key.begin()]) / subjects;
      }
      out->perSubject.push_back(perSubject);
    }
  }
  return out;
}

StarEstimator::StarEstimator(const CharacteristicSets& sets, const std::vector<TermId>& graphs,
                             const std::vector<StarPattern>& star) {
  // The sets of a store are complete when it has them at all: a graph without sets has no
  // subjects.
  if (star.size() > 32) return;
  available_ = true;
  for (const auto& t : star) predicates_.push_back(t.predicate);
  std::sort(predicates_.begin(), predicates_.end());
  predicates_.erase(std::unique(predicates_.begin(), predicates_.end()), predicates_.end());
  for (const auto& t : star) {
    predicateOf_.push_back(std::lower_bound(predicates_.begin(), predicates_.end(), t.predicate) - predicates_.begin());
    selectivity_.push_back(t.selectivity);
  }
  for (TermId g : graphs) {
    auto version = sets.graphs().find(g);
    if (version == sets.graphs().end()) continue;
    auto reduced = reducedCache().find(version->second, predicates_);
    if (!reduced) {
      reduced = reduce(*version->second, predicates_);
      reducedCache().put(version->second, predicates_, reduced);
    }
    graphs_.push_back(std::move(reduced));
  }
}

void StarEstimator::setSample(StarSample sample) {
  if (sample.matches.empty() || sample.anchor >= 32) return;
  sample_ = std::move(sample);
}

double StarEstimator::rows(uint32_t members) const {
  if (sample_ && (members & (1u << sample_->anchor))) {
    double sum = 0;
    for (const auto& m : sample_->matches) {
      double product = 1;
      for (size_t t = 0; t < m.size(); ++t) {
        if (members & (1u << t)) product *= m[t];
      }
      sum += product;
    }
    return sample_->population * sum / static_cast<double>(sample_->matches.size());
  }
  uint32_t need = 0;
  bool repeated = false;  // a predicate twice: its quads per subject count twice
  double selectivity = 1;
  for (size_t t = 0; t < predicateOf_.size(); ++t) {
    if (!(members & (1u << t))) continue;
    repeated = repeated || (need & (1u << predicateOf_[t]));
    need |= 1u << predicateOf_[t];
    selectivity *= selectivity_[t];
  }
  double total = 0;
  for (const auto& reduced : graphs_) {
    if (!repeated) {
      std::lock_guard<std::mutex> lock(reduced->mutex);
      auto it = reduced->rowsOf.find(need);
      if (it != reduced->rowsOf.end()) {
        total += it->second * selectivity;
        continue;
      }
    }
    double sum = 0;
    for (size_t k = 0; k < reduced->has.size(); ++k) {
      if ((reduced->has[k] & need) != need) continue;
      const double* perSubject = &reduced->perSubject[k * reduced->width];
      double rows = reduced->subjects[k];
      for (size_t t = 0; t < predicateOf_.size(); ++t) {
        if (members & (1u << t)) rows *= perSubject[predicateOf_[t]];
      }
      sum += rows;
    }
    if (!repeated) {
      std::lock_guard<std::mutex> lock(reduced->mutex);
      reduced->rowsOf[need] = sum;
    }
    total += sum * selectivity;
  }
  return total;
}

double StarEstimator::subjects(uint32_t members) const {
  if (sample_ && (members & (1u << sample_->anchor))) {
    double hits = 0;
    for (const auto& m : sample_->matches) {
      bool all = true;
      for (size_t t = 0; t < m.size(); ++t) all = all && (!(members & (1u << t)) || m[t] > 0);
      hits += all ? 1 : 0;
    }
    return sample_->population * hits / static_cast<double>(sample_->matches.size());
  }
  uint32_t need = 0;
  for (size_t t = 0; t < predicateOf_.size(); ++t) {
    if (members & (1u << t)) need |= 1u << predicateOf_[t];
  }
  double total = 0;
  for (const auto& reduced : graphs_) {
    for (size_t k = 0; k < reduced->has.size(); ++k) {
      if ((reduced->has[k] & need) != need) continue;
      const double* perSubject = &reduced->perSubject[k * reduced->width];
      double subjects = reduced->subjects[k];
      // A subject has a pattern's match with a chance of at most one (its expected matches).
      for (size_t t = 0; t < predicateOf_.size(); ++t) {
        if (members & (1u << t)) subjects *= std::min(1.0, perSubject[predicateOf_[t]] * selectivity_[t]);
      }
      total += subjects;
    }
  }
  return total;
}

std::optional<double> estimateStar(const CharacteristicSets& sets, const std::vector<TermId>& graphs,
                                   const std::vector<StarPattern>& star) {
  if (star.empty() || star.size() > 32) return std::nullopt;
  StarEstimator estimator(sets, graphs, star);
  if (!estimator.available()) return std::nullopt;
  uint32_t all = star.size() == 32 ? ~0u : (1u << star.size()) - 1;
  return estimator.rows(all);
}

}  // namespace kg::storage
