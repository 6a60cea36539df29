// Property paths (SPARQL 1.1 section 9): evaluated from a bound end when there is one, with
// iterative breadth-first search for * and + (set semantics, cycles terminate, no recursion
// on the data, so a chain of a million edges is fine).
#include <algorithm>
#include <deque>
#include <unordered_map>
#include <unordered_set>

#include "kg/error.h"
#include "query/operators.h"
#include "query/slot_binding.h"

namespace kg::query {
namespace {

using sparql::Path;
using storage::kAny;
using storage::QuadIds;

// Whether the path matches paths of length zero (every node to itself): p* and p?, and
// anything built from them that can take no step, such as (p*)+, p?/q* or p*|q.
bool matchesZeroLength(const Path& path) {
  switch (path.kind) {
    case Path::Kind::kZeroOrMore:
    case Path::Kind::kZeroOrOne: return true;
    case Path::Kind::kInverse:
    case Path::Kind::kOneOrMore: return matchesZeroLength(path.args[0]);
    case Path::Kind::kSequence:
      return std::all_of(path.args.begin(), path.args.end(), matchesZeroLength);
    case Path::Kind::kAlternative:
      return std::any_of(path.args.begin(), path.args.end(), matchesZeroLength);
    case Path::Kind::kIri:
    case Path::Kind::kNegated: return false;
  }
  return false;
}

class PathOp final : public Operator {
 public:
  PathOp(QueryContext& ctx, Slot subject, const Path& path, Slot object, GraphScope graph,
         std::string text)
      : ctx_(ctx), subject_(std::move(subject)), path_(path), object_(std::move(object)),
        graph_(std::move(graph)), text_(std::move(text)) {
    for (const Slot* s : {&subject_, &object_}) collectSlotVars(*s, certain);
    maybe = certain;
    // A path that can have length zero matches every node of the graph; joined with a value
    // from outside (VALUES, BIND) that is not a node, it must not match, so it cannot take
    // bindings by substitution.
    zeroLength_ = matchesZeroLength(path);
    seedable = !zeroLength_;
    // A search from a constant end is one search; from a free end, one per node. (The planner
    // divides by 100 when a join binds an end.)
    bool constantEnd = subject_.kind == Slot::Kind::kConst || object_.kind == Slot::Kind::kConst;
    estimate = constantEnd ? 10 : 1000;
  }

  std::string describe() const override { return "Path " + text_; }

 protected:
  void openImpl(const Row& seed) override {
    seed_ = seed;
    results_.clear();
    index_ = 0;
    std::vector<TermId> graphs = graphsFor(seed);
    if (graphs != graphs_) steps_.clear();  // edge lists are per graph scope
    graphs_ = std::move(graphs);
    // No graph: an empty default graph (FROM NAMED only, or FROM graphs that do not exist) still
    // lets a constant match itself by a zero-length path (18.4); no named graph matches nothing.
    if (graphs_.empty() && !(zeroLength_ && graph_.kind == GraphScope::Kind::kDefault)) return;
    auto s = resolve(subject_, seed);
    auto o = resolve(object_, seed);
    if (!s || !o) {
      // A constant the store does not know: only a zero-length path can match it. It has no
      // edges, so the search from its query-local id finds just the zero-length matches.
      if (!zeroLength_) return;
      for (auto [end, slot] : {std::make_pair(&s, &subject_), std::make_pair(&o, &object_)}) {
        if (*end) continue;
        if (!slot->term) return;
        *end = ctx_.encode(*slot->term);
      }
    }
    if (*s != kAny) {
      for (TermId end : evaluate(path_, *s, true)) {
        if (*o == kAny || *o == end) results_.emplace_back(*s, end);
      }
    } else if (*o != kAny) {
      for (TermId start : evaluate(path_, *o, false)) results_.emplace_back(start, *o);
    } else {
      for (TermId start : allNodes()) {
        ctx_.checkInterrupt();
        for (TermId end : evaluate(path_, start, true)) results_.emplace_back(start, end);
      }
    }
  }

