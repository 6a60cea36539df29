#include "server/content_negotiation.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace kg::server {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

struct AcceptRange {
  std::string type;     // "text", "*"
  std::string subtype;  // "turtle", "*"
  double q = 1.0;
};

std::vector<AcceptRange> parseAccept(std::string_view header) {
  std::vector<AcceptRange> ranges;
  size_t start = 0;
  while (start <= header.size()) {
    size_t comma = header.find(',', start);
    std::string_view item = header.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    start = comma == std::string_view::npos ? header.size() + 1 : comma + 1;
    size_t semi = item.find(';');
    std::string media = lower(trim(item.substr(0, semi)));
    if (media.empty()) continue;
    AcceptRange range;
    size_t slash = media.find('/');
    range.type = media.substr(0, slash);
    range.subtype = slash == std::string::npos ? "*" : media.substr(slash + 1);
    while (semi != std::string_view::npos) {
      size_t next = item.find(';', semi + 1);
      std::string_view param = trim(item.substr(semi + 1, next == std::string_view::npos ? std::string_view::npos : next - semi - 1));
      if (param.size() > 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
        range.q = std::strtod(std::string(param.substr(2)).c_str(), nullptr);
      }
      semi = next;
    }
    ranges.push_back(std::move(range));
  }
  return ranges;
}

// The q-value the header gives a media type: that of its most specific matching range
// (exact, then type/*, then */*); -1 when no range matches.
double qualityOf(const std::vector<AcceptRange>& ranges, std::string_view mediaType) {
  size_t slash = mediaType.find('/');
  std::string_view type = mediaType.substr(0, slash), subtype = mediaType.substr(slash + 1);
  int bestSpecificity = -1;
  double q = -1;
  for (const auto& r : ranges) {
    int specificity = -1;
    if (r.type == type && r.subtype == subtype) specificity = 2;
    else if (r.type == type && r.subtype == "*") specificity = 1;
    else if (r.type == "*") specificity = 0;
    if (specificity > bestSpecificity) {
      bestSpecificity = specificity;
      q = r.q;
    }
  }
  return q;
}

}  // namespace

const std::vector<MediaFormat>& solutionFormats() {
  static const std::vector<MediaFormat> formats = {
      {ResultFormat::kJson, "application/sparql-results+json"},
      {ResultFormat::kXml, "application/sparql-results+xml"},
      {ResultFormat::kCsv, "text/csv; charset=utf-8"},
      {ResultFormat::kTsv, "text/tab-separated-values; charset=utf-8"},
      {ResultFormat::kJson, "application/json"},
      {ResultFormat::kXml, "application/xml"},
      {ResultFormat::kXml, "text/xml"},
  };
  return formats;
}

const std::vector<MediaFormat>& graphFormats() {
  static const std::vector<MediaFormat> formats = {
      {ResultFormat::kTurtle, "text/turtle; charset=utf-8"},
      {ResultFormat::kNTriples, "application/n-triples"},
      {ResultFormat::kNQuads, "application/n-quads"},
      {ResultFormat::kTriG, "application/trig"},
      {ResultFormat::kRdfXml, "application/rdf+xml"},
      {ResultFormat::kJsonLd, "application/ld+json"},
      {ResultFormat::kTurtle, "application/x-turtle"},
      {ResultFormat::kTurtle, "application/turtle"},
      {ResultFormat::kTurtle, "text/n3; charset=utf-8"},  // Turtle is a subset of N3
      {ResultFormat::kTurtle, "text/rdf+n3; charset=utf-8"},
      {ResultFormat::kNTriples, "text/plain; charset=utf-8"},
  };
  return formats;
}

std::optional<MediaFormat> negotiate(std::string_view accept, const std::vector<MediaFormat>& offered) {
  if (trim(accept).empty()) return offered.front();
  auto ranges = parseAccept(accept);
  const MediaFormat* best = nullptr;
  double bestQ = 0;
  for (const auto& f : offered) {
    double q = qualityOf(ranges, bareMediaType(f.mediaType));
    if (q > bestQ) {
      bestQ = q;
      best = &f;
    }
  }
  if (!best) return std::nullopt;
  return *best;
}

std::optional<MediaFormat> formatByName(std::string_view name, const std::vector<MediaFormat>& offered) {
  std::string n = lower(trim(name));
  bool graph = std::any_of(offered.begin(), offered.end(),
                           [](const MediaFormat& f) { return !isSolutionFormat(f.format); });
  std::optional<ResultFormat> wanted;
  // "xml" and "json" name the results formats for rows and RDF/XML and JSON-LD for graphs, as
  // SPARQLWrapper and other clients that send format= mean them.
  if (n == "json" || n == "srj") wanted = graph ? ResultFormat::kJsonLd : ResultFormat::kJson;
  else if (n == "xml" || n == "srx") wanted = graph ? ResultFormat::kRdfXml : ResultFormat::kXml;
  else if (n == "rdf" || n == "rdfxml" || n == "rdf+xml" || n == "rdf/xml") wanted = ResultFormat::kRdfXml;
  else if (n == "jsonld" || n == "json-ld") wanted = ResultFormat::kJsonLd;
  else if (n == "n3") wanted = ResultFormat::kTurtle;
  else if (n == "csv") wanted = ResultFormat::kCsv;
  else if (n == "tsv") wanted = ResultFormat::kTsv;
  else if (n == "turtle" || n == "ttl") wanted = ResultFormat::kTurtle;
  else if (n == "ntriples" || n == "nt" || n == "n-triples") wanted = ResultFormat::kNTriples;
  else if (n == "nquads" || n == "nq" || n == "n-quads") wanted = ResultFormat::kNQuads;
  else if (n == "trig") wanted = ResultFormat::kTriG;
  for (const auto& f : offered) {
    if (wanted ? f.format == *wanted : bareMediaType(f.mediaType) == n) return f;
  }
  return std::nullopt;
}

std::string inputFormatOf(std::string_view contentType) {
  std::string t = bareMediaType(contentType);
  if (t == "text/turtle" || t == "application/x-turtle") return "ttl";
  if (t == "application/n-triples" || t == "text/plain") return "nt";
  if (t == "application/n-quads") return "nq";
  if (t == "application/trig") return "trig";
  if (t == "application/rdf+xml" || t == "application/xml" || t == "text/xml") return "rdf";
  return {};
}

std::string bareMediaType(std::string_view contentType) {
  return lower(trim(contentType.substr(0, contentType.find(';'))));
}

}  // namespace kg::server
