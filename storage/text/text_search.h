// Searches over the full-text index (storage/text/text_layout.h): the literals matching a
// search with their BM25 scores, cardinality estimates for the planner, and entity lookup
// by label prefix. Reads through TextSource, a consistent view of the "text" column family.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/term_id.h"
#include "storage/text/text_layout.h"
#include "storage/text/text_query.h"

namespace kg::storage::text {

// Read access to the text column family at one snapshot.
class TextSource {
 public:
  virtual ~TextSource() = default;
  // Calls `visit` on every entry with begin <= key < end in key order until it returns false.
  virtual void scan(std::string_view begin, std::string_view end,
                    const std::function<bool(std::string_view key, std::string_view value)>& visit) const = 0;
  virtual std::optional<std::string> get(std::string_view key) const = 0;
};

struct TextHit {
  TermId literal = 0;
  double score = 0;  // BM25 (k1 = 1.2, b = 0.75)
};

struct TextTotals {
  uint64_t literals = 0, words = 0;
};
TextTotals readTotals(const TextSource& source);
TextConfig readConfig(const TextSource& source);
// The stemmers of the indexed literals' languages ("" = no stemming).
std::vector<std::string> readStemmers(const TextSource& source);

// Every indexed literal matching the search, in literal id order.
std::vector<TextHit> searchText(const TextSource& source, const TextQuery& query);
// The k best by score (ties by literal id), best first.
std::vector<TextHit> topHits(std::vector<TextHit> hits, size_t k);

// An estimate of the number of matching literals, from the word counts (no posting lists).
double estimateMatches(const TextSource& source, const TextQuery& query);

// Whether the literal is in the index (has at least one posting): a literal bound by the rest
// of a query matches only if it is indexed.
bool isIndexed(const TextSource& source, TermId literal, std::string_view text, std::string_view language);

struct LabelMatch {
  TermId entity = 0, label = 0;
};
// Entities whose rdfs:label or kg:alias has a word sequence starting with `prefix` (folded the
// same way as text): labels starting with it first, then shorter labels, at most `limit`.
std::vector<LabelMatch> lookupLabels(const TextSource& source, std::string_view prefix, size_t limit);
// The folded suffixes of a label at its first word starts (the keys lookupLabels reads),
// with the number of words of the label.
std::vector<std::string> labelSuffixes(std::string_view label, size_t* words);

}  // namespace kg::storage::text
