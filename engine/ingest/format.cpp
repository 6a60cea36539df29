#include <cctype>
#include <string>

#include "ingest/ingest.h"

namespace kg::ingest {
namespace {
std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}
bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
}  // namespace

std::optional<RdfFormat> formatFromPath(std::string_view path) {
  std::string p = lower(path);
  if (endsWith(p, ".gz")) p.resize(p.size() - 3);
  size_t slash = p.find_last_of('/');
  size_t dot = p.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return std::nullopt;
  return formatFromName(std::string_view(p).substr(dot + 1));
}

std::optional<RdfFormat> formatFromName(std::string_view name) {
  std::string n = lower(name);
  if (n == "nt" || n == "ntriples" || n == "n-triples") return RdfFormat::kNTriples;
  if (n == "nq" || n == "nquads" || n == "n-quads") return RdfFormat::kNQuads;
  if (n == "ttl" || n == "turtle") return RdfFormat::kTurtle;
  if (n == "trig") return RdfFormat::kTriG;
  if (n == "tsv") return RdfFormat::kTsv;
  if (n == "rdf" || n == "owl" || n == "xml" || n == "rdfxml" || n == "rdf/xml" || n == "rdf-xml") {
    return RdfFormat::kRdfXml;
  }
  return std::nullopt;
}

std::string_view formatName(RdfFormat format) {
  switch (format) {
    case RdfFormat::kNTriples: return "nt";
    case RdfFormat::kNQuads: return "nq";
    case RdfFormat::kTurtle: return "ttl";
    case RdfFormat::kTriG: return "trig";
    case RdfFormat::kTsv: return "tsv";
    case RdfFormat::kRdfXml: return "rdf";
  }
  return "?";
}

bool formatHasGraphs(RdfFormat format) {
  return format == RdfFormat::kNQuads || format == RdfFormat::kTriG;
}

static std::string positionText(const std::string& file, uint64_t line, uint64_t column,
                                const std::string& message) {
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

std::string nestingLimitMessage(std::string_view what) {
  return std::string(what) + " nested too deeply (more than " + std::to_string(kMaxRdfNesting) +
         " levels, kg's limit for RDF input: kMaxRdfNesting in engine/ingest/ingest.h)";
}

ParseError::ParseError(std::string file_, uint64_t line_, uint64_t column_, std::string message_)
    : std::runtime_error(positionText(file_, line_, column_, message_)),
      file(std::move(file_)),
      line(line_),
      column(column_),
      message(std::move(message_)) {}

}  // namespace kg::ingest
