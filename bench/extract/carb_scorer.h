// Our implementation of the CaRB scoring rule (default matcher), written from the rule in
// ../shared/eval/extraction/README.md and the CaRB paper; no CaRB code is used.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace kg::extract::eval {

struct CarbScore {
  double auc = 0, precision = 0, recall = 0, f1 = 0, threshold = 0;
  size_t goldSentences = 0, goldTuples = 0, systemTuples = 0, matchedSentences = 0;
};

// gold: "sentence \t rel \t arg1 \t arg2 ..." lines; system: "sentence \t conf \t rel \t arg1 ...".
CarbScore scoreCarb(std::string_view goldText, std::string_view systemText);

// The sentence key CaRB joins gold and system on.
std::string carbKey(std::string_view sentence);

// Reads a whole file; returns false when it cannot be read.
bool readFile(const std::string& path, std::string& out);

}  // namespace kg::extract::eval
