// Internal to storage/: which literals a commit brings into or takes out of the full-text
// index, and which entity labels it adds or removes.
//
// A literal is indexed while it is the object of at least one quad (in any graph) whose
// predicate the configuration selects. A commit changes that only for the literals in its
// own added and removed quads; a literal new to the dictionary had no quads before, so only
// literals the store already knew need a look at the data (one index seek each).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "storage/store.h"
#include "storage/text/text_index_writer.h"

namespace kg::storage::text {

// Dictionary reads of the writer's latest state (a large load writes its new terms ahead of
// the commit): the key of an id, the id of a key.
struct LatestDictionary {
  std::function<std::optional<std::string>(TermId)> keyOf;
  std::function<std::optional<TermId>(const std::string&)> idOf;
};

void collectTextChanges(const ReadView& before, const ChangeSet& changes, uint64_t firstNewSequence,
                        const TextConfig& config, const LatestDictionary& latest, TextIndexWriter& writer);

// The same for a streamed addition (ChangeSet::bulkAdded): sees each added quad once, keeps
// the candidate literals in sorted runs (bounded memory), and indexes each distinct one at
// finish().
class BulkTextCollector {
 public:
  BulkTextCollector(const ReadView& before, const ChangeSet& changes, uint64_t firstNewSequence,
                    const TextConfig& config, const LatestDictionary& latest, TextIndexWriter& writer,
                    std::string scratchDir);
  ~BulkTextCollector();
  void add(const QuadIds& quad);
  void finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Every literal the configuration selects in the store, and every label, written as a fresh
// index (for `kg index rebuild` and configuration changes). Keys of the old index that are
// not written again are deleted by the caller.
void collectWholeIndex(const ReadView& view, const TextConfig& config, TextIndexWriter& writer);

}  // namespace kg::storage::text
