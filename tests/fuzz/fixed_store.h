// The small fixed store the SPARQL targets query: every kind of term (IRIs, blank nodes,
// plain, language-tagged and typed literals of each numeric and date type, quoted triples),
// a default graph and two named graphs, chains for property paths.
#pragma once

#include <memory>

#include "fuzz_support.h"
#include "kg/database.h"

namespace kg::fuzz {

inline constexpr const char* kFixedData = R"(
@prefix : <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix kg: <http://kg.local/ns#> .
:a :p :b ; :q 1 , 2.5 , -3e2 , "7"^^xsd:int , true ; rdfs:label "A" , "a"@en , "ä"@de-AT .
:b :p :c ; :q "2026-03-10"^^xsd:date , "2026-03-10T12:00:00Z"^^xsd:dateTime ; :r _:x .
:c :p :a ; :q "text with \"quotes\"\n" ; :r [ :p :d ; :q ( 1 2 3 ) ] .
:d :p :e . :e :p :f . :f :p :d .
_:x :p _:y ; rdfs:label "blank" . _:y :q "010"^^xsd:integer , "NaN"^^xsd:double , "x"^^:custom .
<< :a :p :b >> kg:source :doc1 ; kg:confidence 0.9 .
<< << :a :p :b >> kg:source :doc1 >> kg:source :doc2 .
:g1 { :a :p :z . :z :q 10 ; rdfs:label "zed"@en . }
:g2 { :a :p :b . :b :p :z . << :z :q 10 >> kg:source :doc3 . }
)";

// A store in a scratch directory holding kFixedData, opened once per process.
inline Database& fixedStore() {
  static std::unique_ptr<Database> db = [] {
    auto d = Database::open(scratchDirectory("fixed"));
    LoadOptions o;
    o.format = "trig";
    d->loadString(kFixedData, o);
    return d;
  }();
  return *db;
}

}  // namespace kg::fuzz
