// A corpus of documents for extraction: text files, directories of them, and JSON Lines
// ({"id", "text", "date", "title", "url"} per line), "-" for standard input.
#pragma once

#include <cstdint>
#include <functional>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kg {

struct CorpusDocument {
  std::string iri;     // the document IRI used in provenance
  std::string text;
  std::string date;    // YYYY-MM-DD or empty
  std::string title;
  std::string url;
  std::string origin;  // where it came from, for messages: "file" or "file:line"
};

// A document that could not be read: where, and why. The corpus goes on without it.
struct CorpusFailure {
  std::string origin;  // "file:line:column" where known
  std::string message;
};

// Reads documents one at a time, in a stable order: the inputs as given; a directory's
// files (*.txt as one document each, *.jsonl / *.ndjson as JSON Lines) recursively in name
// order; "-" is standard input (JSON Lines when its first non-blank character is '{', else
// one text document). A JSON line without "id" is named after its file and line.
class CorpusReader {
 public:
  explicit CorpusReader(std::vector<std::string> inputs, std::istream* stdinStream = nullptr);
  ~CorpusReader();
  CorpusReader(const CorpusReader&) = delete;
  CorpusReader& operator=(const CorpusReader&) = delete;

  // The next document, or false at the end. A document that cannot be read is reported in
  // *failure (and next returns true with an empty document IRI).
  bool next(CorpusDocument* doc, CorpusFailure* failure);

  // Documents in the inputs, counted without reading texts (JSON Lines: lines); -1 when
  // standard input is one of them.
  int64_t countDocuments() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The document IRI for a JSON Lines id: itself when it is an absolute IRI, else urn:kg:doc:ID.
std::string documentIriForId(std::string_view id);

// The document IRI for what a user typed to name a document: an absolute IRI as it is, an
// existing (or any other) path as its file:// IRI.
std::string documentIriFor(const std::string& pathOrIri);

struct ExtractOptions;      // kg/extract.h
struct ExtractedDocument;  // kg/extract.h

// Extracts one corpus document as `kg extract` stores it: its facts and provenance (with its
// date, title and URL), and the document node with its type and content hash. Never throws
// on bad text. options.documentIri is ignored (the document names itself).
ExtractedDocument extractDocument(const CorpusDocument& doc, const ExtractOptions& options);

// A content hash of a document (text, date, title, URL): a document already extracted with
// the same hash is skipped.
std::string contentHash(const CorpusDocument& doc);

}  // namespace kg
