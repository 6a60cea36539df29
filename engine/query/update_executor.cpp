#include "query/update_executor.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "kg/error.h"
#include "query/planner.h"
#include "query/query_context.h"

namespace kg::query {
namespace {

namespace fs = std::filesystem;
using sparql::GraphTarget;
using sparql::QuadPattern;
using sparql::TermPattern;
using sparql::UpdateKind;
using sparql::UpdateOperation;
using storage::kAny;
using storage::QuadIds;

class OperationRunner {
 public:
  OperationRunner(storage::Transaction& tx, const UpdateEnvironment& env, uint64_t requestNumber)
      : tx_(tx), env_(env), requestNumber_(requestNumber) {}

  void run(const UpdateOperation& op, UpdateResult& result) {
    switch (op.kind) {
      case UpdateKind::kInsertData:
        for (const auto& q : op.quads) {
          if (insert(quadTerms(q, nullptr, 0, defaultGraphTerm(op)), result)) {}
        }
        break;
      case UpdateKind::kDeleteData:
        for (const auto& q : op.quads) erase(quadTerms(q, nullptr, 0, defaultGraphTerm(op)), result);
        break;
      case UpdateKind::kDeleteWhere:
        modify(op, &op.quads, nullptr, whereFromQuads(op.quads), result);
        break;
      case UpdateKind::kModify:
        modify(op, op.hasDelete ? &op.deleteTemplate : nullptr,
               op.hasInsert ? &op.insertTemplate : nullptr, op.where, result);
        break;
      case UpdateKind::kLoad:
        load(op, result);
        break;
      case UpdateKind::kClear:
      case UpdateKind::kDrop:
        clear(op.target, op.silent, op.kind == UpdateKind::kDrop, result);
        break;
      case UpdateKind::kCreate:
        if (!op.silent && graphHasQuads(op.target.iri)) {
          throw Error(ErrorCode::kQuery, "CREATE GRAPH <" + op.target.iri + ">: the graph already exists");
        }
        break;
      case UpdateKind::kAdd:
      case UpdateKind::kMove:
      case UpdateKind::kCopy:
        transfer(op, result);
        break;
    }
  }

 private:
  using QuadTerms = std::optional<std::array<Term, 4>>;

  Term defaultGraphTerm(const UpdateOperation& op) const {
    return op.with ? Term::iri(*op.with) : Term::iri("");
  }

  // The quad of a template (or data) quad pattern under one solution; nullopt when a variable
  // is unbound or the result is not a valid RDF quad.
  QuadTerms quadTerms(const QuadPattern& q, QueryContext* ctx, uint64_t solution, const Term& defaultGraph,
                      const Row* row = nullptr, VarTable* vars = nullptr) {
    auto term = [&](const TermPattern& t, auto&& self) -> std::optional<Term> {
      switch (t.kind) {
        case TermPattern::Kind::kVar: {
          if (!row || !vars) return std::nullopt;
          auto slot = vars->find(t.var.name);
          if (!slot || (*row)[*slot] == kUnbound) return std::nullopt;
          return ctx->decode((*row)[*slot]);
        }
        case TermPattern::Kind::kTerm:
          if (t.term.isBlank()) {
            // Fresh per request (data) or per solution (templates).
            return Term::blank("u" + std::to_string(requestNumber_) + "_" + std::to_string(solution) +
                               "_" + t.term.value);
          }
          return t.term;
        case TermPattern::Kind::kQuoted: {
          auto s = self(t.quoted[0], self), p = self(t.quoted[1], self), o = self(t.quoted[2], self);
          if (!s || !p || !o || s->isLiteral() || !p->isIri()) return std::nullopt;
          return Term::quoted(*s, *p, *o);
        }
      }
      return std::nullopt;
    };
    auto s = term(q.triple.subject, term);
    auto p = term(q.triple.predicate, term);
    auto o = term(q.triple.object, term);
    if (!s || !p || !o || s->isLiteral() || !p->isIri()) return std::nullopt;
    Term g = defaultGraph;
    if (q.graph) {
      auto gt = term(*q.graph, term);
      if (!gt || !gt->isIri()) return std::nullopt;
      g = *gt;
    }
    return std::array<Term, 4>{*s, *p, *o, g};
  }

  bool insert(const QuadTerms& q, UpdateResult& result) {
    if (!q) return false;
    QuadIds ids;
    ids.v[storage::kS] = tx_.intern((*q)[0]);
    ids.v[storage::kP] = tx_.intern((*q)[1]);
    ids.v[storage::kO] = tx_.intern((*q)[2]);
    ids.v[storage::kG] = (*q)[3].value.empty() && (*q)[3].isIri() ? storage::kDefaultGraph : tx_.intern((*q)[3]);
    if (tx_.contains(ids)) return false;
    tx_.insert(ids);
    ++result.inserted;
    return true;
  }

