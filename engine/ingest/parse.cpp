#include <istream>

#include "ingest/ingest.h"
#include "ingest/parsers.h"

namespace kg::ingest {

uint64_t parseRdf(InputSource& in, RdfFormat format, const ParseOptions& options,
                  const QuadSink& sink, const ProgressCallback& progress) {
  const std::string& fileName = options.fileName.empty() ? in.name() : options.fileName;
  switch (format) {
    case RdfFormat::kNTriples:
      return detail::parseNTriplesOrNQuads(in, false, options, fileName, sink, progress);
    case RdfFormat::kNQuads:
      return detail::parseNTriplesOrNQuads(in, true, options, fileName, sink, progress);
    case RdfFormat::kTurtle:
      return detail::parseTurtleOrTrig(in, false, options, fileName, sink, progress);
    case RdfFormat::kTriG:
      return detail::parseTurtleOrTrig(in, true, options, fileName, sink, progress);
    case RdfFormat::kTsv:
      return detail::parseTsv(in, options, fileName, sink, progress);
    case RdfFormat::kRdfXml:
      return detail::parseRdfXml(in, options, fileName, sink, progress);
  }
  return 0;
}

uint64_t parseRdf(std::istream& in, RdfFormat format, const ParseOptions& options,
                  const QuadSink& sink, const ProgressCallback& progress) {
  auto source = inputFromStream(in, "<stream>");
  return parseRdf(*source, format, options, sink, progress);
}

uint64_t parseRdfString(std::string_view text, RdfFormat format, const ParseOptions& options,
                        const QuadSink& sink) {
  auto source = inputFromString(std::string(text), "<string>");
  return parseRdf(*source, format, options, sink, {});
}

}  // namespace kg::ingest
