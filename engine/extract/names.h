// Canonical names for entities, so that one country, person or organisation is one node
// whatever a document calls it (internal to kg_extract, used by the entity resolver).
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace kg::extract {

// A user-supplied alias table (entity label, alias): an alias is resolved to its label.
// Keys are compared case-insensitively, with a leading "the" ignored.
class AliasTable {
 public:
  void add(const std::string& label, const std::string& alias);
  // The label for `name` (itself an alias or a label), or empty when the table has none.
  std::string lookup(std::string_view name) const;
  size_t size() const { return byAlias_.size(); }
  std::vector<std::pair<std::string, std::string>> entries() const;  // (label, alias), sorted

 private:
  std::unordered_map<std::string, std::string> byAlias_;
};

// The key AliasTable and the built-in table compare: lower case, leading "the " dropped,
// runs of spaces collapsed.
std::string nameKey(std::string_view name);

// Built-in canonical forms: "U.S.", "US", "America", "the United States of America" ->
// "United States"; "U.N." -> "United Nations"; "Chinese government" -> "China". Empty when
// the name has no other canonical form.
std::string builtinCanonical(std::string_view name);

// A capital city used for its government ("criticized Washington", "Beijing said"): the
// country, or empty. Only meaningful where the name is an actor, not a place.
std::string capitalCountry(std::string_view name);

// Weekdays, months and relative day words: "Monday", "March", "yesterday".
bool isTimeWord(std::string_view lowerWord);
// A preposition that opens a time phrase before such a word: "on", "in", "last", "this", "by".
bool isTimePreposition(std::string_view lowerWord);

// A word that makes a phrase an amount or a number: "$", "2", "billion", "percent".
bool isAmountWord(std::string_view word);

}  // namespace kg::extract
