// Turtle and TriG output (RDF-star quoted triples as `<< s p o >>`), written as statements
// arrive: consecutive statements with the same subject share it (`;`), with the same subject
// and predicate share both (`,`), and in TriG consecutive statements of one named graph share
// a `<graph> { ... }` block. Sorted input (a dump) therefore comes out grouped; any order is
// still correct output.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "kg/query.h"
#include "kg/term.h"

namespace kg {

// The Turtle form of one term: a prefixed name where a prefix covers the IRI and the rest is
// a plain local name, bare numbers and booleans where the lexical form is Turtle's own,
// `a` is not used here (see TurtleWriter). Blank node labels that are not valid Turtle labels
// are rewritten injectively (hex), so distinct nodes stay distinct.
std::string turtleTerm(const Term& term, const PrefixMap& prefixes);

class TurtleWriter {
 public:
  // trig = false: graphs are ignored (every statement is written as a triple).
  TurtleWriter(std::ostream& out, PrefixMap prefixes, bool trig);
  // Writes the @prefix lines (once, before the first statement or at finish()).
  void write(const Quad& quad);
  // Ends the last statement and graph block. Call once at the end.
  void finish();

 private:
  void start();
  void closeStatement();
  std::ostream& out_;
  PrefixMap prefixes_;
  bool trig_;
  bool started_ = false;
  bool inGraph_ = false;           // inside a `<g> {` block
  std::optional<Term> subject_;    // of the open statement
  std::optional<Term> predicate_;
  Term graph_;
  std::string buffer_;
};

}  // namespace kg
