// Entity resolution across the documents of a store (internal to the engine): entities that
// name the same thing in different documents are merged (entity_merge.h) onto one canonical
// entity, by rules that look at the whole store:
//   * the alias table (kg entities load): an entity labelled with an alias goes onto the
//     entity labelled with its label;
//   * short names: a one-word name that is not a country, place or organisation ("Xi",
//     "Chen" from "President Xi", "Ms. Chen") goes onto the one person whose name ends with
//     it, or starts with it when it has at most four letters (family name first: "Xi
//     Jinping"); none when two persons share it. Person names are two to four capitalized
//     words without institution, place or title words ("Boston College" is not one);
//   * acronyms: an all-capital name ("KFU", "U.N.H.R.C.") goes onto the one entity whose
//     capitalized words start with its letters ("Kenya Farmers Union").
// Per-document resolution (titles, demonyms such as "Chinese government" -> China, "U.S." ->
// United States, a capital standing for its government) happens in the extractor and gives
// the same entity IRI in every document.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace kg::storage {
class QuadReader;
class Transaction;
}  // namespace kg::storage

namespace kg::entities {

// One merge the rules propose: `merged` goes onto `canonical`.
struct MergeProposal {
  std::string canonical, merged;  // entity IRIs
  std::string reason;
  std::string origin;  // kOriginAutomatic or kOriginAliasTable
};

// An entity as the rules see it.
struct NamedEntity {
  std::string iri;
  std::string label;
  bool person = false, organization = false, place = false, country = false;
};

// The merges the rules propose for these entities, in a stable order; each merged entity once.
std::vector<MergeProposal> proposeMerges(
    const std::vector<NamedEntity>& entities,
    const std::vector<std::pair<std::string, std::string>>& aliasTable);

// The extracted entities of the store (kg:e.* with an rdfs:label outside the alias table).
std::vector<NamedEntity> storedEntities(const storage::QuadReader& r);

// Applies the rules to the store inside `tx`; returns the number of merges made.
uint64_t resolveAcrossDocuments(storage::Transaction& tx,
                                const std::vector<std::pair<std::string, std::string>>& aliasTable);

}  // namespace kg::entities