  bool nextImpl(Row& row) override {
    while (index_ < results_.size()) {
      auto [s, o] = results_[index_++];
      row = seed_;
      if (!bind(subject_, s, row) || !bind(object_, o, row)) continue;
      return true;
    }
    return false;
  }

 private:
  std::vector<TermId> graphsFor(const Row&) const {
    switch (graph_.kind) {
      case GraphScope::Kind::kDefault:
        return graph_.defaultGraphs;
      case GraphScope::Kind::kNamedConst:
        if (graph_.id == kAny) return {};
        return {graph_.id};
      case GraphScope::Kind::kNamedVar:
        if (graph_.current && *graph_.current != kUnbound) return {*graph_.current};
        return ctx_.reader().namedGraphs();
    }
    return {};
  }

  // nullopt: a constant that is not in the store (zero-length paths still match it).
  std::optional<TermId> resolve(const Slot& slot, const Row& seed) {
    switch (slot.kind) {
      case Slot::Kind::kConst:
        if (slot.id == kAny) return std::nullopt;
        return slot.id;
      default:
        // Variables, and quoted-triple patterns (their id once every member is bound).
        return resolveSlot(ctx_, slot, seed);
    }
  }

  bool bind(const Slot& slot, TermId id, Row& row) {
    if (slot.kind == Slot::Kind::kConst) {
      return slot.id == id || (slot.term && ctx_.encode(*slot.term) == id);
    }
    return bindSlot(ctx_, slot, id, row);
  }

  // A default graph made of several FROM graphs is their merge: a triple stored in two of them
  // is one edge.
  bool mergesGraphs() const {
    return graph_.kind == GraphScope::Kind::kDefault && graphs_.size() > 1;
  }

  // Neighbours of node over predicate p (kAny = any predicate) in the scope's graphs.
  void neighbours(TermId node, TermId p, bool forward, std::vector<TermId>& out,
                  const std::vector<TermId>* excluded = nullptr) {
    std::vector<std::pair<TermId, TermId>> merged;  // (predicate, end) when merging graphs
    for (TermId g : graphs_) {
      QuadIds pattern{{kAny, p, kAny, g}};
      pattern.v[forward ? storage::kS : storage::kO] = node;
      auto order = storage::chooseIndex(pattern).order;
      // One restartable stream per index order serves every probe of the search.
      auto& stream = probes_[static_cast<int>(order)];
      if (!stream || !stream->restart(pattern)) stream = ctx_.reader().openRestartable(pattern, order);
      QuadIds q;
      while (stream->next(&q)) {
        ctx_.checkInterrupt();
        if (excluded && std::find(excluded->begin(), excluded->end(), q.p()) != excluded->end()) continue;
        if (mergesGraphs()) {
          merged.emplace_back(q.p(), forward ? q.o() : q.s());
        } else {
          out.push_back(forward ? q.o() : q.s());
        }
      }
    }
    if (!merged.empty()) {
      std::sort(merged.begin(), merged.end());
      merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
      for (const auto& edge : merged) out.push_back(edge.second);
    }
  }

  // One predicate step of a path in one direction. Its predicate id is looked up once, and
  // once a search has probed the index for it many times (a closure over a large part of the
  // graph), all its edges are read in one scan and kept sorted by start node: one sequential
  // scan instead of a seek per node.
  struct StepEdges {
    TermId predicate = kAny;  // kAny: not in the store, no edges
    uint64_t probes = 0;
    uint64_t loadAfter = 0;  // probes before loading the edges; 0 = never
    bool loaded = false;
    std::vector<std::pair<TermId, TermId>> edges;  // (from, to), sorted
  };

  static constexpr uint64_t kMinProbesBeforeLoad = 256;
  static constexpr uint64_t kMaxLoadedEdges = 16u << 20;  // 256 MiB of pairs

