#include "query/prepared_query.h"

#include <algorithm>

#include "kg/error.h"

namespace kg::query {

using sparql::TermPattern;

Dataset datasetFor(const sparql::Query& query, const storage::QuadReader& reader,
                   const std::optional<DatasetSpec>& requested) {
  // A dataset given by the caller (the protocol's default-graph-uri / named-graph-uri)
  // replaces the query's FROM and FROM NAMED.
  const std::vector<std::string>& from = requested ? requested->defaultGraphs : query.from;
  const std::vector<std::string>& fromNamed = requested ? requested->namedGraphs : query.fromNamed;
  Dataset dataset;
  if (from.empty() && fromNamed.empty()) return dataset;
  // FROM graphs merge into the default graph; with only FROM NAMED it is empty.
  dataset.defaultGraphs.clear();
  for (const auto& iri : from) {
    if (auto id = reader.lookup(Term::iri(iri))) dataset.defaultGraphs.push_back(*id);
  }
  std::sort(dataset.defaultGraphs.begin(), dataset.defaultGraphs.end());
  dataset.defaultGraphs.erase(std::unique(dataset.defaultGraphs.begin(), dataset.defaultGraphs.end()),
                              dataset.defaultGraphs.end());
  dataset.namedGraphs = std::make_shared<std::vector<TermId>>();
  for (const auto& iri : fromNamed) {
    auto id = reader.lookup(Term::iri(iri));
    if (id && graphHoldsQuads(reader, *id)) dataset.namedGraphs->push_back(*id);
  }
  std::sort(dataset.namedGraphs->begin(), dataset.namedGraphs->end());
  dataset.namedGraphs->erase(std::unique(dataset.namedGraphs->begin(), dataset.namedGraphs->end()),
                             dataset.namedGraphs->end());
  return dataset;
}

namespace {

std::string bareName(const std::string& name) {
  if (!name.empty() && (name[0] == '?' || name[0] == '$')) return name.substr(1);
  return name;
}

bool patternHas(const sparql::TermPattern& t, const std::string& name) {
  if (t.isVar()) return t.var.name == name;
  for (const auto& q : t.quoted) {
    if (patternHas(q, name)) return true;
  }
  return false;
}

// Whether a graph pattern can bind `name`: a triple pattern, GRAPH, BIND or VALUES of it or
// of a nested group, or a subquery's projection.
bool groupBinds(const sparql::GroupPattern& group, const std::string& name) {
  using Kind = sparql::PatternElement::Kind;
  for (const auto& e : group.elements) {
    for (const auto& t : e.triples) {
      if (patternHas(t.subject, name) || (!t.isPath && patternHas(t.predicate, name)) ||
          patternHas(t.object, name)) {
        return true;
      }
    }
    if (e.kind == Kind::kGraph && patternHas(e.graph, name)) return true;
    if (e.kind == Kind::kBind && e.var.name == name) return true;
    for (const auto& v : e.values.vars) {
      if (v.name == name) return true;
    }
    for (const auto& g : e.groups) {
      if (groupBinds(g, name)) return true;
    }
    for (const auto& sub : e.subquery) {
      if (sub.selectAll ? groupBinds(sub.where, name)
                        : std::any_of(sub.projections.begin(), sub.projections.end(),
                                      [&](const sparql::Projection& p) { return p.var.name == name; })) {
        return true;
      }
    }
  }
  return false;
}

// The query with FILTER(?var = value) added to its WHERE pattern for each value parameter
// (a copy: the parsed query may be shared by other runs).
std::shared_ptr<const sparql::Query> withValueFilters(std::shared_ptr<const sparql::Query> query,
                                                      const std::map<std::string, Term>& values) {
  if (values.empty()) return query;
  if (!query->hasWhere) {
    throw Error(ErrorCode::kUsage, "a value parameter needs a query with a WHERE pattern");
  }
  auto copy = std::make_shared<sparql::Query>(*query);
  for (const auto& [name, value] : values) {
    if (!groupBinds(query->where, bareName(name))) {
      throw Error(ErrorCode::kUsage, "parameter ?" + bareName(name) + " does not occur in the query's pattern");
    }
    sparql::Expr variable;
    variable.kind = sparql::Expr::Kind::kVar;
    variable.var.name = bareName(name);
    sparql::Expr constant;
    constant.kind = sparql::Expr::Kind::kTerm;
    constant.term = value;
    sparql::PatternElement filter;
    filter.kind = sparql::PatternElement::Kind::kFilter;
    filter.expr.kind = sparql::Expr::Kind::kBinary;
    filter.expr.op = "=";
    filter.expr.args = {std::move(variable), std::move(constant)};
    copy->where.elements.push_back(std::move(filter));
  }
  return copy;
}

}  // namespace

PreparedQuery::PreparedQuery(std::shared_ptr<const sparql::Query> query,
                             const storage::QuadReader& reader, const QueryOptions& options)
    : query_(withValueFilters(std::move(query), options.valueParameters)), options_(options) {
  std::string base = query_->baseIri.empty() ? options.baseIri : query_->baseIri;
  ctx_ = std::make_unique<QueryContext>(reader, base, options.timeout, options.cancel);
  ctx_->setMemoryLimit(options.memoryLimit);
  ctx_->setSpillDirectory(options.spillDirectory);
  planner_ = std::make_unique<Planner>(*ctx_, datasetFor(*query_, reader, options.dataset));
  switch (query_->form) {
    case sparql::QueryForm::kSelect: form_ = QueryForm::kSelect; break;
    case sparql::QueryForm::kAsk: form_ = QueryForm::kAsk; break;
    case sparql::QueryForm::kConstruct: form_ = QueryForm::kConstruct; break;
    case sparql::QueryForm::kDescribe: form_ = QueryForm::kDescribe; break;
  }
  root_ = planner_->compileQuery(*query_, &projected_);
  if (form_ == QueryForm::kSelect) {
    for (int slot : projected_) variables_.push_back(planner_->vars().name(slot));
  } else if (form_ != QueryForm::kAsk) {
    variables_ = {"subject", "predicate", "object"};
  }
}

void PreparedQuery::start() {
  Row seed(planner_->vars().size(), kUnbound);
  for (const auto& [name, value] : options_.parameters) {
    std::string bare = name;
    if (!bare.empty() && (bare[0] == '?' || bare[0] == '$')) bare = bare.substr(1);
    auto slot = planner_->vars().find(bare);
    if (!slot) {
      throw Error(ErrorCode::kUsage, "parameter ?" + bare + " does not occur in the query");
    }
    seed[*slot] = ctx_->encode(value);
  }
  row_ = seed;
  root_->open(seed);
  rootDone_ = false;
  rows_ = 0;
  pending_.clear();
  pendingIndex_ = 0;
  emitted_.clear();
  describeQueue_.clear();
  described_.clear();
  describeCollected_ = false;
  batch_ = SelectBatch{};
}

bool PreparedQuery::nextRow(Row& row) {
  ctx_->checkInterrupt();
  if (row.size() != planner_->vars().size()) row.assign(planner_->vars().size(), kUnbound);
  // Once the plan has ended it is not asked again (a client may call next() past the end).
  if (rootDone_) return false;
  if (root_->next(row)) return true;
  rootDone_ = true;
  return false;
}

bool PreparedQuery::fillSelectBatch() {
  if (batch_.error) {
    std::exception_ptr error = batch_.error;
    batch_.error = nullptr;
    batch_.done = true;
    std::rethrow_exception(error);
  }
  if (batch_.done) return false;
  batch_.rows = batch_.next = 0;
  batch_.cells.clear();
  batch_.ids.clear();
  // Rows are pulled ahead so that their terms decode together. An error while pulling is
  // raised after the rows pulled before it, exactly where one-row-at-a-time would raise it.
  try {
    while (batch_.rows < batch_.capacity) {
      if (!nextRow(row_)) {
        batch_.done = true;
        break;
      }
      for (int slot : projected_) {
        TermId id = row_[slot];
        if (id == kUnbound) {
          batch_.cells.push_back(-1);
        } else {
          batch_.cells.push_back(static_cast<int>(batch_.ids.size()));
          batch_.ids.push_back(id);
        }
      }
      ++batch_.rows;
    }
  } catch (...) {
    if (batch_.rows == 0) throw;
    batch_.error = std::current_exception();
  }
  // Small first batches keep the first rows quick; later ones amortise the dictionary reads.
  batch_.capacity = std::min<size_t>(batch_.capacity * 4, SelectBatch::kMaxRows);
  if (batch_.rows == 0) return false;
  ctx_->decodeMany(batch_.ids, batch_.terms);
  return true;
}

void PreparedQuery::countRow() {
  if (options_.maxRows != 0 && rows_ >= options_.maxRows) {
    throw Error(ErrorCode::kLimit, "the query returned more than " + std::to_string(options_.maxRows) +
                                       " rows, its row cap (QueryOptions::maxRows; raise or remove it)");
  }
  ++rows_;
}

bool PreparedQuery::next(Solution& out) {
  switch (form_) {
    case QueryForm::kSelect: {
      if (batch_.next == batch_.rows && !fillSelectBatch()) return false;
      size_t width = projected_.size();
      out.resize(width);
      // data(), not [0]: a solution of no variables (SELECT * {}) has no cells at all.
      const int* cells = batch_.cells.data() + batch_.next * width;
      for (size_t i = 0; i < width; ++i) {
        if (cells[i] < 0) {
          out[i].reset();
        } else {
          out[i] = std::move(batch_.terms[cells[i]]);
        }
      }
      ++batch_.next;
      countRow();
      return true;
    }
    case QueryForm::kConstruct:
      if (nextTemplateTriple(out)) {
        countRow();
        return true;
      }
      return false;
    case QueryForm::kDescribe:
      if (nextDescribeTriple(out)) {
        countRow();
        return true;
      }
      return false;
    case QueryForm::kAsk:
      return false;
  }
  return false;
}

std::optional<Term> PreparedQuery::instantiate(const TermPattern& t, const Row& row) {
  switch (t.kind) {
    case TermPattern::Kind::kVar: {
      auto slot = planner_->vars().find(t.var.name);
      if (!slot || row[*slot] == kUnbound) return std::nullopt;
      return ctx_->decode(row[*slot]);
    }
    case TermPattern::Kind::kTerm:
      if (t.term.isBlank()) {
        // Template blank nodes are fresh for each solution.
        return Term::blank("c" + std::to_string(solutionNumber_) + "_" + t.term.value);
      }
      return t.term;
    case TermPattern::Kind::kQuoted: {
      auto s = instantiate(t.quoted[0], row);
      auto p = instantiate(t.quoted[1], row);
      auto o = instantiate(t.quoted[2], row);
      if (!s || !p || !o || s->isLiteral() || !p->isIri()) return std::nullopt;
      return Term::quoted(*s, *p, *o);
    }
  }
  return std::nullopt;
}

bool PreparedQuery::nextTemplateTriple(Solution& out) {
  // (CONSTRUCT WHERE's template is its pattern read as a template, which the parser also
  // fills: a blank node there is a fresh one per solution, not the pattern's hidden variable)
  std::vector<const sparql::TriplePattern*> templ;
  for (const auto& t : query_->constructTemplate) templ.push_back(&t);
  while (true) {
    while (pendingIndex_ < pending_.size()) {
      auto& triple = pending_[pendingIndex_++];
      std::string key = triple[0].toNTriples() + " " + triple[1].toNTriples() + " " +
                        triple[2].toNTriples();
      if (!emitted_.insert(key).second) continue;
      out = {triple[0], triple[1], triple[2]};
      return true;
    }
    pending_.clear();
    pendingIndex_ = 0;
    if (!nextRow(row_)) return false;
    ++solutionNumber_;
    for (const auto* t : templ) {
      if (t->isPath) continue;
      auto s = instantiate(t->subject, row_);
      auto p = instantiate(t->predicate, row_);
      auto o = instantiate(t->object, row_);
      if (!s || !p || !o) continue;
      if (s->isLiteral() || !p->isIri()) continue;
      pending_.push_back({*s, *p, *o});
    }
  }
}

bool PreparedQuery::nextDescribeTriple(Solution& out) {
  if (!describeCollected_) {
    describeCollected_ = true;
    std::vector<TermId> targets;
    std::vector<int> varSlots;
    for (const auto& t : query_->describeTargets) {
      if (t.isVar()) {
        if (auto slot = planner_->vars().find(t.var.name)) varSlots.push_back(*slot);
      } else if (t.isTerm()) {
        if (auto id = ctx_->storeId(t.term)) targets.push_back(*id);
      }
    }
    if (query_->hasWhere) {
      while (nextRow(row_)) {
        if (query_->describeAll) {
          // (the query's variables: not a pattern's blank nodes nor internal slots)
          for (size_t slot = 0; slot < row_.size(); ++slot) {
            if (row_[slot] != kUnbound && planner_->vars().visible(static_cast<int>(slot))) {
              targets.push_back(row_[slot]);
            }
          }
        }
        for (int slot : varSlots) {
          if (row_[slot] != kUnbound) targets.push_back(row_[slot]);
        }
      }
    }
    for (TermId id : targets) {
      if (described_.insert(id).second) describeQueue_.push_back(id);
    }
    pendingIndex_ = 0;
  }
  while (true) {
    while (pendingIndex_ < pending_.size()) {
      auto& triple = pending_[pendingIndex_++];
      out = {triple[0], triple[1], triple[2]};
      return true;
    }
    pending_.clear();
    pendingIndex_ = 0;
    if (describeQueue_.empty()) return false;
    TermId resource = describeQueue_.back();
    describeQueue_.pop_back();
    // The resource's outgoing triples in the default graph(s); blank objects are described
    // too (a concise bounded description).
    for (TermId g : planner_->dataset().defaultGraphs) {
      storage::QuadIds pattern{{resource, storage::kAny, storage::kAny, g}};
      auto stream = ctx_->reader().open(pattern, storage::chooseIndex(pattern).order);
      storage::QuadIds q;
      Term subject = ctx_->decode(resource);
      while (stream->next(&q)) {
        ctx_->checkInterrupt();
        pending_.push_back({subject, ctx_->decode(q.p()), ctx_->decode(q.o())});
        if (storage::tagOf(q.o()) == storage::IdTag::kBlank && described_.insert(q.o()).second) {
          describeQueue_.push_back(q.o());
        }
      }
    }
  }
}

std::string PreparedQuery::explain(bool analyze) const {
  std::string out;
  ExplainOptions options;
  options.analyze = analyze;
  root_->explain(out, 0, options);
  return out;
}

}  // namespace kg::query
