// Fuzz target: N-Triples and N-Quads parsers (see rdf_round_trip.h for what is checked).
#include "rdf_round_trip.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kg::fuzz::checkRdfRoundTrip(kg::fuzz::asText(data, size), kg::ingest::RdfFormat::kNTriples);
  kg::fuzz::checkRdfRoundTrip(kg::fuzz::asText(data, size), kg::ingest::RdfFormat::kNQuads);
  return 0;
}