  StepEdges& stepFor(const Path& path, bool forward) {
    auto key = std::make_pair(&path, forward);
    auto it = steps_.find(key);
    if (it != steps_.end()) return it->second;
    StepEdges& st = steps_[key];
    st.predicate = iriId(path.iri);
    if (st.predicate != kAny) {
      const auto& stats = ctx_.reader().statistics().predicates;
      auto ps = stats.find(st.predicate);
      uint64_t quads = ps == stats.end() ? 0 : ps->second.quads;
      // Loading costs about one sequential read of the edges; a probe costs a seek. Load once
      // the probes reach a sixteenth of the edges (and never for huge predicates).
      if (quads <= kMaxLoadedEdges) st.loadAfter = std::max(kMinProbesBeforeLoad, quads / 16);
    }
    return st;
  }

  void step(const Path& path, TermId node, bool forward, std::vector<TermId>& out) {
    StepEdges& st = stepFor(path, forward);
    if (st.predicate == kAny) return;
    if (!st.loaded && st.loadAfter != 0 && ++st.probes >= st.loadAfter) loadEdges(st, forward);
    if (!st.loaded) {
      neighbours(node, st.predicate, forward, out);
      return;
    }
    auto from = std::lower_bound(st.edges.begin(), st.edges.end(), std::make_pair(node, TermId{0}));
    for (; from != st.edges.end() && from->first == node; ++from) out.push_back(from->second);
  }

  void loadEdges(StepEdges& st, bool forward) {
    for (TermId g : graphs_) {
      QuadIds pattern{{kAny, st.predicate, kAny, g}};
      auto stream = ctx_.reader().open(pattern, storage::chooseIndex(pattern).order);
      QuadIds q;
      while (stream->next(&q)) {
        ctx_.checkInterrupt();
        st.edges.emplace_back(forward ? q.s() : q.o(), forward ? q.o() : q.s());
      }
    }
    // Sorted by start node; an edge stored in several merged graphs is one edge.
    std::sort(st.edges.begin(), st.edges.end());
    if (mergesGraphs()) st.edges.erase(std::unique(st.edges.begin(), st.edges.end()), st.edges.end());
    st.loaded = true;
  }

  TermId iriId(const std::string& iri) {
    auto id = ctx_.storeId(Term::iri(iri));
    return id ? *id : kAny;
  }

  // A * or + search charges the budget per this many nodes reached, this much per node (the
  // set entry, the frontier slot and the result).
  static constexpr size_t kFrontierChunk = 4096;
  static constexpr uint64_t kBytesPerReachedNode = 64;

