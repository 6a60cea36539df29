// BenchIE (English) fact-synset scorer, slot-exact match, written from the rule in
// ../shared/eval/extraction/benchie/README.md (no BenchIE code is used).
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace kg::extract::eval {

using Triple = std::tuple<std::string, std::string, std::string>;

struct BenchieGold {
  // sent_id -> sentence
  std::map<int, std::string> sentences;
  // sent_id -> clusters, each a set of expanded triples
  std::map<int, std::vector<std::set<Triple>>> clusters;
};

BenchieGold parseBenchie(std::string_view text);

struct BenchieScore {
  double precision = 0, recall = 0, f1 = 0;
  size_t tp = 0, fp = 0, clusters = 0;
};

// system: (sent_id, subj, rel, obj)
BenchieScore scoreBenchie(const BenchieGold& gold,
                          const std::vector<std::pair<int, Triple>>& system);

}  // namespace kg::extract::eval
