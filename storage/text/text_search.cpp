#include "storage/text/text_search.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "storage/text/tokenizer.h"

namespace kg::storage::text {
namespace {

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;
// Past this many words under one prefix, estimates extrapolate instead of reading on.
constexpr size_t kEstimateScanLimit = 2000;

// One unit's postings, merged over the words it stands for, in literal id order.
using Postings = std::vector<Posting>;

void collect(const TextSource& source, const std::string& begin, const std::string& end, Postings& out) {
  source.scan(begin, end, [&](std::string_view key, std::string_view value) {
    std::string_view word, stemmer;
    Posting p;
    if (parsePostingKey(key, &word, &stemmer, &p.literal) && decodePosting(value, &p)) {
      out.push_back(std::move(p));
    }
    return true;
  });
}

// Sorts by literal and merges one literal's entries (a literal holding several words of a
// stem or prefix) into one with all positions.
void normalize(Postings& postings) {
  std::sort(postings.begin(), postings.end(),
            [](const Posting& a, const Posting& b) { return a.literal < b.literal; });
  size_t out = 0;
  for (size_t i = 0; i < postings.size(); ++i) {
    if (out > 0 && postings[out - 1].literal == postings[i].literal) {
      auto& into = postings[out - 1].positions;
      into.insert(into.end(), postings[i].positions.begin(), postings[i].positions.end());
      std::sort(into.begin(), into.end());
    } else {
      if (out != i) postings[out] = std::move(postings[i]);
      ++out;
    }
  }
  postings.resize(out);
}

// The words of the index that a unit stands for, per stemmer: (word, stemmer) pairs.
std::vector<std::pair<std::string, std::string>> expand(const TextSource& source, const TextUnit& unit,
                                                        const std::vector<std::string>& stemmers,
                                                        std::vector<uint64_t>* counts = nullptr) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& stemmer : stemmers) {
    std::string begin = stemRangeBegin(stemmer, stem(stemmer, unit.word));
    source.scan(begin, prefixEnd(begin), [&](std::string_view key, std::string_view value) {
      out.emplace_back(std::string(key.substr(begin.size())), stemmer);
      if (counts) counts->push_back(decodeCount(value));
      return true;
    });
  }
  return out;
}

Postings unitPostings(const TextSource& source, const TextUnit& unit, const std::vector<std::string>& stemmers) {
  Postings postings;
  if (unit.prefix) {
    collect(source, std::string(1, kPostingTag) + unit.word, postingPrefixEnd(unit.word), postings);
  } else {
    for (const auto& [word, stemmer] : expand(source, unit, stemmers)) {
      std::string begin = postingStemmerBegin(word, stemmer);
      collect(source, begin, prefixEnd(begin), postings);
    }
  }
  normalize(postings);
  return postings;
}

// Literals where the phrase occurs, with the number of occurrences as positions (their starts).
Postings phrasePostings(const std::vector<Postings>& units) {
  Postings out;
  std::vector<size_t> at(units.size(), 0);
  const Postings& first = units[0];
  for (const Posting& candidate : first) {
    bool everywhere = true;
    std::vector<const Posting*> rows{&candidate};
    for (size_t k = 1; k < units.size() && everywhere; ++k) {
      const Postings& u = units[k];
      auto it = std::lower_bound(u.begin() + at[k], u.end(), candidate.literal,
                                 [](const Posting& p, TermId id) { return p.literal < id; });
      at[k] = it - u.begin();
      everywhere = it != u.end() && it->literal == candidate.literal;
      if (everywhere) rows.push_back(&*it);
    }
    if (!everywhere) continue;
    Posting hit;
    hit.literal = candidate.literal;
    hit.length = candidate.length;
    for (uint32_t start : candidate.positions) {
      bool all = true;
      for (size_t k = 1; k < rows.size() && all; ++k) {
        all = std::binary_search(rows[k]->positions.begin(), rows[k]->positions.end(), start + static_cast<uint32_t>(k));
      }
      if (all) hit.positions.push_back(start);
    }
    if (!hit.positions.empty()) out.push_back(std::move(hit));
  }
  return out;
}

