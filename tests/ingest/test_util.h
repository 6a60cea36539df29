#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ingest/ingest.h"

namespace kg::ingest::testing {

inline std::vector<Quad> parseAll(std::string_view text, RdfFormat format,
                                  ParseOptions options = {}) {
  std::vector<Quad> out;
  if (options.fileName.empty()) options.fileName = "t";
  parseRdfString(text, format, options, [&](Quad&& q) { out.push_back(std::move(q)); });
  return out;
}

// Parses and returns the error (line, column, message); fails the test if none.
struct ErrorInfo {
  uint64_t line = 0, column = 0;
  std::string message, what;
};
inline ErrorInfo parseError(std::string_view text, RdfFormat format, ParseOptions options = {}) {
  if (options.fileName.empty()) options.fileName = "t";
  try {
    parseRdfString(text, format, options, [](Quad&&) {});
  } catch (const ParseError& e) {
    return {e.line, e.column, e.message, e.what()};
  }
  ADD_FAILURE() << "expected a parse error for: " << text;
  return {};
}

}  // namespace kg::ingest::testing
