#include "kg/database.h"

#include <algorithm>
#include <chrono>
#include <ostream>

#include "api/database_state.h"
#include "api/loader.h"
#include "ingest/ingest.h"
#include "storage/transaction.h"

namespace kg {

using detail::DatabaseState;

Database::Database(std::unique_ptr<DatabaseState> state) : state_(std::move(state)) {}
Database::~Database() = default;

std::unique_ptr<Database> Database::open(const std::string& path, const OpenOptions& options) {
  if (path.empty()) throw Error(ErrorCode::kUsage, "no store directory given");
  auto state = std::make_unique<DatabaseState>();
  state->path = path;
  state->options = options;
  storage::StoreOptions storeOptions;
  storeOptions.path = path;
  storeOptions.readOnly = options.readOnly;
  storeOptions.createIfMissing = options.createIfMissing;
  storeOptions.cacheBytes = options.cacheBytes;
  state->store = storage::Store::open(storeOptions);
  return std::unique_ptr<Database>(new Database(std::move(state)));
}

const std::string& Database::path() const { return state_->path; }
bool Database::readOnly() const { return state_->options.readOnly; }

LoadResult Database::load(const std::string& path, const LoadOptions& options) {
  return load(std::vector<std::string>{path}, options);
}

LoadResult Database::load(const std::vector<std::string>& paths, const LoadOptions& options) {
  detail::refuseNestedWrite(state_->store.get());
  auto start = std::chrono::steady_clock::now();
  storage::Transaction tx(*state_->store);
  tx.setMemoryBudget(detail::loadMemoryBudget(options));
  LoadResult result;
  result.statements = detail::loadInto(tx, paths, options);
  result.added = tx.commit().added;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

LoadResult Database::loadString(std::string_view text, const LoadOptions& options) {
  detail::refuseNestedWrite(state_->store.get());
  auto start = std::chrono::steady_clock::now();
  storage::Transaction tx(*state_->store);
  tx.setMemoryBudget(detail::loadMemoryBudget(options));
  LoadResult result;
  result.statements = detail::loadTextInto(tx, text, options);
  result.added = tx.commit().added;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

uint64_t Database::dump(std::ostream& out, DumpFormat format) const {
  auto view = state_->store->readView();
  storage::QuadIds all{{storage::kAny, storage::kAny, storage::kAny, storage::kAny}};
  if (format == DumpFormat::kNTriples) all.v[storage::kG] = storage::kDefaultGraph;
  auto cursor = view->scan(all, storage::IndexOrder::kGSPO);
  storage::QuadIds ids;
  uint64_t written = 0;
  std::string line;
  Term graph = Term::iri("");
  storage::TermId lastGraph = storage::kDefaultGraph;
  while (cursor.next(&ids)) {
    line.clear();
    appendNTriples(line, view->decode(ids.s()));
    line += ' ';
    appendNTriples(line, view->decode(ids.p()));
    line += ' ';
    appendNTriples(line, view->decode(ids.o()));
    if (ids.g() != storage::kDefaultGraph) {
      if (ids.g() != lastGraph) {
        graph = view->decode(ids.g());
        lastGraph = ids.g();
      }
      line += ' ';
      appendNTriples(line, graph);
    }
    line += " .\n";
    out << line;
    ++written;
  }
  out.flush();
  if (!out) throw Error(ErrorCode::kIo, "cannot write the dump");
  return written;
}

StoreStatistics Database::statistics() const {
  auto view = state_->store->readView();
  const storage::Statistics& stats = view->statistics();
  StoreStatistics out;
  out.quads = stats.quads;
  out.terms = stats.terms;
  for (const auto& [g, n] : stats.graphs) {
    out.graphs.push_back({g == storage::kDefaultGraph ? Term::iri("") : view->decode(g), n});
  }
  for (const auto& [p, ps] : stats.predicates) {
    out.predicates.push_back({view->decode(p), ps.quads, ps.distinctSubjects, ps.distinctObjects});
  }
  std::sort(out.predicates.begin(), out.predicates.end(), [](const auto& a, const auto& b) {
    return a.quads != b.quads ? a.quads > b.quads : a.predicate < b.predicate;
  });
  out.diskBytes = state_->store->diskBytes();
  return out;
}

void Database::compact() { state_->store->compact(); }

}  // namespace kg
