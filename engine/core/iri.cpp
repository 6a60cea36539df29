#include "core/iri.h"

#include <cctype>

namespace kg {
namespace {

struct IriParts {
  bool hasScheme = false, hasAuthority = false, hasQuery = false, hasFragment = false;
  std::string_view scheme, authority, path, query, fragment;
};

// RFC 3986 appendix B, without regular expressions.
IriParts split(std::string_view s) {
  IriParts p;
  size_t i = 0;
  // scheme
  size_t colon = s.find(':');
  if (colon != std::string_view::npos && colon > 0 && std::isalpha(static_cast<unsigned char>(s[0]))) {
    bool ok = true;
    for (size_t k = 1; k < colon; ++k) {
      unsigned char c = static_cast<unsigned char>(s[k]);
      if (!(std::isalnum(c) || c == '+' || c == '-' || c == '.')) { ok = false; break; }
    }
    if (ok) {
      p.hasScheme = true;
      p.scheme = s.substr(0, colon);
      i = colon + 1;
    }
  }
  if (s.substr(i, 2) == "//") {
    size_t start = i + 2;
    size_t end = s.find_first_of("/?#", start);
    if (end == std::string_view::npos) end = s.size();
    p.hasAuthority = true;
    p.authority = s.substr(start, end - start);
    i = end;
  }
  size_t end = s.find_first_of("?#", i);
  if (end == std::string_view::npos) end = s.size();
  p.path = s.substr(i, end - i);
  i = end;
  if (i < s.size() && s[i] == '?') {
    size_t qend = s.find('#', i);
    if (qend == std::string_view::npos) qend = s.size();
    p.hasQuery = true;
    p.query = s.substr(i + 1, qend - i - 1);
    i = qend;
  }
  if (i < s.size() && s[i] == '#') {
    p.hasFragment = true;
    p.fragment = s.substr(i + 1);
  }
  return p;
}

std::string merge(const IriParts& base, std::string_view refPath) {
  if (base.hasAuthority && base.path.empty()) return "/" + std::string(refPath);
  size_t slash = base.path.rfind('/');
  if (slash == std::string_view::npos) return std::string(refPath);
  return std::string(base.path.substr(0, slash + 1)) + std::string(refPath);
}

}  // namespace

// Called for every IRI a parser reads: looks only as far as the scheme's ':'.
bool hasScheme(std::string_view iri) {
  if (iri.empty() || !std::isalpha(static_cast<unsigned char>(iri[0]))) return false;
  for (size_t k = 1; k < iri.size(); ++k) {
    unsigned char c = static_cast<unsigned char>(iri[k]);
    if (c == ':') return true;
    if (!(std::isalnum(c) || c == '+' || c == '-' || c == '.')) return false;
  }
  return false;
}

std::string removeDotSegments(std::string_view path) {
  std::string in(path), out;
  while (!in.empty()) {
    if (in.compare(0, 3, "../") == 0) {
      in.erase(0, 3);
    } else if (in.compare(0, 2, "./") == 0) {
      in.erase(0, 2);
    } else if (in.compare(0, 3, "/./") == 0) {
      in.erase(0, 2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.compare(0, 4, "/../") == 0 || in == "/..") {
      if (in == "/..") in = "/"; else in.erase(0, 3);
      size_t last = out.rfind('/');
      if (last == std::string::npos) out.clear(); else out.erase(last);
    } else if (in == "." || in == "..") {
      in.clear();
    } else {
      size_t start = in[0] == '/' ? 1 : 0;
      size_t next = in.find('/', start);
      if (next == std::string::npos) next = in.size();
      out.append(in, 0, next);
      in.erase(0, next);
    }
  }
  return out;
}

std::string resolveIri(std::string_view baseText, std::string_view refText) {
  IriParts r = split(refText);
  IriParts b = split(baseText);
  std::string scheme, authority, path, query, fragment;
  bool hasAuthority = false, hasQuery = false;
  if (r.hasScheme) {
    scheme = r.scheme;
    hasAuthority = r.hasAuthority;
    authority = r.authority;
    path = removeDotSegments(r.path);
    hasQuery = r.hasQuery;
    query = r.query;
  } else if (!b.hasScheme) {
    // No usable base: keep the reference as written.
    return std::string(refText);
  } else {
    if (r.hasAuthority) {
      hasAuthority = true;
      authority = r.authority;
      path = removeDotSegments(r.path);
      hasQuery = r.hasQuery;
      query = r.query;
    } else {
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
          path = removeDotSegments(merge(b, r.path));
        }
        hasQuery = r.hasQuery;
        query = r.query;
      }
      hasAuthority = b.hasAuthority;
      authority = b.authority;
    }
    scheme = b.scheme;
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

}  // namespace kg
