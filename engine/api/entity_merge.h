// Entity merges (internal to the engine): the statements about one entity moved onto a
// canonical entity, every move recorded in the store so that a split puts back exactly what
// was there. Database::mergeEntities / splitEntities / resolveEntities and the extraction
// calls use these inside their write transaction.
//
// Vocabulary (kg: = http://kg.local/ns#):
//   kg:merge.<hash> a kg:Merge ; kg:canonical A ; kg:merged B ; kg:mergedLabel "..." ;
//       kg:reason "..." ; kg:origin "user" | "automatic" | "alias table" [; kg:created dt ] .
//       (default graph)
//   A kg:mention B .                              (in each graph B had statements in)
//   kg:merge.<hash> kg:replaced << s p o >> .     a statement about B that left the graph
//   kg:merge.<hash> kg:added << s' p' o' >> .     its image about A, when it was new
//   (both in the graph of the statement)
//   B kg:keptApart A .   after a split of a merge the rules made (default graph)
// B's rdfs:label becomes a kg:alias of A; every other statement has B replaced by A, also
// inside quoted triples (the provenance of a fact: << B p o >> kg:source src).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "kg/term.h"
#include "storage/transaction.h"

namespace kg::entities {

inline constexpr const char* kOriginUser = "user";
inline constexpr const char* kOriginAutomatic = "automatic";
inline constexpr const char* kOriginAliasTable = "alias table";

// A merge as the store records it.
struct MergeRecord {
  Term node;       // kg:merge.<hash>
  Term canonical;  // A
  Term merged;     // B
  std::string mergedLabel;
  std::string reason;
  std::string origin;
  std::string created;  // xsd:dateTime for merges made by a user, else empty
};

// The graph of the user alias table; its statements are never moved by a merge.
const std::string& aliasGraphIri();

// The store's merges, ordered by canonical then merged entity.
std::vector<MergeRecord> activeMerges(const storage::QuadReader& r);

// Moves every statement about `merged` onto `canonical` and records the merge. Throws
// Error(kInvalidInput) when the two are the same, `merged` is already merged or is the
// canonical entity of other merges, `canonical` is itself merged, or nothing is said about
// `merged`.
MergeRecord merge(storage::Transaction& tx, const Term& canonical, const Term& merged,
                  const std::string& reason, const std::string& origin,
                  const std::string& created = {});

// Undoes a merge: the statements about B that are still supported come back (a provenance
// link when its source or evidence node is still there; a fact when one of its links is, or
// when it had none), and what the merge added about A goes unless it is supported otherwise
// (another merge into A, or a source of its own). Returns the statements put back.
uint64_t split(storage::Transaction& tx, const MergeRecord& m);

// After a split of a merge the rules made: `merged kg:keptApart canonical` (default graph), so
// the rules do not make it again. keptApart lists such pairs (merged, canonical IRIs).
void keepApart(storage::Transaction& tx, const MergeRecord& m);
std::vector<std::pair<std::string, std::string>> keptApart(const storage::QuadReader& r);

// Adds extracted quads; statements about a merged entity go onto its canonical entity and are
// recorded with the merge, as if they had been there when it was made.
void insertResolved(storage::Transaction& tx, const std::vector<Quad>& quads);

// After a document's statements were removed: drops the merge records of what is gone; a merge
// not made by a user goes when nothing of the merged entity is left, and is split when the
// canonical entity lost its own label (its last document was removed).
void maintainAfterRemoval(storage::Transaction& tx);

}  // namespace kg::entities
