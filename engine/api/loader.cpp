#include "api/loader.h"

#include <chrono>
#include <filesystem>

#include "ingest/ingest.h"
#include "kg/error.h"
#include "kg/extract.h"

namespace kg::detail {
namespace {

using Clock = std::chrono::steady_clock;

ingest::RdfFormat resolveFormat(const std::string& path, const LoadOptions& options) {
  if (!options.format.empty()) {
    auto format = ingest::formatFromName(options.format);
    if (!format) {
      throw Error(ErrorCode::kUsage, "unknown input format '" + options.format +
                                         "' (use nt, nq, ttl, trig, rdf or tsv)");
    }
    return *format;
  }
  auto format = ingest::formatFromPath(path);
  if (!format) {
    throw Error(ErrorCode::kUsage,
                "cannot tell the format of '" + path +
                    "' from its name: kg reads .nt .nq .ttl .trig .tsv and RDF/XML (.rdf .owl .xml), "
                    "each optionally .gz");
  }
  return *format;
}

std::string fileBaseIri(const std::string& path) {
  return path == "-" ? "file:///dev/stdin" : fileIri(path);
}

// Rewrites blank node labels (also inside quoted triples) into the load's scope.
Term scopeBlanks(Term term, uint64_t load) {
  if (term.isBlank()) {
    term.value = scopedBlankLabel(load, term.value);
  } else if (term.isTriple()) {
    term = Term::quoted(scopeBlanks(term.triple->subject, load),
                        scopeBlanks(term.triple->predicate, load),
                        scopeBlanks(term.triple->object, load));
  }
  return term;
}

class QuadEncoder {
 public:
  QuadEncoder(storage::Transaction& tx, uint64_t load) : tx_(tx), load_(load) {}

  void add(Quad&& quad) {
    storage::QuadIds ids;
    ids.v[storage::kS] = cached(storage::kS, quad.subject);
    ids.v[storage::kP] = cached(storage::kP, quad.predicate);
    ids.v[storage::kO] = encode(quad.object);
    ids.v[storage::kG] = quad.inDefaultGraph() ? storage::kDefaultGraph : cached(storage::kG, quad.graph);
    tx_.insertBulk(ids);
  }

 private:
  // Data files repeat the previous statement's subject, predicate and graph more often than
  // not: remember the last term of each position (before blank node scoping) and its id.
  storage::TermId cached(int position, Term& term) {
    Entry& e = last_[position];
    if (e.valid && e.term == term) return e.id;
    e.term = term;
    e.id = encode(term);
    e.valid = true;
    return e.id;
  }
  struct Entry {
    Term term;
    storage::TermId id = 0;
    bool valid = false;
  };
  Entry last_[4];

  storage::TermId encode(Term& term) {
    if (term.isBlank()) {
      term.value = scopedBlankLabel(load_, term.value);
    } else if (term.isTriple()) {
      term = scopeBlanks(std::move(term), load_);
    }
    return tx_.intern(term);
  }
  storage::Transaction& tx_;
  uint64_t load_;
};

}  // namespace

std::string scopedBlankLabel(uint64_t load, const std::string& label) {
  return "L" + std::to_string(load) + "_" + label;
}

namespace {

uint64_t parseInto(storage::Transaction& tx, ingest::InputSource& input, ingest::RdfFormat format,
                   const std::string& baseIri, const LoadOptions& options,
                   LoadProgress& progress, Clock::time_point start, uint64_t bytesBefore) {
  ingest::ParseOptions parseOptions;
  parseOptions.baseIri = baseIri;
  if (!options.graph.empty()) parseOptions.defaultGraph = Term::iri(options.graph);
  QuadEncoder encoder(tx, tx.newLoadNumber());
  uint64_t statements = 0;
  auto report = [&](uint64_t consumed) {
    if (!options.progress) return;
    progress.bytesRead = bytesBefore + consumed;
    progress.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    options.progress(progress);
  };
  try {
    statements = ingest::parseRdf(
        input, format, parseOptions,
        [&](Quad&& quad) {
          encoder.add(std::move(quad));
          ++progress.statements;
        },
        report);
  } catch (const ingest::ParseError& e) {
    throw PositionedError(ErrorCode::kInvalidInput, e.file, e.line, e.column, e.message);
  } catch (const ingest::IoError& e) {
    throw Error(ErrorCode::kIo, e.what());
  }
  return statements;
}

}  // namespace

uint64_t loadInto(storage::Transaction& tx, const std::vector<std::string>& paths,
                  const LoadOptions& options) {
  auto start = Clock::now();
  // Check formats and open every file before reading any, so usage errors come first.
  std::vector<ingest::RdfFormat> formats;
  for (const auto& path : paths) formats.push_back(resolveFormat(path, options));
  LoadProgress progress;
  for (const auto& path : paths) {
    std::error_code ec;
    if (path != "-" && std::filesystem::exists(path, ec)) {
      progress.totalBytes += std::filesystem::file_size(path, ec);
    }
  }
  uint64_t statements = 0;
  for (size_t i = 0; i < paths.size(); ++i) {
    std::unique_ptr<ingest::InputSource> input;
    try {
      input = ingest::openInput(paths[i]);
    } catch (const ingest::IoError& e) {
      throw Error(ErrorCode::kIo, e.what());
    }
    std::string base = options.baseIri.empty() ? fileBaseIri(paths[i]) : options.baseIri;
    statements += parseInto(tx, *input, formats[i], base, options, progress, start,
                            progress.bytesRead);
  }
  return statements;
}

uint64_t loadTextInto(storage::Transaction& tx, std::string_view text, const LoadOptions& options) {
  if (options.format.empty()) {
    throw Error(ErrorCode::kUsage, "loading text needs a format (nt, nq, ttl, trig or tsv)");
  }
  ingest::RdfFormat format = resolveFormat("", options);
  auto input = ingest::inputFromString(std::string(text), "<string>");
  LoadProgress progress;
  progress.totalBytes = text.size();
  return parseInto(tx, *input, format, options.baseIri, options, progress, Clock::now(), 0);
}

}  // namespace kg::detail
