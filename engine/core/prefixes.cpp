// The prefixes every store and query knows.
#include "kg/query.h"

namespace kg {

const PrefixMap& builtinPrefixes() {
  static const PrefixMap prefixes = {
      {"rdf", std::string(vocab::kRdf)}, {"rdfs", std::string(vocab::kRdfs)},
      {"xsd", std::string(vocab::kXsd)}, {"owl", std::string(vocab::kOwl)},
      {"kg", std::string(vocab::kKg)}};
  return prefixes;
}

}  // namespace kg
