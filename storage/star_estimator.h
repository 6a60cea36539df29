// Row estimates for subject stars: triple patterns sharing one variable subject, each with a
// constant predicate. From the characteristic sets (storage/characteristic_sets.h) of the
// graphs read, and, for the sub-stars holding a pattern with a constant object, from a sample
// of that pattern's subjects: the sets know which predicates go together, not which objects.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <optional>
#include <vector>

#include "storage/characteristic_sets.h"

namespace kg::storage {

// One pattern of a star: its predicate and the share of that predicate's quads it keeps (1
// for a variable object; matches / quads of the predicate for a constant object).
struct StarPattern {
  TermId predicate = 0;
  double selectivity = 1;
};

// Subjects drawn from the matches of one pattern of a star (the anchor), with each one's
// number of matches of every pattern of the star.
struct StarSample {
  size_t anchor = 0;
  double population = 0;  // subjects matching the anchor
  std::vector<std::vector<double>> matches;  // per sampled subject, per star pattern
};

// Estimates for the sub-stars of one star (up to 32 patterns), as a join search asks for
// them: the sets of the graphs holding any of the star's predicates are reduced once to
// their subjects and quads per subject of each of the star's predicates.
class StarEstimator {
 public:
  StarEstimator(const CharacteristicSets& sets, const std::vector<TermId>& graphs,
                const std::vector<StarPattern>& star);
  // False past 32 patterns: no estimate.
  bool available() const { return available_; }
  // Sub-stars holding the sample's anchor are estimated from the sample from now on.
  void setSample(StarSample sample);
  // Rows of the sub-star of the patterns whose bits are set in `members`.
  double rows(uint32_t members) const;
  // Distinct subjects of that sub-star.
  double subjects(uint32_t members) const;

  // The sets holding some of the star's predicates, flat: per set, which of the star's
  // distinct predicates it holds, its subjects and its quads per subject of each (0 when
  // absent). The same for every star over these predicates: cached.
  struct ReducedSets {
    size_t width = 0;  // distinct predicates of the star
    std::vector<uint32_t> has;
    std::vector<double> subjects;
    std::vector<double> perSubject;  // width per set
    // By a set of those predicates (bits), each once: the sum over the sets holding them of
    // subjects times quads per subject of each. Filled as asked, shared by later queries.
    mutable std::mutex mutex;
    mutable std::unordered_map<uint32_t, double> rowsOf;
  };

 private:
  static std::shared_ptr<const ReducedSets> reduce(const GraphCharacteristicSets& sets,
                                                   const std::vector<TermId>& predicates);

  bool available_ = false;
  std::vector<TermId> predicates_;       // the star's distinct predicates, sorted
  std::vector<size_t> predicateOf_;      // per star pattern: its index into predicates_
  std::vector<double> selectivity_;      // per star pattern
  std::vector<std::shared_ptr<const ReducedSets>> graphs_;  // per graph read
  std::optional<StarSample> sample_;
};

// The rows of a whole star over the given graphs (nullopt past 32 patterns).
std::optional<double> estimateStar(const CharacteristicSets& sets, const std::vector<TermId>& graphs,
                                   const std::vector<StarPattern>& star);

}  // namespace kg::storage
