// Internal to storage/: one commit's changes to the full-text index. The commit says which
// literals enter or leave the index and which labels are added or removed; this turns them
// into posting writes and word counts, written with the commit's other changes (its
// WriteBatch or its SST files), so the index never disagrees with the data. Only what changed
// is written: postings of other literals are never read or rewritten.
#pragma once

#include <unordered_map>
#include <memory>
#include <string>
#include <vector>

#include "kg/term.h"
#include "storage/sorted_runs.h"
#include "storage/text/posting_buffer.h"
#include "storage/term_id.h"
#include "storage/text/text_search.h"

namespace kg::storage::text {

// Whether the full-text index takes a literal: strings and language-tagged strings.
bool isTextLiteral(const Term& term);

class TextIndexWriter {
 public:
  // `before`: the index as it was (for the counters). Entries past `memoryBudget` spill to
  // sorted runs in `scratchDir`.
  TextIndexWriter(const TextSource& before, std::string scratchDir, size_t memoryBudget = size_t{64} << 20);

  void indexLiteral(TermId id, const Term& literal);
  void unindexLiteral(TermId id, const Term& literal);
  void addLabel(TermId entity, TermId label, const Term& literal);
  void removeLabel(TermId entity, TermId label, const Term& literal);
  // Removes an existing key (rebuilds drop what they do not write again).
  void eraseKey(std::string key) { runs_.del(std::move(key)); }
  void setConfig(const TextConfig& config) { runs_.put(kConfigKey, config.encode()); }
  // Starts the counters from zero instead of the stored values (a rebuild).
  void resetCounters() { fromZero_ = true; }

  // Writes everything in key order (as SST sinks need; a WriteBatch does not mind).
  void finish(WriteSink& sink);
  bool empty() const { return empty_; }
  uint64_t literalsIndexed() const { return indexed_; }

 private:
  void postings(TermId id, const Term& literal, bool add);
  void label(TermId entity, TermId label, const Term& literal, bool add);

  const TextSource& before_;
  SortedRuns runs_;         // everything but added postings
  PostingBuffer postings_;  // added postings, and the (stemmer, word) groups
  // The change in literals holding each group's word; finish() turns them into the 'f' (word)
  // and 'v' (stem) counters.
  std::vector<int64_t> groupCounts_;
  std::string key_, value_;       // reused posting key and value
  std::vector<uint32_t> order_;   // reused by postings()
  std::vector<uint32_t> positions_;
  int64_t literals_ = 0, words_ = 0;
  uint64_t indexed_ = 0;
  bool empty_ = true;
  bool fromZero_ = false;
};

}  // namespace kg::storage::text