  // Ends reached from `node` (bag semantics except for * + ?, which are sets).
  std::vector<TermId> evaluate(const Path& path, TermId node, bool forward) {
    std::vector<TermId> out;
    switch (path.kind) {
      case Path::Kind::kIri:
        step(path, node, forward, out);
        break;
      case Path::Kind::kInverse:
        return evaluate(path.args[0], node, !forward);
      case Path::Kind::kSequence: {
        std::vector<TermId> current = {node};
        size_t n = path.args.size();
        for (size_t i = 0; i < n; ++i) {
          const Path& step = path.args[forward ? i : n - 1 - i];
          std::vector<TermId> next;
          for (TermId x : current) {
            auto r = evaluate(step, x, forward);
            next.insert(next.end(), r.begin(), r.end());
          }
          current.swap(next);
        }
        return current;
      }
      case Path::Kind::kAlternative:
        for (const auto& a : path.args) {
          auto r = evaluate(a, node, forward);
          out.insert(out.end(), r.begin(), r.end());
        }
        break;
      case Path::Kind::kZeroOrOne: {
        std::unordered_set<TermId> seen = {node};
        out.push_back(node);
        for (TermId x : evaluate(path.args[0], node, forward)) {
          if (seen.insert(x).second) out.push_back(x);
        }
        break;
      }
      case Path::Kind::kZeroOrMore:
      case Path::Kind::kOneOrMore: {
        std::unordered_set<TermId> seen;
        std::deque<TermId> queue;
        // The nodes reached and the frontier count against the query's memory budget: a
        // search over a huge graph stops with the budget error instead of taking the machine.
        Reservation frontier(ctx_.memory());
        size_t charged = 0;
        auto charge = [&] {
          if (seen.size() < charged + kFrontierChunk) return;
          frontier.grow(kFrontierChunk * kBytesPerReachedNode);
          charged += kFrontierChunk;
        };
        if (path.kind == Path::Kind::kZeroOrMore) {
          seen.insert(node);
          out.push_back(node);
          queue.push_back(node);
        } else {
          for (TermId x : evaluate(path.args[0], node, forward)) {
            if (seen.insert(x).second) {
              out.push_back(x);
              queue.push_back(x);
            }
          }
        }
        while (!queue.empty()) {
          TermId x = queue.front();
          queue.pop_front();
          ctx_.checkInterrupt();
          for (TermId y : evaluate(path.args[0], x, forward)) {
            if (seen.insert(y).second) {
              out.push_back(y);
              queue.push_back(y);
            }
          }
          charge();
        }
        break;
      }
      case Path::Kind::kNegated: {
        std::vector<TermId> forwardExcluded, inverseExcluded;
        bool anyForward = false, anyInverse = false;
        for (const auto& member : path.args) {
          if (member.kind == Path::Kind::kInverse) {
            anyInverse = true;
            inverseExcluded.push_back(iriId(member.args[0].iri));
          } else {
            anyForward = true;
            forwardExcluded.push_back(iriId(member.iri));
          }
        }
        // !(a|b) steps forward over other predicates; !(^a|^b) steps backward. Each direction
        // gives a node once however many predicates lead to it: a negated set is evaluated as
        // a set of pairs (SPARQL 1.1, 18.5), unlike an alternative, which is a union.
        auto distinctFrom = [&](size_t begin) {
          std::sort(out.begin() + static_cast<long>(begin), out.end());
          out.erase(std::unique(out.begin() + static_cast<long>(begin), out.end()), out.end());
        };
        if (anyForward || !anyInverse) {
          size_t begin = out.size();
          neighbours(node, kAny, forward, out, &forwardExcluded);
          distinctFrom(begin);
        }
        if (anyInverse) {
          size_t begin = out.size();
          neighbours(node, kAny, !forward, out, &inverseExcluded);
          distinctFrom(begin);
        }
        break;
      }
    }
    return out;
  }

  // Every subject and object in the scope's graphs (start points for unbound paths).
  std::vector<TermId> allNodes() {
    std::unordered_set<TermId> nodes;
    for (TermId g : graphs_) {
      QuadIds pattern{{kAny, kAny, kAny, g}};
      auto stream = ctx_.reader().open(pattern, storage::chooseIndex(pattern).order);
      QuadIds q;
      while (stream->next(&q)) {
        ctx_.checkInterrupt();
        nodes.insert(q.s());
        nodes.insert(q.o());
      }
    }
    std::vector<TermId> out(nodes.begin(), nodes.end());
    std::sort(out.begin(), out.end());
    return out;
  }

  QueryContext& ctx_;
  Slot subject_;
  Path path_;
  Slot object_;
  GraphScope graph_;
  std::string text_;
  bool zeroLength_ = false;
  Row seed_;
  std::vector<TermId> graphs_;
  std::vector<std::pair<TermId, TermId>> results_;
  size_t index_ = 0;
  struct StepKeyHash {
    size_t operator()(const std::pair<const Path*, bool>& k) const {
      return std::hash<const void*>()(k.first) * 2 + k.second;
    }
  };
  std::unordered_map<std::pair<const Path*, bool>, StepEdges, StepKeyHash> steps_;
  std::unique_ptr<storage::QuadStream> probes_[storage::kIndexCount];
};

}  // namespace

OperatorPtr makePathOp(QueryContext& ctx, Slot subject, const sparql::Path& path, Slot object,
                       GraphScope graph, std::string text) {
  return std::make_unique<PathOp>(ctx, std::move(subject), path, std::move(object), std::move(graph),
                                  std::move(text));
}

}  // namespace kg::query
