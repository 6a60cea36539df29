// RFC 3986 reference resolution (section 5.2), used for Turtle/TriG/TSV relative IRIs.
#include <string>

#include "ingest/ingest.h"

namespace kg::ingest {
namespace {

struct IriParts {
  std::string_view scheme, authority, path, query, fragment;
  bool hasScheme = false, hasAuthority = false, hasQuery = false, hasFragment = false;
};

IriParts split(std::string_view s) {
  IriParts r;
  size_t i = 0;
  if (isAbsoluteIri(s)) {
    size_t colon = s.find(':');
    r.scheme = s.substr(0, colon);
    r.hasScheme = true;
    i = colon + 1;
  }
  if (s.substr(i, 2) == "//") {
    size_t end = s.find_first_of("/?#", i + 2);
    if (end == std::string_view::npos) end = s.size();
    r.authority = s.substr(i + 2, end - i - 2);
    r.hasAuthority = true;
    i = end;
  }
  size_t end = s.find_first_of("?#", i);
  if (end == std::string_view::npos) end = s.size();
  r.path = s.substr(i, end - i);
  i = end;
  if (i < s.size() && s[i] == '?') {
    end = s.find('#', i);
    if (end == std::string_view::npos) end = s.size();
    r.query = s.substr(i + 1, end - i - 1);
    r.hasQuery = true;
    i = end;
  }
  if (i < s.size() && s[i] == '#') {
    r.fragment = s.substr(i + 1);
    r.hasFragment = true;
  }
  return r;
}

std::string removeDotSegments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.substr(0, 3) == "../") {
      in.remove_prefix(3);
    } else if (in.substr(0, 2) == "./") {
      in.remove_prefix(2);
    } else if (in.substr(0, 3) == "/./") {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.substr(0, 4) == "/../" || in == "/..") {
      if (in == "/..") {
        in = "/";
      } else {
        in.remove_prefix(3);
      }
      size_t last = out.rfind('/');
      out.resize(last == std::string::npos ? 0 : last);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      size_t start = in[0] == '/' ? 1 : 0;
      size_t next = in.find('/', start);
      if (next == std::string_view::npos) next = in.size();
      out.append(in.substr(0, next));
      in.remove_prefix(next);
    }
  }
  return out;
}

}  // namespace

bool isAbsoluteIri(std::string_view iri) {
  if (iri.empty()) return false;
  char c0 = iri[0];
  if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z'))) return false;
  for (size_t i = 1; i < iri.size(); ++i) {
    char c = iri[i];
    if (c == ':') return true;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
          c == '+' || c == '-' || c == '.')) {
      return false;
    }
  }
  return false;
}

std::string resolveIri(std::string_view base, std::string_view reference) {
  if (base.empty()) return std::string(reference);
  IriParts r = split(reference);
  IriParts b = split(base);
  std::string scheme, authority, path, query;
  bool hasAuthority = false, hasQuery = false;
  if (r.hasScheme) {
    scheme = r.scheme;
    hasAuthority = r.hasAuthority;
    authority = r.authority;
    path = removeDotSegments(r.path);
    hasQuery = r.hasQuery;
    query = r.query;
  } else {
    scheme = b.scheme;
    if (r.hasAuthority) {
      hasAuthority = true;
      authority = r.authority;
      path = removeDotSegments(r.path);
      hasQuery = r.hasQuery;
      query = r.query;
    } else {
      hasAuthority = b.hasAuthority;
      authority = b.authority;
      if (r.path.empty()) {
        path = b.path;
        if (r.hasQuery) {
          hasQuery = true;
          query = r.query;
        } else {
          hasQuery = b.hasQuery;
          query = b.query;
        }
      } else {
        if (r.path[0] == '/') {
          path = removeDotSegments(r.path);
        } else {
          std::string merged;
          if (b.hasAuthority && b.path.empty()) {
            merged = "/";
            merged += r.path;
          } else {
            size_t slash = b.path.rfind('/');
            if (slash != std::string_view::npos) merged = b.path.substr(0, slash + 1);
            merged += r.path;
          }
          path = removeDotSegments(merged);
        }
        hasQuery = r.hasQuery;
        query = r.query;
      }
    }
  }
  std::string out = scheme;
  out += ':';
  if (hasAuthority) {
    out += "//";
    out += authority;
  }
  out += path;
  if (hasQuery) {
    out += '?';
    out += query;
  }
  if (r.hasFragment) {
    out += '#';
    out += r.fragment;
  }
  return out;
}

}  // namespace kg::ingest
