// Internal: the per-format parsers behind parseRdf.
#pragma once

#include <functional>
#include <string>

#include "ingest/ingest.h"

namespace kg::ingest::detail {

// Calls region(begin, end) for consecutive runs of whole lines of the input; end[-1] is
// always '\n' (one is added after a last line without it). A UTF-8 byte order mark is skipped.
void forEachLineRegion(InputSource& in, const ProgressCallback& progress,
                       const std::function<void(const char*, const char*)>& region);

uint64_t parseNTriplesOrNQuads(InputSource& in, bool quads, const ParseOptions& options,
                               const std::string& fileName, const QuadSink& sink,
                               const ProgressCallback& progress);
uint64_t parseTurtleOrTrig(InputSource& in, bool trig, const ParseOptions& options,
                           const std::string& fileName, const QuadSink& sink,
                           const ProgressCallback& progress);
// RDF/XML through Raptor 2 (rdfxml.cpp).
uint64_t parseRdfXml(InputSource& in, const ParseOptions& options, const std::string& fileName,
                     const QuadSink& sink, const ProgressCallback& progress);
uint64_t parseTsv(InputSource& in, const ParseOptions& options, const std::string& fileName,
                  const QuadSink& sink, const ProgressCallback& progress);

}  // namespace kg::ingest::detail
