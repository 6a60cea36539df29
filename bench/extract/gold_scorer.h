// Scorer for the sample article's gold facts (seed-gold.tsv + seed-aliases.tsv), following the
// "suggested matching rule" of ../shared/eval/extraction/README.md:
//  - same line of article.txt;
//  - the subject resolves through the alias table (case-insensitive, leading article dropped)
//    to the gold subject;
//  - content-word lemma recall of (relation + object) against the gold relation + object
//    >= 0.5 (stopwords dropped; lemmas from a small rule-based lemmatiser, since WordNet is not
//    installed here);
//  - one-to-one greedy matching (highest recall first).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kg::extract::eval {

struct GoldFact {
  std::string subject, relation, object, kind;
  int line = 0;
};

struct SystemFact {
  std::vector<std::string> subjects;  // surface and resolved forms
  std::string relation, object;
  int line = 0;
};

struct GoldScore {
  double precision = 0, recall = 0, f1 = 0;
  size_t matched = 0, gold = 0, system = 0;
  std::map<std::string, std::pair<size_t, size_t>> byKind;  // kind -> (matched, gold)
  std::vector<std::string> log;                              // match details
};

std::vector<GoldFact> parseGold(std::string_view tsv);
// canonical (lower, article-free) -> set of alias keys
std::map<std::string, std::vector<std::string>> parseAliases(std::string_view tsv);

GoldScore scoreGold(const std::vector<GoldFact>& gold,
                    const std::map<std::string, std::vector<std::string>>& aliases,
                    const std::vector<SystemFact>& sys);

std::string lemma(std::string w);
std::vector<std::string> contentLemmas(std::string_view s);

}  // namespace kg::extract::eval
