// The language tag syntax every RDF reader of kg accepts and every writer can write back:
// Turtle's and N-Triples' LANGTAG, [a-zA-Z]+ ('-' [a-zA-Z0-9]+)*. serd and Raptor are laxer
// ("en-", xml:lang="a b"), and a tag they pass would make kg's own dump unreadable.
#pragma once

#include <string_view>

namespace kg::ingest {

inline bool isLanguageTag(std::string_view tag) {
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  size_t i = 0;
  while (i < tag.size() && letter(tag[i])) ++i;
  if (i == 0) return false;
  while (i < tag.size()) {
    if (tag[i] != '-') return false;
    size_t start = ++i;
    while (i < tag.size() && (letter(tag[i]) || digit(tag[i]))) ++i;
    if (i == start) return false;
  }
  return true;
}

}  // namespace kg::ingest
