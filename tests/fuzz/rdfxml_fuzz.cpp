// Fuzz target: the RDF/XML parser (Raptor 2 behind kg's adapter; see rdf_round_trip.h for what
// is checked). Raptor is C: the target also checks that nothing it reports escapes as a crash,
// a throw through C frames or an error without a position.
#include "rdf_round_trip.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kg::fuzz::checkRdfRoundTrip(kg::fuzz::asText(data, size), kg::ingest::RdfFormat::kRdfXml);
  return 0;
}
