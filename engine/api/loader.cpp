#include "api/loader.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>

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
                                         "' (use nt, nq, ttl, trig or tsv)");
    }
    return *format;
  }
  auto format = ingest::formatFromPath(path);
  if (!format) {
    throw Error(ErrorCode::kUsage, "cannot tell the format of '" + path +
                                       "' from its name; use --format nt|nq|ttl|trig|tsv");
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

size_t loadMemoryBudget(const LoadOptions& options) {
  if (options.memoryBudget > 0) return std::max<size_t>(options.memoryBudget, size_t{16} << 20);
  long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGE_SIZE);
  size_t physical = pages > 0 && pageSize > 0 ? static_cast<size_t>(pages) * static_cast<size_t>(pageSize)
                                              : size_t{8} << 30;
  return std::min(physical / 4, size_t{2} << 30);
}

std::string scopedBlankLabel(uint64_t load, const std::string& label) {
  return "L" + std::to_string(load) + "_" + label;
}

namespace {

// Parsing (and decompressing) runs on a second thread and hands batches of statements to this
// one, which gives them ids and adds them to the transaction: the two halves of a load take
// about the same time, so the load uses both cores.
class StatementPipe {
 public:
  using Batch = std::vector<Quad>;
  static constexpr size_t kBatchSize = 4096;
  static constexpr size_t kMaxQueued = 8;

  // Producer side. False when the consumer has stopped.
  bool push(Batch&& batch) {
    std::unique_lock<std::mutex> lock(mutex_);
    spaceFree_.wait(lock, [&] { return queue_.size() < kMaxQueued || stopped_; });
    if (stopped_) return false;
    queue_.push_back(std::move(batch));
    batchReady_.notify_one();
    return true;
  }
  void finish(std::exception_ptr error) {
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
    error_ = error;
    batchReady_.notify_one();
  }
  // Consumer side. False at the end; rethrows the producer's error.
  bool pop(Batch& batch) {
    std::unique_lock<std::mutex> lock(mutex_);
    batchReady_.wait(lock, [&] { return !queue_.empty() || done_; });
    if (queue_.empty()) {
      if (error_) std::rethrow_exception(error_);
      return false;
    }
    batch = std::move(queue_.front());
    queue_.pop_front();
    spaceFree_.notify_one();
    return true;
  }
  void stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    stopped_ = true;
    queue_.clear();
    spaceFree_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable batchReady_, spaceFree_;
  std::deque<Batch> queue_;
  bool done_ = false, stopped_ = false;
  std::exception_ptr error_;
};

// Thrown inside the parser thread to unwind it when the consumer gave up.
struct PipeStopped {};

uint64_t parseInto(storage::Transaction& tx, ingest::InputSource& input, ingest::RdfFormat format,
                   const std::string& baseIri, const LoadOptions& options,
                   LoadProgress& progress, Clock::time_point start, uint64_t bytesBefore) {
  ingest::ParseOptions parseOptions;
  parseOptions.baseIri = baseIri;
  if (!options.graph.empty()) parseOptions.defaultGraph = Term::iri(options.graph);
  QuadEncoder encoder(tx, tx.newLoadNumber());
  std::atomic<uint64_t> parsed{0};
  auto report = [&](uint64_t consumed) {
    if (!options.progress) return;
    LoadProgress now = progress;
    now.bytesRead = bytesBefore + consumed;
    now.statements = progress.statements + parsed.load(std::memory_order_relaxed);
    now.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    options.progress(now);
  };
  StatementPipe pipe;
  uint64_t statements = 0;
  uint64_t lastConsumed = 0;
  std::thread parser([&] {
    std::exception_ptr error;
    try {
      StatementPipe::Batch batch;
      batch.reserve(StatementPipe::kBatchSize);
      statements = ingest::parseRdf(
          input, format, parseOptions,
          [&](Quad&& quad) {
            batch.push_back(std::move(quad));
            if (batch.size() == StatementPipe::kBatchSize) {
              parsed.fetch_add(batch.size(), std::memory_order_relaxed);
              if (!pipe.push(std::move(batch))) throw PipeStopped{};
              batch.clear();
              batch.reserve(StatementPipe::kBatchSize);
            }
          },
          [&](uint64_t consumed) {
            lastConsumed = consumed;
            report(consumed);
          });
      if (!batch.empty()) pipe.push(std::move(batch));
    } catch (const PipeStopped&) {
      // The consumer failed; its error is the one reported.
    } catch (const ingest::ParseError& e) {
      error = std::make_exception_ptr(
          PositionedError(ErrorCode::kInvalidInput, e.file, e.line, e.column, e.message));
    } catch (const ingest::IoError& e) {
      error = std::make_exception_ptr(Error(ErrorCode::kIo, e.what()));
    } catch (...) {
      error = std::current_exception();
    }
    pipe.finish(error);
  });
  try {
    StatementPipe::Batch batch;
    while (pipe.pop(batch)) {
      for (Quad& quad : batch) encoder.add(std::move(quad));
    }
  } catch (...) {
    pipe.stop();
    parser.join();
    throw;
  }
  parser.join();
  progress.statements += statements;
  progress.bytesRead = bytesBefore + lastConsumed;
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
