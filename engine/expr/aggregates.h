// SPARQL 1.1 aggregates (section 18.5.1): COUNT, SUM, AVG, MIN, MAX, SAMPLE, GROUP_CONCAT.
//
// One Aggregator per (group, aggregate expression). Feed each solution's evaluated value with
// add() (nullptr = unbound) or addError() when the expression raised an error; read result().
//  - COUNT counts bound, error-free values (COUNT(*) is the caller's row count; use
//    addRow() for it).
//  - SUM/AVG: numeric addition with promotion; a non-numeric or error input makes the
//    aggregate an error. SUM of nothing is 0; AVG of nothing is 0; AVG of integers is a decimal.
//  - MIN/MAX: the ORDER BY order over all kinds (orderCompare); error inputs are skipped;
//    empty group -> nullopt (unbound).
//  - SAMPLE: the first bound value; empty -> nullopt.
//  - GROUP_CONCAT: lexical forms (literals) and IRIs joined by the separator, a simple literal;
//    blank nodes, quoted triples or error inputs make it an error.
//  - DISTINCT: duplicate inputs (same term) are ignored.
// Unbound inputs are skipped by every aggregate.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "kg/term.h"

namespace kg::expr {

enum class AggregateKind { kCount, kSum, kAvg, kMin, kMax, kSample, kGroupConcat };

// Parses "COUNT", "sum", "GROUP_CONCAT"...; nullopt for others.
std::optional<AggregateKind> aggregateKindFromName(std::string_view name);

class Aggregator {
 public:
  explicit Aggregator(AggregateKind kind, bool distinct = false, std::string separator = " ");

  void add(const Term* value);
  void add(const Term& value) { add(&value); }
  void add(const std::optional<Term>& value) { value ? add(&*value) : addError(); }
  void addError();
  // COUNT(*): counts one solution. With DISTINCT, `solution` (the solution's bytes, equal for
  // equal solutions) counts only the first time it comes.
  void addRow(std::string_view solution = {});

  // The aggregate's value; nullopt = error/unbound.
  std::optional<Term> result() const;

  // Bytes this aggregator holds (an estimate, for query memory budgets).
  size_t memoryUsage() const;

 private:
  AggregateKind kind_;
  bool distinct_;
  std::string separator_;
  bool error_ = false;
  unsigned long long count_ = 0;
  std::optional<Term> acc_;  // SUM/AVG running sum, MIN/MAX current, SAMPLE first
  std::string concat_;
  bool first_ = true;
  std::unordered_set<Term, TermHash> seen_;
  std::unordered_set<std::string> seenSolutions_;  // COUNT(DISTINCT *)
  size_t seenBytes_ = 0;  // the strings of seen_ and seenSolutions_
};

}  // namespace kg::expr