double bm25(double idf, size_t tf, uint32_t length, double averageLength) {
  double norm = kK1 * (1 - kB + kB * (averageLength > 0 ? length / averageLength : 1));
  return idf * (tf * (kK1 + 1)) / (tf + norm);
}

double idfOf(uint64_t n, size_t df) {
  return std::log(1 + (static_cast<double>(n) - df + 0.5) / (df + 0.5));
}

}  // namespace

TextTotals readTotals(const TextSource& source) {
  TextTotals totals;
  if (auto n = source.get(kLiteralCountKey)) totals.literals = decodeCount(*n);
  if (auto t = source.get(kWordCountKey)) totals.words = decodeCount(*t);
  return totals;
}

TextConfig readConfig(const TextSource& source) {
  auto bytes = source.get(kConfigKey);
  return bytes ? TextConfig::decode(*bytes) : TextConfig{};
}

std::vector<std::string> readStemmers(const TextSource& source) {
  std::vector<std::string> stemmers;
  std::string from(1, kStemTag);
  const std::string end(1, static_cast<char>(kStemTag + 1));
  while (true) {
    std::optional<std::string> found;
    source.scan(from, end, [&](std::string_view key, std::string_view) {
      found = std::string(key.substr(1, key.find('\0') - 1));
      return false;
    });
    if (!found) break;
    stemmers.push_back(*found);
    from = std::string(1, kStemTag) + *found + '\x01';
  }
  return stemmers;
}

std::vector<TextHit> searchText(const TextSource& source, const TextQuery& query) {
  std::vector<std::string> stemmers = readStemmers(source);
  TextTotals totals = readTotals(source);
  double averageLength = totals.literals ? static_cast<double>(totals.words) / totals.literals : 0;

  // Per clause: the literals it matches with their score contributions.
  struct ClauseHits {
    std::unordered_map<TermId, double> scores;
    bool excluded = false;
  };
  std::vector<ClauseHits> clauses;
  for (const auto& clause : query.clauses) {
    ClauseHits hits;
    hits.excluded = clause.excluded;
    for (const auto& alt : clause.alternatives) {
      std::vector<Postings> units;
      for (const auto& unit : alt.units) {
        units.push_back(unitPostings(source, unit, stemmers));
        if (units.back().empty()) break;
      }
      if (units.size() < alt.units.size() || units.back().empty()) continue;
      Postings matched = alt.isPhrase() ? phrasePostings(units) : std::move(units[0]);
      double idf = idfOf(totals.literals, matched.size());
      for (const Posting& p : matched) {
        hits.scores[p.literal] += bm25(idf, p.positions.size(), p.length, averageLength);
      }
    }
    clauses.push_back(std::move(hits));
  }
  // Start from the smallest clause that must match.
  const ClauseHits* smallest = nullptr;
  for (const auto& c : clauses) {
    if (!c.excluded && (!smallest || c.scores.size() < smallest->scores.size())) smallest = &c;
  }
  std::vector<TextHit> out;
  if (!smallest) return out;
  for (const auto& [literal, score] : smallest->scores) {
    double total = 0;
    bool ok = true;
    for (const auto& c : clauses) {
      auto found = c.scores.find(literal);
      if (c.excluded ? found != c.scores.end() : found == c.scores.end()) {
        ok = false;
        break;
      }
      if (!c.excluded) total += found->second;
    }
    if (ok) out.push_back({literal, total});
  }
  std::sort(out.begin(), out.end(), [](const TextHit& a, const TextHit& b) { return a.literal < b.literal; });
  return out;
}

std::vector<TextHit> topHits(std::vector<TextHit> hits, size_t k) {
  auto better = [](const TextHit& a, const TextHit& b) {
    return a.score != b.score ? a.score > b.score : a.literal < b.literal;
  };
  if (hits.size() > k) {
    std::partial_sort(hits.begin(), hits.begin() + k, hits.end(), better);
    hits.resize(k);
  } else {
    std::sort(hits.begin(), hits.end(), better);
  }
  return hits;
}

