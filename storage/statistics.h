// Counts the planner needs, kept exact on every write.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "storage/term_id.h"

namespace kg::storage {

struct PredicateStats {
  uint64_t quads = 0;
  uint64_t distinctSubjects = 0;  // distinct s with (s, p) in any graph
  uint64_t distinctObjects = 0;   // distinct o with (o, p) in any graph
};

struct Statistics {
  uint64_t quads = 0;
  std::map<TermId, PredicateStats> predicates;
  std::map<TermId, uint64_t> graphs;  // quads per graph (kDefaultGraph included)
  uint64_t terms = 0;                 // dictionary entries ever allocated
};

// Stats keys in the stats column family.
std::string statsTotalKey();
std::string statsPredicateKey(TermId p);
std::string statsGraphKey(TermId g);

}  // namespace kg::storage
