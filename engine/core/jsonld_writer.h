// JSON-LD output of a graph (CONSTRUCT, DESCRIBE, the Graph Store) in expanded form, written
// as statements arrive: one node object per run of statements with the same subject, its
// values grouped by predicate. A subject seen again later gets another node object with the
// same "@id", which JSON-LD readers merge, so memory stays bounded by one run (and a run is
// cut into several node objects past kMaxValuesPerNode values). Quoted triples (RDF-star) have
// no JSON-LD 1.1 form: write() throws kg::Error (kQuery) for them.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "kg/term.h"

namespace kg {

class JsonLdWriter {
 public:
  static constexpr size_t kMaxValuesPerNode = 10000;

  explicit JsonLdWriter(std::ostream& out);
  // The graph of `quad` is ignored: the output is one default graph.
  void write(const Quad& quad);
  // Writes the last node object and closes the array. Call once at the end.
  void finish();

 private:
  void flushNode();
  std::ostream& out_;
  bool wroteNode_ = false;
  std::optional<Term> subject_;
  // The open node object's values: predicate IRI -> JSON values, in first-seen order.
  std::vector<std::pair<std::string, std::vector<std::string>>> properties_;
  std::unordered_map<std::string, size_t> propertyIndex_;  // predicate IRI -> its place above
  size_t values_ = 0;
};

}  // namespace kg