  bool erase(const QuadTerms& q, UpdateResult& result) {
    if (!q) return false;
    QuadIds ids;
    for (int i = 0; i < 3; ++i) {
      auto id = tx_.lookup((*q)[i]);
      if (!id) return false;
      ids.v[i] = *id;
    }
    if ((*q)[3].isIri() && (*q)[3].value.empty()) {
      ids.v[storage::kG] = storage::kDefaultGraph;
    } else {
      auto g = tx_.lookup((*q)[3]);
      if (!g) return false;
      ids.v[storage::kG] = *g;
    }
    if (!tx_.contains(ids)) return false;
    tx_.erase(ids);
    ++result.deleted;
    return true;
  }

  // DELETE WHERE's pattern: its quads as a group (GRAPH blocks for named graphs).
  sparql::GroupPattern whereFromQuads(const std::vector<QuadPattern>& quads) {
    sparql::GroupPattern group;
    sparql::PatternElement defaults;
    defaults.kind = sparql::PatternElement::Kind::kTriples;
    for (const auto& q : quads) {
      if (!q.graph) {
        defaults.triples.push_back(q.triple);
        continue;
      }
      sparql::PatternElement graph;
      graph.kind = sparql::PatternElement::Kind::kGraph;
      graph.graph = *q.graph;
      sparql::GroupPattern inner;
      sparql::PatternElement triples;
      triples.kind = sparql::PatternElement::Kind::kTriples;
      triples.triples.push_back(q.triple);
      inner.elements.push_back(std::move(triples));
      graph.groups.push_back(std::move(inner));
      group.elements.push_back(std::move(graph));
    }
    if (!defaults.triples.empty()) group.elements.insert(group.elements.begin(), std::move(defaults));
    return group;
  }

  void modify(const UpdateOperation& op, const std::vector<QuadPattern>* deletes,
              const std::vector<QuadPattern>* inserts, const sparql::GroupPattern& where,
              UpdateResult& result) {
    QueryContext ctx(tx_, op.baseIri.empty() ? env_.options.baseIri : op.baseIri, env_.options.timeout,
                     env_.options.cancel);
    // The dataset of WHERE: USING / USING NAMED, else WITH's graph, else the whole store.
    Dataset dataset;
    if (!op.usingDefault.empty() || !op.usingNamed.empty()) {
      dataset.defaultGraphs.clear();
      for (const auto& iri : op.usingDefault) {
        if (auto id = tx_.lookup(Term::iri(iri))) dataset.defaultGraphs.push_back(*id);
      }
      dataset.namedGraphs = std::make_shared<std::vector<TermId>>();
      for (const auto& iri : op.usingNamed) {
        auto id = tx_.lookup(Term::iri(iri));
        if (id && graphHoldsQuads(tx_, *id)) dataset.namedGraphs->push_back(*id);
      }
      std::sort(dataset.namedGraphs->begin(), dataset.namedGraphs->end());
    } else if (op.with) {
      auto id = tx_.lookup(Term::iri(*op.with));
      dataset.defaultGraphs = {id ? *id : kAny};
      if (!id) dataset.defaultGraphs.clear();
    }
    Planner planner(ctx, dataset);
    OperatorPtr plan = planner.compileGroup(where, planner.defaultScope());
    // Evaluate the whole pattern before changing anything.
    std::vector<Row> rows;
    Row seed(planner.vars().size(), kUnbound);
    plan->open(seed);
    Row row(planner.vars().size(), kUnbound);
    while (plan->next(row)) {
      ctx.checkNow();
      rows.push_back(row);
    }
    Term defaultGraph = defaultGraphTerm(op);
    std::vector<QuadTerms> toDelete, toInsert;
    for (const auto& r : rows) {
      uint64_t solution = ++solutionCounter_;
      if (deletes) {
        for (const auto& q : *deletes) toDelete.push_back(quadTerms(q, &ctx, solution, defaultGraph, &r, &planner.vars()));
      }
      if (inserts) {
        for (const auto& q : *inserts) toInsert.push_back(quadTerms(q, &ctx, solution, defaultGraph, &r, &planner.vars()));
      }
    }
    for (const auto& q : toDelete) erase(q, result);
    for (const auto& q : toInsert) insert(q, result);
  }

  std::vector<TermId> graphsOf(const GraphTarget& target) {
    switch (target.kind) {
      case GraphTarget::Kind::kDefault:
        return {storage::kDefaultGraph};
      case GraphTarget::Kind::kGraph: {
        auto id = tx_.lookup(Term::iri(target.iri));
        if (!id) return {};
        return {*id};
      }
      case GraphTarget::Kind::kNamed:
        return tx_.namedGraphs();
      case GraphTarget::Kind::kAll: {
        auto out = tx_.namedGraphs();
        out.push_back(storage::kDefaultGraph);
        return out;
      }
    }
    return {};
  }

  bool graphHasQuads(const std::string& iri) {
    auto id = tx_.lookup(Term::iri(iri));
    if (!id) return false;
    auto stream = tx_.open(QuadIds{{kAny, kAny, kAny, *id}}, storage::IndexOrder::kGSPO);
    QuadIds q;
    return stream->next(&q);
  }

