// Fuzz target: text extraction. Any text (binary, invalid UTF-8, huge sentences) gives a
// result without throwing, and every quad it makes is a valid statement: written as N-Quads
// it reads back unchanged.
#include <sstream>

#include "fuzz_support.h"
#include "ingest/ingest.h"
#include "kg/extract.h"

// The English dictionaries load before the first input (see query_fuzz.cpp).
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  kg::ExtractOptions options;
  options.documentIri = "http://example.org/warm-up";
  kg::extractText("The parser is loaded once.", options);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kg::ExtractOptions options;
  options.documentIri = "http://example.org/doc";
  options.sentencePerLine = size % 2 == 0;
  kg::ExtractedDocument doc = kg::extractText(kg::fuzz::asText(data, size), options);
  std::ostringstream written;
  for (const kg::Quad& q : doc.quads) kg::ingest::writeNQuads(written, q);
  size_t again = 0;
  try {
    kg::ingest::parseRdfString(written.str(), kg::ingest::RdfFormat::kNQuads, {},
                               [&](kg::Quad&&) { ++again; });
  } catch (const kg::ingest::ParseError& e) {
    kg::fuzz::broken(std::string("extracted quads do not read back: ") + e.what());
  }
  if (again != doc.quads.size()) kg::fuzz::broken("extracted quads changed count when read back");
  return 0;
}
