// Fuzz target: Turtle and TriG parsers (see rdf_round_trip.h for what is checked).
#include "rdf_round_trip.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kg::fuzz::checkRdfRoundTrip(kg::fuzz::asText(data, size), kg::ingest::RdfFormat::kTurtle);
  kg::fuzz::checkRdfRoundTrip(kg::fuzz::asText(data, size), kg::ingest::RdfFormat::kTriG);
  return 0;
}
