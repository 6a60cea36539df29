// IRI reference resolution (RFC 3986 section 5.2, strict mode): one implementation for the
// RDF parsers, the SPARQL parser and the IRI() function.
#pragma once

#include <string>
#include <string_view>

namespace kg {

// Resolves the reference `ref` against the absolute `base` (RFC 3986 section 5.2.2). An
// absolute `ref` (with a scheme) is returned with its dot segments removed. Without a usable
// base (empty or without a scheme) a relative reference is returned as written.
std::string resolveIri(std::string_view base, std::string_view ref);

// True when the IRI starts with a scheme ("http:", "urn:", ...).
bool hasScheme(std::string_view iri);

// RFC 3986 section 5.2.4.
std::string removeDotSegments(std::string_view path);

}  // namespace kg