  std::vector<QuadIds> quadsIn(TermId graph) {
    std::vector<QuadIds> out;
    auto stream = tx_.open(QuadIds{{kAny, kAny, kAny, graph}}, storage::IndexOrder::kGSPO);
    QuadIds q;
    while (stream->next(&q)) out.push_back(q);
    return out;
  }

  void clear(const GraphTarget& target, bool silent, bool drop, UpdateResult& result) {
    (void)drop;
    if (target.kind == GraphTarget::Kind::kGraph && !graphHasQuads(target.iri) && !silent) {
      // kg keeps no empty graphs: clearing one that holds nothing is not an error.
    }
    for (TermId g : graphsOf(target)) {
      for (const auto& q : quadsIn(g)) {
        tx_.erase(q);
        ++result.deleted;
      }
    }
  }

  TermId targetGraphId(const GraphTarget& target) {
    if (target.kind == GraphTarget::Kind::kDefault) return storage::kDefaultGraph;
    return tx_.intern(Term::iri(target.iri));
  }

  void transfer(const UpdateOperation& op, UpdateResult& result) {
    bool sameGraph = op.from.kind == op.target.kind &&
                     (op.from.kind != GraphTarget::Kind::kGraph || op.from.iri == op.target.iri);
    if (sameGraph) return;
    if (op.from.kind == GraphTarget::Kind::kGraph && !graphHasQuads(op.from.iri) && !op.silent) {
      // The source graph does not exist: an error unless SILENT (an empty graph is kept as
      // no graph at all, so ADD from an empty graph is treated the same way).
      throw Error(ErrorCode::kQuery, "graph <" + op.from.iri + "> does not exist");
    }
    std::vector<QuadIds> source;
    for (TermId g : graphsOf(op.from)) {
      auto quads = quadsIn(g);
      source.insert(source.end(), quads.begin(), quads.end());
    }
    if (op.kind != UpdateKind::kAdd) clear(op.target, true, false, result);
    TermId to = targetGraphId(op.target);
    for (auto q : source) {
      q.v[storage::kG] = to;
      if (!tx_.contains(q)) {
        tx_.insert(q);
        ++result.inserted;
      }
    }
    if (op.kind == UpdateKind::kMove) clear(op.from, true, true, result);
  }

  void load(const UpdateOperation& op, UpdateResult& result) {
    const std::string& iri = op.source;
    try {
      if (iri.rfind("file:", 0) != 0) {
        throw Error(ErrorCode::kQuery, "LOAD <" + iri + ">: only file: IRIs can be loaded");
      }
      std::string path = iri.substr(5);
      if (path.rfind("//", 0) == 0) {
        size_t slash = path.find('/', 2);
        path = slash == std::string::npos ? "/" : path.substr(slash);
      }
      // Percent-decoding of the path.
      std::string decoded;
      for (size_t i = 0; i < path.size(); ++i) {
        if (path[i] == '%' && i + 2 < path.size()) {
          decoded += static_cast<char>(std::stoi(path.substr(i + 1, 2), nullptr, 16));
          i += 2;
        } else {
          decoded += path[i];
        }
      }
      std::error_code ec;
      fs::path real = fs::weakly_canonical(decoded, ec);
      std::vector<std::string> allowed = env_.options.allowedLoadDirectories;
      if (allowed.empty()) allowed.push_back(fs::current_path(ec).string());
      bool ok = false;
      for (const auto& dir : allowed) {
        fs::path base = fs::weakly_canonical(dir, ec);
        auto rel = real.lexically_relative(base);
        if (!rel.empty() && rel.native().rfind("..", 0) != 0) ok = true;
      }
      if (!ok) {
        throw Error(ErrorCode::kQuery, "LOAD <" + iri + ">: " + real.string() +
                                           " is outside the directories LOAD may read (" +
                                           allowed.front() + ")");
      }
      if (!env_.loadFile) throw Error(ErrorCode::kQuery, "LOAD is not available here");
      if (!env_.countLoadedQuads) {
        env_.loadFile(tx_, real.string(), op.hasInto ? op.into.iri : "");
        return;
      }
      // Net change of the transaction: quads it now adds, plus removals it no longer makes.
      size_t addedBefore = tx_.pendingAdded(), removedBefore = tx_.pendingRemoved();
      env_.loadFile(tx_, real.string(), op.hasInto ? op.into.iri : "");
      size_t addedAfter = tx_.pendingAdded(), removedAfter = tx_.pendingRemoved();
      result.inserted += (addedAfter - addedBefore) + (removedBefore - removedAfter);
    } catch (const Error&) {
      if (!op.silent) throw;
    }
  }

  storage::Transaction& tx_;
  const UpdateEnvironment& env_;
  uint64_t requestNumber_;
  uint64_t solutionCounter_ = 0;  // template blank nodes are fresh per solution, request-wide
};

}  // namespace

UpdateResult executeUpdate(const sparql::UpdateRequest& request, storage::Transaction& tx,
                           const UpdateEnvironment& env) {
  UpdateResult result;
  OperationRunner runner(tx, env, tx.newLoadNumber());
  for (const auto& op : request.operations) {
    runner.run(op, result);
    ++result.operations;
  }
  return result;
}

}  // namespace kg::query
