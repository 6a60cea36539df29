// Choosing a response format from an HTTP Accept header (RFC 9110 q-values) or a `format=`
// parameter, among the formats kg writes for a query form.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kg/query.h"

namespace kg::server {

struct MediaFormat {
  ResultFormat format;
  std::string mediaType;  // sent as Content-Type (with "; charset=utf-8" where it applies)
};

// The formats offered for solutions (SELECT, ASK) or graphs (CONSTRUCT, DESCRIBE), most
// preferred first: the first is the answer to a missing Accept or "*/*".
const std::vector<MediaFormat>& solutionFormats();
const std::vector<MediaFormat>& graphFormats();

// The best of `offered` for an Accept header; nullopt when none is acceptable (406). An empty
// header accepts anything. Among equal q-values, the offer listed first wins.
std::optional<MediaFormat> negotiate(std::string_view accept, const std::vector<MediaFormat>& offered);

// The format a `format=` parameter names ("json", "xml", "csv", "tsv", "turtle", "ttl", "n3",
// "ntriples", "nt", "nquads", "nq", "trig", "rdfxml", "jsonld", or a media type) among
// `offered`; nullopt if none. For graphs, "xml" is RDF/XML and "json" is JSON-LD.
std::optional<MediaFormat> formatByName(std::string_view name, const std::vector<MediaFormat>& offered);

// The RDF input format (a kg load format name) of a request Content-Type; empty if unknown.
std::string inputFormatOf(std::string_view contentType);

// The media type without parameters, lower-cased ("text/turtle; charset=utf-8" -> "text/turtle").
std::string bareMediaType(std::string_view contentType);

}  // namespace kg::server
