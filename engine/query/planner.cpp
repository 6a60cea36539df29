#include "query/planner.h"

#include "query/label_op.h"
#include "query/text_op.h"
#include "query/text_pattern.h"

#include "query/join_order.h"

#include <algorithm>
#include <limits>

#include "kg/error.h"
#include "sparql/parser.h"

namespace kg::query {

using sparql::Expr;
using sparql::GroupPattern;
using sparql::PatternElement;
using sparql::TermPattern;
using sparql::TriplePattern;

namespace {

// Marks a constant the store does not know: a scan with it matches nothing.
constexpr TermId kUnknownConstant = storage::kAny;

bool containsExists(const Expr& e) {
  if (e.kind == Expr::Kind::kExists || e.kind == Expr::Kind::kNotExists) return true;
  for (const auto& a : e.args) {
    if (containsExists(a)) return true;
  }
  return false;
}

void collectAggregates(const Expr& e, std::vector<const Expr*>& out) {
  if (e.kind == Expr::Kind::kAggregate) {
    out.push_back(&e);
    return;
  }
  for (const auto& a : e.args) collectAggregates(a, out);
}

void collectPatternVars(const TermPattern& t, std::vector<std::string>& out) {
  if (t.isVar()) out.push_back(t.var.name);
  if (t.isQuoted()) {
    for (const auto& q : t.quoted) collectPatternVars(q, out);
  }
}

// The variables an element binds itself (not those of its nested groups).
void collectElementVars(const PatternElement& e, std::vector<std::string>& out) {
  for (const auto& t : e.triples) {
    collectPatternVars(t.subject, out);
    if (!t.isPath) collectPatternVars(t.predicate, out);
    collectPatternVars(t.object, out);
  }
  if (e.kind == PatternElement::Kind::kGraph) collectPatternVars(e.graph, out);
  if (e.kind == PatternElement::Kind::kBind) out.push_back(e.var.name);
  if (e.kind == PatternElement::Kind::kValues) {
    for (const auto& v : e.values.vars) out.push_back(v.name);
  }
}

// Variables of a group's patterns (not of its filters), nested groups included.
void collectGroupVars(const GroupPattern& group, std::vector<std::string>& out) {
  for (const auto& e : group.elements) {
    collectElementVars(e, out);
    for (const auto& g : e.groups) collectGroupVars(g, out);
  }
}

// Variables in the order they first appear in a pattern, subqueries included (the column
// order of SELECT *).
void collectVarsInOrder(const GroupPattern& group, std::vector<std::string>& out) {
  for (const auto& e : group.elements) {
    collectElementVars(e, out);
    for (const auto& g : e.groups) collectVarsInOrder(g, out);
    for (const auto& sub : e.subquery) {
      if (sub.selectAll) {
        collectVarsInOrder(sub.where, out);
      } else {
        for (const auto& p : sub.projections) out.push_back(p.var.name);
      }
    }
  }
}

class UnitOp final : public Operator {
 public:
  UnitOp() {
    seedable = true;
    estimate = 1;
  }
  std::string describe() const override { return "Unit"; }

 protected:
  void openImpl(const Row& seed) override {
    seed_ = seed;
    done_ = false;
  }
  bool nextImpl(Row& row) override {
    if (done_) return false;
    done_ = true;
    row = seed_;
    return true;
  }

 private:
  Row seed_;
  bool done_ = true;
};

class EmptyOp final : public Operator {
 public:
  explicit EmptyOp(std::string why) : why_(std::move(why)) { seedable = true; }
  std::string describe() const override { return "Empty (" + why_ + ")"; }

 protected:
  void openImpl(const Row&) override {}
  bool nextImpl(Row&) override { return false; }