double estimateMatches(const TextSource& source, const TextQuery& query) {
  std::vector<std::string> stemmers = readStemmers(source);
  double literals = static_cast<double>(readTotals(source).literals);
  auto unitEstimate = [&](const TextUnit& unit) {
    double n = 0;
    if (unit.prefix) {
      std::string begin = std::string(1, kFrequencyTag) + unit.word;
      size_t seen = 0;
      source.scan(begin, prefixEnd(begin), [&](std::string_view, std::string_view value) {
        n += static_cast<double>(decodeCount(value));
        return ++seen < kEstimateScanLimit;
      });
      if (seen >= kEstimateScanLimit) n *= 2;  // more words than read: a guess past them
    } else {
      std::vector<uint64_t> counts;
      expand(source, unit, stemmers, &counts);
      for (uint64_t c : counts) n += static_cast<double>(c);
    }
    return std::min(n, literals);
  };
  double best = literals;
  for (const auto& clause : query.clauses) {
    if (clause.excluded) continue;
    double clauseRows = 0;
    for (const auto& alt : clause.alternatives) {
      double rows = literals;
      for (const auto& unit : alt.units) rows = std::min(rows, unitEstimate(unit));
      // Words of a phrase rarely all stand next to each other where they all occur.
      if (alt.isPhrase()) rows *= 0.5;
      clauseRows += rows;
    }
    best = std::min(best, clauseRows);
  }
  return best;
}

bool isIndexed(const TextSource& source, TermId literal, std::string_view text, std::string_view language) {
  std::vector<std::string> words = tokenize(text);
  if (words.empty()) return false;
  return source.get(postingKey(words[0], stemmerFor(language), literal)).has_value();
}

std::vector<std::string> labelSuffixes(std::string_view label, size_t* wordCount) {
  constexpr size_t kMaxStarts = 8;
  std::vector<std::string> words = tokenize(label);
  *wordCount = words.size();
  std::vector<std::string> out;
  for (size_t start = 0; start < words.size() && start < kMaxStarts; ++start) {
    std::string suffix;
    for (size_t i = start; i < words.size(); ++i) {
      if (i > start) suffix += ' ';
      suffix += words[i];
    }
    out.push_back(std::move(suffix));
  }
  return out;
}

std::vector<LabelMatch> lookupLabels(const TextSource& source, std::string_view prefix, size_t limit) {
  constexpr size_t kMaxCandidates = 20000;
  size_t ignored = 0;
  std::vector<std::string> folded = labelSuffixes(prefix, &ignored);
  std::vector<LabelMatch> out;
  if (folded.empty() || limit == 0) return out;
  std::string begin = std::string(1, kLabelTag) + folded[0];
  struct Candidate {
    bool whole;
    uint64_t words;
    std::string suffix;
    LabelMatch match;
  };
  std::vector<Candidate> candidates;
  source.scan(begin, prefixEnd(begin), [&](std::string_view key, std::string_view value) {
    if (key.size() < 18 || value.size() < 2) return true;
    Candidate c;
    c.whole = value[0] == '1';
    c.words = static_cast<unsigned char>(value[1]);
    c.suffix = std::string(key.substr(1, key.size() - 18));
    c.match.label = getBigEndian64(key.data() + key.size() - 16);
    c.match.entity = getBigEndian64(key.data() + key.size() - 8);
    candidates.push_back(std::move(c));
    return candidates.size() < kMaxCandidates;
  });
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.whole != b.whole) return a.whole;
    if (a.words != b.words) return a.words < b.words;
    if (a.suffix != b.suffix) return a.suffix < b.suffix;
    return a.match.entity < b.match.entity;
  });
  std::vector<TermId> seen;
  for (const auto& c : candidates) {
    if (std::find(seen.begin(), seen.end(), c.match.entity) != seen.end()) continue;
    seen.push_back(c.match.entity);
    out.push_back(c.match);
    if (out.size() >= limit) break;
  }
  return out;
}

}  // namespace kg::storage::text
