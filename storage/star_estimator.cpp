#include "storage/star_estimator.h"

#include <algorithm>

namespace kg::storage {

StarEstimator::StarEstimator(const CharacteristicSets& sets, const std::vector<TermId>& graphs,
                             const std::vector<StarPattern>& star) {
  // The sets of a store are complete when it has them at all: a graph without sets has no
  // subjects.
  if (star.size() > 32) return;
  available_ = true;
  for (TermId g : graphs) {
    const GraphCharacteristicSets* graphSets = sets.graph(g);
    if (!graphSets) continue;
    for (const auto& [key, set] : *graphSets) {
      if (set.subjects == 0) continue;
      Reduced r;
      r.subjects = static_cast<double>(set.subjects);
      r.perSubject.assign(star.size(), 0);
      for (size_t t = 0; t < star.size(); ++t) {
        auto at = std::lower_bound(key.begin(), key.end(), star[t].predicate);
        if (at == key.end() || *at != star[t].predicate) continue;
        r.has |= 1u << t;
        double occurrences = static_cast<double>(set.occurrences[at - key.begin()]);
        r.perSubject[t] = occurrences / r.subjects * star[t].selectivity;
      }
      if (r.has) sets_.push_back(std::move(r));
    }
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
  double total = 0;
  for (const Reduced& r : sets_) {
    if ((r.has & members) != members) continue;
    double rows = r.subjects;
    for (size_t t = 0; t < r.perSubject.size(); ++t) {
      if (members & (1u << t)) rows *= r.perSubject[t];
    }
    total += rows;
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
  double total = 0;
  for (const Reduced& r : sets_) {
    if ((r.has & members) != members) continue;
    double subjects = r.subjects;
    // A subject has a pattern's match with a chance of at most one (its expected matches).
    for (size_t t = 0; t < r.perSubject.size(); ++t) {
      if (members & (1u << t)) subjects *= std::min(1.0, r.perSubject[t]);
    }
    total += subjects;
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