 private:
  std::string why_;
};

bool isUnit(const OperatorPtr& op) { return op && dynamic_cast<UnitOp*>(op.get()) != nullptr; }

}  // namespace

Planner::Planner(QueryContext& ctx, Dataset dataset)
    : ctx_(ctx),
      dataset_(std::move(dataset)),
      vars_(std::make_unique<VarTable>()),
      eval_(std::make_unique<Evaluator>(ctx, *vars_)) {
  eval_->setExistsCompiler([this](const Expr* e) -> Operator* {
    auto it = existsOps_.find(e);
    if (it == existsOps_.end()) throw Error(ErrorCode::kQuery, "EXISTS was not prepared");
    return it->second.get();
  });
}

Planner::~Planner() = default;

GraphScope Planner::defaultScope() const {
  GraphScope scope;
  scope.kind = GraphScope::Kind::kDefault;
  scope.defaultGraphs = dataset_.defaultGraphs;
  scope.namedGraphs = dataset_.namedGraphs;
  return scope;
}

OperatorPtr Planner::unit() { return std::make_unique<UnitOp>(); }

TermId Planner::constantId(const Term& term) {
  auto id = ctx_.storeId(term);
  return id ? *id : kUnknownConstant;
}

bool graphHoldsQuads(const storage::QuadReader& reader, TermId graph) {
  auto stream = reader.open(storage::QuadIds{{storage::kAny, storage::kAny, storage::kAny, graph}},
                                   storage::IndexOrder::kGSPO);
  storage::QuadIds quad;
  return stream->next(&quad);
}

Slot Planner::slotFor(const TermPattern& t) {
  Slot slot;
  switch (t.kind) {
    case TermPattern::Kind::kVar:
      slot.kind = Slot::Kind::kVar;
      slot.var = vars_->slot(t.var.name);
      break;
    case TermPattern::Kind::kTerm:
      slot.kind = Slot::Kind::kConst;
      slot.id = constantId(t.term);
      slot.term = std::make_shared<Term>(t.term);
      break;
    case TermPattern::Kind::kQuoted: {
      // Fully constant: one term. Else matched member by member after the scan.
      bool constant = true;
      for (const auto& q : t.quoted) constant = constant && q.isTerm();
      if (constant) {
        slot.kind = Slot::Kind::kConst;
        slot.id = constantId(Term::quoted(t.quoted[0].term, t.quoted[1].term, t.quoted[2].term));
        break;
      }
      slot.kind = Slot::Kind::kQuoted;
      slot.quoted = std::make_shared<std::vector<Slot>>();
      for (const auto& q : t.quoted) slot.quoted->push_back(slotFor(q));
      break;
    }
  }
  return slot;
}

std::string Planner::shortIri(const std::string& iri) const {
  for (const auto& [prefix, ns] : prefixes_) {
    if (!ns.empty() && iri.size() > ns.size() && iri.compare(0, ns.size(), ns) == 0) {
      std::string local = iri.substr(ns.size());
      if (local.find_first_of("/#?:") == std::string::npos) return prefix + ":" + local;
    }
  }
  return "<" + iri + ">";
}

std::string Planner::termText(const TermPattern& t) const {
  switch (t.kind) {
    case TermPattern::Kind::kVar:
      return t.var.isBlank ? t.var.name : "?" + t.var.name;
    case TermPattern::Kind::kTerm:
      if (t.term.isIri()) return shortIri(t.term.value);
      return t.term.toNTriples();
    case TermPattern::Kind::kQuoted:
      return "<< " + termText(t.quoted[0]) + " " + termText(t.quoted[1]) + " " +
             termText(t.quoted[2]) + " >>";
  }
  return "";
}

// A property path in SPARQL syntax, parenthesised where precedence needs it.
std::string Planner::pathText(const sparql::Path& path) const {
  using Kind = sparql::Path::Kind;
  auto operand = [&](const sparql::Path& p) {
    bool compound = p.kind == Kind::kSequence || p.kind == Kind::kAlternative;
    return compound ? "(" + pathText(p) + ")" : pathText(p);
  };
  auto join = [&](const char* separator) {
    std::string out;
    for (size_t i = 0; i < path.args.size(); ++i) {
      if (i) out += separator;
      const sparql::Path& a = path.args[i];
      bool loose = path.kind == Kind::kSequence && a.kind == Kind::kAlternative;
      out += loose ? "(" + pathText(a) + ")" : pathText(a);
    }
    return out;
  };
  switch (path.kind) {
    case Kind::kIri: return shortIri(path.iri);
    case Kind::kInverse: return "^" + operand(path.args[0]);
    case Kind::kSequence: return join("/");
    case Kind::kAlternative: return join("|");
    case Kind::kZeroOrMore: return operand(path.args[0]) + "*";
    case Kind::kOneOrMore: return operand(path.args[0]) + "+";
    case Kind::kZeroOrOne: return operand(path.args[0]) + "?";
    case Kind::kNegated: {
      std::string out;
      for (size_t i = 0; i < path.args.size(); ++i) out += (i ? "|" : "") + pathText(path.args[i]);
      return path.args.size() == 1 ? "!" + out : "!(" + out + ")";
    }
  }
  return "";
}

std::string Planner::patternText(const TriplePattern& t) const {
  std::string predicate = t.isPath ? pathText(t.path) : termText(t.predicate);
  return termText(t.subject) + " " + predicate + " " + termText(t.object);
}

void Planner::prepareExists(const Expr& e, const GraphScope& scope) {
  // Each node registers only its own variable: registering a whole subtree at every level
  // made long FILTER chains (a || b || ...) quadratic.
  if (e.kind == Expr::Kind::kVar) vars_->slot(e.var.name);
  if (e.kind == Expr::Kind::kExists || e.kind == Expr::Kind::kNotExists) {
    if (!existsOps_.count(&e) && !e.pattern.empty()) {
      // EXISTS runs once per solution with that solution's values bound: plan it for seeds.
      std::set<int> outerHint = seedHint_;
      std::vector<std::string> inner;
      collectGroupVars(e.pattern[0], inner);
      for (const auto& n : inner) {
        if (outerVars_.count(n)) seedHint_.insert(vars_->slot(n));
      }
      existsOps_[&e] = compileGroup(e.pattern[0], scope);
      seedHint_ = outerHint;
    }
  }
  for (const auto& a : e.args) prepareExists(a, scope);
}

OperatorPtr Planner::join(OperatorPtr left, OperatorPtr right) {
  if (!left || isUnit(left)) return right;
  if (isUnit(right)) return left;
  if (right->seedable) return std::make_unique<BindJoinOp>(std::move(left), std::move(right));
  return std::make_unique<HashJoinOp>(ctx_, std::move(left), std::move(right));
}

OperatorPtr Planner::compileBgp(std::vector<const TriplePattern*> triples, const GraphScope& scope,
                                std::vector<const Expr*>& filters) {
  struct Part {
    OperatorPtr op;
    ScanOp* scan = nullptr;
    std::set<int> vars;
    std::set<int> endVars;  // for paths: the variables at its ends
  };
  std::vector<Part> parts;
  std::set<int> allVars;
  // kg:matches patterns (and the lists they use) become text index scans.
  std::vector<TextPattern> textPatterns = takeTextPatterns(triples);
  for (const TextPattern& tp : textPatterns) {
    if (tp.labels) {
      std::string label = "?" + tp.text.var.name;
      if (tp.score) label = "(" + label + " " + termText(*tp.score) + ")";
      label += " kg:labelPrefix " + Term::literal(tp.search).toNTriples();
      Part part;
      part.op = std::make_unique<LabelScanOp>(ctx_, vars_->slot(tp.text.var.name),
                                              tp.score ? vars_->slot(tp.score->var.name) : -1, tp.search, tp.top,
                                              label);
      part.vars = part.op->certain;
      allVars.insert(part.vars.begin(), part.vars.end());
      parts.push_back(std::move(part));
      continue;
    }
    storage::text::TextQuery search;
    try {
      search = storage::text::parseTextQuery(tp.search);
    } catch (const Error& e) {
      throw Error(ErrorCode::kQuery, "line " + std::to_string(tp.pos.line) + ", column " +
                                         std::to_string(tp.pos.column) + ": " + e.what());
    }
    std::string label = termText(tp.text);
    if (tp.score) label = "(" + label + " " + termText(*tp.score) + ")";
    label += " kg:matches " + Term::literal(tp.search).toNTriples();
    Part part;
    part.op = std::make_unique<TextScanOp>(ctx_, slotFor(tp.text), tp.score ? vars_->slot(tp.score->var.name) : -1,
                                           std::move(search), tp.top, label);
    part.vars = part.op->certain;
    allVars.insert(part.vars.begin(), part.vars.end());
    parts.push_back(std::move(part));
  }
  for (const TriplePattern* t : triples) {
    Part part;
    if (t->isPath) {
      Slot s = slotFor(t->subject), o = slotFor(t->object);
      part.op = makePathOp(ctx_, s, t->path, o, scope, patternText(*t));
      part.vars = part.op->certain;
    } else {
      auto scan = std::make_unique<ScanOp>(ctx_, slotFor(t->subject), slotFor(t->predicate),
                                           slotFor(t->object), scope, patternText(*t), nullptr);
      if (scan->empty()) {
        // One pattern cannot match: the whole BGP is empty, without scanning anything.
        auto empty = std::make_unique<EmptyOp>("no data for " + patternText(*t));
        for (const TriplePattern* other : triples) {
          std::vector<std::string> names;
          collectPatternVars(other->subject, names);
          if (!other->isPath) collectPatternVars(other->predicate, names);
          collectPatternVars(other->object, names);
          for (const auto& n : names) empty->maybe.insert(vars_->slot(n));
        }
        for (const auto& part : parts) empty->maybe.insert(part.vars.begin(), part.vars.end());
        empty->certain = empty->maybe;
        return empty;
      }
      part.scan = scan.get();
      part.vars = scan->certain;
      part.op = std::move(scan);
    }
    allVars.insert(part.vars.begin(), part.vars.end());
    parts.push_back(std::move(part));
  }

  // Filters that only read this BGP's variables run right after the scan binding their last one.
  struct PendingFilter {
    const Expr* expr;
    std::set<int> vars;
  };
  std::vector<PendingFilter> mine;
  for (auto it = filters.begin(); it != filters.end();) {
    std::vector<std::string> names;
    Evaluator::collectVars(**it, names);
    std::set<int> vs;
    bool ok = !containsExists(**it);
    for (const auto& n : names) {
      auto slot = vars_->find(n);
      if (!slot || !allVars.count(*slot)) ok = false;
      if (slot) vs.insert(*slot);
    }
    if (ok) {
      mine.push_back({*it, vs});
      it = filters.erase(it);
    } else {
      ++it;
    }
  }

  // Join order and methods from the costs (query/join_order.h).
  bool allSeedable = true;
  for (const auto& part : parts) allSeedable = allSeedable && part.op->seedable;
  std::vector<JoinPart> joinParts;
  for (const auto& part : parts) joinParts.push_back({part.op.get(), part.scan, part.vars});
  JoinPlan order = orderJoins(joinParts, seedHint_, /*allowHash=*/seedHint_.empty());
  std::set<int> bound = seedHint_;
  OperatorPtr plan;
  for (const JoinStep& step : order.steps) {
    Part& part = parts[step.part];
    using Method = JoinStep::Method;
    if (part.scan) {
      part.scan->setPlannedBound(step.method == Method::kNestedLoop ? bound : seedHint_);
      if (step.sortVar >= 0) part.scan->forceOrder(*part.scan->orderSortedOn(step.sortVar));
    }
    OperatorPtr op = std::move(part.op);
    switch (step.method) {
      case Method::kFirst:
        plan = std::move(op);
        break;
      case Method::kNestedLoop:
        op->estimate = part.scan ? part.scan->estimateWith(bound) : op->estimate;
        plan = std::make_unique<BindJoinOp>(std::move(plan), std::move(op), step.batched);
        break;
      case Method::kHash:
        plan = std::make_unique<HashJoinOp>(ctx_, std::move(plan), std::move(op));
        break;
      case Method::kMerge:
        plan = std::make_unique<MergeJoinOp>(ctx_, std::move(plan), std::move(op), step.sortVar,
                                             vars_->name(step.sortVar));
        break;
    }
    plan->estimate = step.rows;
    bound.insert(part.vars.begin(), part.vars.end());
    // Place the filters that are now fully bound.
    std::vector<const Expr*> ready;
    for (auto it = mine.begin(); it != mine.end();) {
      if (std::includes(bound.begin(), bound.end(), it->vars.begin(), it->vars.end())) {
        ready.push_back(it->expr);
        it = mine.erase(it);
      } else {
        ++it;
      }
    }
    if (!ready.empty()) {
      auto filtered = std::make_unique<FilterOp>(*eval_, std::move(plan), ready);
      filtered->seedable = true;  // reads only variables this BGP always binds
      plan = std::move(filtered);
    }
  }
  for (const auto& f : mine) filters.push_back(f.expr);  // cannot happen, but never lose one
  if (!plan) return unit();
  plan->seedable = allSeedable;
  return plan;
}

OperatorPtr Planner::compileElement(const PatternElement& element, const GraphScope& scope) {
  switch (element.kind) {
    case PatternElement::Kind::kUnion: {
      std::vector<OperatorPtr> branches;
      for (const auto& g : element.groups) branches.push_back(compileGroup(g, scope));
      return std::make_unique<UnionOp>(std::move(branches));
    }
    case PatternElement::Kind::kGraph: {
      const TermPattern& g = element.graph;
      if (g.isVar()) {
        int var = vars_->slot(g.var.name);
        GraphScope inner;
        inner.kind = GraphScope::Kind::kNamedVar;
        inner.var = var;
        inner.namedGraphs = dataset_.namedGraphs;
        inner.current = std::make_shared<TermId>(kUnbound);
        auto body = compileGroup(element.groups[0], inner);
        return std::make_unique<GraphVarOp>(ctx_, std::move(body), var, g.var.name,
                                            dataset_.namedGraphs, inner.current);
      }
      GraphScope inner;
      inner.kind = GraphScope::Kind::kNamedConst;
      inner.namedGraphs = dataset_.namedGraphs;
      inner.id = g.isTerm() ? constantId(g.term) : kUnknownConstant;
      if (inner.id != kUnknownConstant && dataset_.namedGraphs &&
          !std::binary_search(dataset_.namedGraphs->begin(), dataset_.namedGraphs->end(), inner.id)) {
        inner.id = kUnknownConstant;
      }
      if (inner.id != kUnknownConstant && inner.id != storage::kDefaultGraph && !dataset_.namedGraphs &&
          !graphHoldsQuads(ctx_.reader(), inner.id)) {
        // Every named graph of the store is in the dataset, and a graph exists while it holds a
        // quad: an IRI that is a node but names no graph matches nothing, even with a pattern
        // that reads no triple (GRAPH :node { BIND(1 AS ?x) }).
        inner.id = kUnknownConstant;
      }
      if (inner.id == kUnknownConstant || inner.id == storage::kDefaultGraph) {
        return std::make_unique<EmptyOp>("graph " + termText(g) + " is not in the dataset");
      }
      return compileGroup(element.groups[0], inner);
    }
    case PatternElement::Kind::kGroup:
      return compileGroup(element.groups[0], scope);
    case PatternElement::Kind::kValues: {
      std::vector<ValuesOp::Bindings> rows;
      std::vector<int> slots;
      for (const auto& v : element.values.vars) slots.push_back(vars_->slot(v.name));
      for (const auto& r : element.values.rows) {
        ValuesOp::Bindings b;
        for (size_t i = 0; i < r.size() && i < slots.size(); ++i) {
          b.emplace_back(slots[i], r[i] ? ctx_.encode(*r[i]) : kUnbound);
        }
        rows.push_back(std::move(b));
      }
      auto op = std::make_unique<ValuesOp>(std::move(rows), "Values (" +
                                                                std::to_string(element.values.rows.size()) +
                                                                " rows)");
      return op;
    }
    case PatternElement::Kind::kSubSelect:
      return compileSubquery(element.subquery[0], scope);
    case PatternElement::Kind::kService:
      if (element.silent) return unit();
      throw Error(ErrorCode::kQuery, "SERVICE (federated query) is not supported by kg");
    default:
      throw Error(ErrorCode::kQuery, "unexpected pattern element");
  }
}

OperatorPtr Planner::compileSubquery(const sparql::Query& sub, const GraphScope& scope) {
  auto planner = std::make_unique<Planner>(ctx_, dataset_);
  planner->prefixes_ = prefixes_;
  std::vector<int> projected;
  OperatorPtr inner = planner->compileQuery(sub, &projected, &scope);
  std::vector<std::pair<int, int>> mapping;
  for (int slot : projected) {
    mapping.emplace_back(slot, vars_->slot(planner->vars().name(slot)));
  }
  size_t width = planner->vars().size();
  subplanners_.push_back(std::move(planner));
  return std::make_unique<SubqueryOp>(std::move(inner), std::move(mapping), width);
}

OperatorPtr Planner::compileGroup(const GroupPattern& group, const GraphScope& scope) {
  // The group's filters apply to the whole group; collect them first.
  std::vector<const Expr*> filters;
  for (const auto& e : group.elements) {
    if (e.kind == PatternElement::Kind::kFilter) {
      filters.push_back(&e.expr);
      prepareExists(e.expr, scope);
    }
  }
  OperatorPtr plan;
  // A group filter runs as soon as the plan so far always binds every variable it reads:
  // what follows (joins, OPTIONAL, MINUS, BIND) only adds variables or drops rows, so the
  // filter's value is the same there as at the end of the group, and fewer rows flow on.
  auto placeReadyFilters = [&] {
    if (!plan || filters.empty()) return;
    std::vector<const Expr*> ready;
    for (auto it = filters.begin(); it != filters.end();) {
      std::vector<std::string> names;
      Evaluator::collectVars(**it, names);
      bool bound = !containsExists(**it);
      for (const auto& n : names) {
        auto slot = vars_->find(n);
        if (!slot || !plan->certain.count(*slot)) bound = false;
      }
      if (bound) {
        ready.push_back(*it);
        it = filters.erase(it);
      } else {
        ++it;
      }
    }
    if (ready.empty()) return;
    bool seedable = plan->seedable;  // it reads only variables the plan binds itself
    plan = std::make_unique<FilterOp>(*eval_, std::move(plan), std::move(ready));
    plan->seedable = seedable;
  };
  std::vector<const TriplePattern*> bgp;
  auto flush = [&] {
    if (bgp.empty()) return;
    plan = join(std::move(plan), compileBgp(bgp, scope, filters));
    bgp.clear();
    placeReadyFilters();
  };
  for (const auto& e : group.elements) {
    switch (e.kind) {
      case PatternElement::Kind::kTriples:
        for (const auto& t : e.triples) bgp.push_back(&t);
        break;
      case PatternElement::Kind::kFilter:
        break;
      case PatternElement::Kind::kOptional: {
        flush();
        // OPTIONAL { P FILTER(F) } is LeftJoin(G, P, F): F sees both sides.
        const GroupPattern& inner = e.groups[0];
        std::vector<const Expr*> conditions;
        for (const auto& ie : inner.elements) {
          if (ie.kind == PatternElement::Kind::kFilter) {
            conditions.push_back(&ie.expr);
            prepareExists(ie.expr, scope);
          }
        }
        GroupPattern withoutFilters;
        withoutFilters.pos = inner.pos;
        for (const auto& ie : inner.elements) {
          if (ie.kind != PatternElement::Kind::kFilter) withoutFilters.elements.push_back(ie);
        }
        // The copy must outlive the plan: keep it.
        auto kept = std::make_shared<GroupPattern>(std::move(withoutFilters));
        keptGroups_.push_back(kept);
        std::set<int> outerHint = seedHint_;
        if (plan) seedHint_.insert(plan->certain.begin(), plan->certain.end());
        OperatorPtr right = compileGroup(*kept, scope);
        seedHint_ = outerHint;
        OperatorPtr left = plan ? std::move(plan) : unit();
        plan = std::make_unique<LeftJoinOp>(ctx_, *eval_, std::move(left), std::move(right),
                                            std::move(conditions));
        break;
      }
      case PatternElement::Kind::kMinus: {
        flush();
        OperatorPtr right = compileGroup(e.groups[0], scope);
        OperatorPtr left = plan ? std::move(plan) : unit();
        plan = std::make_unique<MinusOp>(std::move(left), std::move(right));
        break;
      }
      case PatternElement::Kind::kBind: {
        flush();
        prepareExists(e.expr, scope);
        OperatorPtr child = plan ? std::move(plan) : unit();
        plan = std::make_unique<ExtendOp>(ctx_, *eval_, std::move(child), vars_->slot(e.var.name),
                                          &e.expr, e.var.name);
        break;
      }
      default:
        flush();
        plan = join(std::move(plan), compileElement(e, scope));
        break;
    }
    placeReadyFilters();
  }
  flush();
  if (!plan) plan = unit();
  if (!filters.empty()) {
    plan = std::make_unique<FilterOp>(*eval_, std::move(plan), filters);
  }
  return plan;
}

OperatorPtr Planner::compileQuery(const sparql::Query& query, std::vector<int>* projected,
                                  const GraphScope* outerScope) {
  if (!query.prefixes.empty()) prefixes_ = query.prefixes;
  if (query.hasWhere) {
    std::vector<std::string> names;
    collectGroupVars(query.where, names);
    outerVars_.insert(names.begin(), names.end());
  }
  GraphScope scope = outerScope ? *outerScope : defaultScope();
  OperatorPtr plan = query.hasWhere ? compileGroup(query.where, scope) : unit();
  std::set<int> inScope = plan->maybe;

  // Aggregates anywhere in SELECT, HAVING or ORDER BY make the query grouped.
  std::vector<const Expr*> aggregates;
  for (const auto& p : query.projections) {
    if (p.hasExpr) collectAggregates(p.expr, aggregates);
  }
  for (const auto& h : query.having) collectAggregates(h, aggregates);
  for (const auto& o : query.orderBy) collectAggregates(o.expr, aggregates);
  bool grouped = !query.groupBy.empty() || !aggregates.empty();
  if (grouped) {
    std::vector<GroupOp::Key> keys;
    std::set<int> groupVars;
    for (const auto& g : query.groupBy) {
      prepareExists(g.expr, scope);
      int var;
      if (g.hasVar) {
        var = vars_->slot(g.var.name);
      } else if (g.expr.kind == Expr::Kind::kVar) {
        var = vars_->slot(g.expr.var.name);
      } else {
        var = vars_->hidden("key");
      }
      keys.push_back({&g.expr, var});
      groupVars.insert(var);
    }
    std::vector<GroupOp::Aggregate> aggs;
    for (const Expr* a : aggregates) {
      for (const auto& arg : a->args) prepareExists(arg, scope);
      int slot = vars_->hidden("agg");
      eval_->setAggregateSlot(a, slot);
      aggs.push_back({a, slot});
    }
    std::vector<int> solutionSlots;
    for (int slot : inScope) {
      if (vars_->visible(slot)) solutionSlots.push_back(slot);
    }
    plan = std::make_unique<GroupOp>(ctx_, *eval_, std::move(plan), std::move(keys), std::move(aggs),
                                     query.groupBy.empty(), std::move(solutionSlots));
    inScope = groupVars;
    if (!query.having.empty()) {
      std::vector<const Expr*> having;
      for (const auto& h : query.having) {
        prepareExists(h, scope);
        having.push_back(&h);
      }
      plan = std::make_unique<FilterOp>(*eval_, std::move(plan), having);
    }
  }
  if (query.hasValues) {
    std::vector<ValuesOp::Bindings> rows;
    std::vector<int> slots;
    for (const auto& v : query.values.vars) slots.push_back(vars_->slot(v.name));
    for (const auto& r : query.values.rows) {
      ValuesOp::Bindings b;
      for (size_t i = 0; i < r.size() && i < slots.size(); ++i) {
        b.emplace_back(slots[i], r[i] ? ctx_.encode(*r[i]) : kUnbound);
      }
      rows.push_back(std::move(b));
    }
    auto values = std::make_unique<ValuesOp>(std::move(rows), "Values (trailing)");
    inScope.insert(values->maybe.begin(), values->maybe.end());
    plan = join(std::move(plan), std::move(values));
  }
  for (const auto& p : query.projections) {
    if (!p.hasExpr) continue;
    prepareExists(p.expr, scope);
    int slot = vars_->slot(p.var.name);
    plan = std::make_unique<ExtendOp>(ctx_, *eval_, std::move(plan), slot, &p.expr, p.var.name);
    inScope.insert(slot);
  }
  if (!query.orderBy.empty()) {
    std::vector<OrderByOp::Key> keys;
    for (const auto& o : query.orderBy) {
      prepareExists(o.expr, scope);
      keys.push_back({&o.expr, o.descending});
    }
    std::optional<uint64_t> topK;
    if (query.limit && !query.distinct && !query.reduced) {
      topK = *query.limit + query.offset.value_or(0);
    }
    plan = std::make_unique<OrderByOp>(ctx_, *eval_, std::move(plan), std::move(keys), topK);
  }
  if (query.form == sparql::QueryForm::kSelect) {
    std::vector<int> slots;
    std::string label = "Project";
    if (query.selectAll) {
      for (int slot : inScope) {
        if (vars_->visible(slot)) slots.push_back(slot);
      }
      // In the order the variables appear in the query (SPARQL 1.1, section 18.2.1).
      std::vector<std::string> order;
      if (query.hasWhere) collectVarsInOrder(query.where, order);
      for (const auto& v : query.values.vars) order.push_back(v.name);
      auto rank = [&](int slot) {
        auto it = std::find(order.begin(), order.end(), vars_->name(slot));
        return std::make_pair(it - order.begin(), slot);
      };
      std::sort(slots.begin(), slots.end(), [&](int a, int b) { return rank(a) < rank(b); });
    } else {
      for (const auto& p : query.projections) slots.push_back(vars_->slot(p.var.name));
    }
    for (int s : slots) label += " ?" + vars_->name(s);
    if (projected) *projected = slots;
    plan = std::make_unique<ProjectOp>(std::move(plan), slots, label);
    if (query.distinct || query.reduced) plan = std::make_unique<DistinctOp>(ctx_, std::move(plan));
  }
  if (query.limit || query.offset) {
    plan = std::make_unique<SliceOp>(std::move(plan), query.offset.value_or(0), query.limit);
  }
  return plan;
}

}  // namespace kg::query
