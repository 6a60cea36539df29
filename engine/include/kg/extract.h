// Text to facts: kg reads English news text and keeps, for each fact, where it was read
// (document, sentence, character span), by which extractor version and how sure it is, as
// RDF-star statements about the fact (see engine/extract/README.md for the vocabulary).
//
// Thread-safety: the functions may be called from several threads at once.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kg/term.h"

namespace kg {

struct ExtractOptions {
  // The IRI naming the source document in provenance; empty = a file:// IRI of the file
  // (extractText: required).
  std::string documentIri;
  // Named graph for facts and provenance; empty = the default graph.
  std::string graph;
  // Treat each input line as one sentence (benchmark inputs such as CaRB).
  bool sentencePerLine = false;
  // The document's date (YYYY-MM-DD: relative dates in the text are resolved against it),
  // title and URL; written about the document node when set.
  std::string documentDate;
  std::string documentTitle;
  std::string documentUrl;
  // A user alias table, (entity label, alias) pairs: an alias names the labelled entity.
  std::vector<std::pair<std::string, std::string>> aliases;
};

// One fact as read, for display (kg extract --show).
struct ExtractedFact {
  size_t sentence = 0;
  std::string subject, relation, object;
  std::string kind;  // action, role, statement, attribute, membership
  double confidence = 0;
  bool inGraph = false;
};

struct ExtractedDocument {
  std::string documentIri;
  std::vector<Quad> quads;            // facts, entities and provenance
  std::string carb;                   // the facts in CaRB's tab format
  size_t sentences = 0;
  size_t facts = 0;
  std::vector<std::string> warnings;  // e.g. "input is binary", "invalid UTF-8 replaced"
  std::vector<std::string> sentenceTexts;
  std::vector<ExtractedFact> factList;
};

// Extracts facts from text. Never throws on bad text: empty, binary or non-English input
// gives an empty result with a warning.
ExtractedDocument extractText(std::string_view text, const ExtractOptions& options);

// Reads a file and extracts from it. Throws kg::Error(kIo) when the file cannot be read.
ExtractedDocument extractFile(const std::string& path, const ExtractOptions& options);

// The file:// IRI kg uses for a local file.
std::string fileIri(const std::string& path);

}  // namespace kg
