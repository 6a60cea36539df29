// Parsed queries by text and base IRI, so that a query sent again (a dashboard's, an
// application's fixed queries, a benchmark's) skips the parser, which is most of the cost of a
// point query. Parsing depends on nothing but the text and the base IRI (the predeclared
// prefixes are constants), and a parsed query is immutable and shared, so an entry never goes
// stale. Least recently used entries leave first; long texts are not kept.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "sparql/ast.h"

namespace kg::detail {

class ParseCache {
 public:
  static constexpr size_t kDefaultEntries = 256;
  static constexpr size_t kMaxTextBytes = 8 * 1024;  // bounds the cache to a few MB

  explicit ParseCache(size_t entries = kDefaultEntries) : capacity_(entries) {}

  // The parsed query, from the cache or parsed now (then kept). Throws PositionedError on a
  // syntax error; errors are not kept.
  std::shared_ptr<const sparql::Query> parse(std::string_view text, const std::string& baseIri);

  size_t size() const;

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const sparql::Query>>;
  size_t capacity_;
  mutable std::mutex mutex_;
  std::list<Entry> entries_;  // most recently used first
  std::unordered_map<std::string_view, std::list<Entry>::iterator> byKey_;  // views into entries_
};

}  // namespace kg::detail
