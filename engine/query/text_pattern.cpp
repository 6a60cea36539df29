#include "query/text_pattern.h"

#include <map>
#include <set>

#include "kg/error.h"

namespace kg::query {
namespace {

using sparql::TermPattern;
using sparql::TriplePattern;

const std::string kFirst = std::string(vocab::kRdf) + "first";
const std::string kRest = std::string(vocab::kRdf) + "rest";
const std::string kNil = std::string(vocab::kRdf) + "nil";

[[noreturn]] void fail(const sparql::Pos& pos, bool labels, const std::string& message) {
  throw Error(ErrorCode::kQuery, "line " + std::to_string(pos.line) + ", column " +
                                     std::to_string(pos.column) + ": " +
                                     (labels ? "kg:labelPrefix " : "kg:matches ") + message);
}

bool isPredicate(const TriplePattern& t, const std::string& iri) {
  return !t.isPath && t.predicate.isTerm() && t.predicate.term.isIri() && t.predicate.term.value == iri;
}

// The lists of the pattern: blank node -> its rdf:first and rdf:rest triples.
struct ListCells {
  std::map<std::string, const TriplePattern*> first, rest;

  // The items of the list starting at `node`, marking the triples used; nullopt if `node`
  // does not start a well-formed list.
  std::optional<std::vector<TermPattern>> items(const TermPattern& node, std::set<const TriplePattern*>& used) const {
    std::vector<TermPattern> out;
    const TermPattern* at = &node;
    while (true) {
      if (at->isTerm() && at->term.isIri() && at->term.value == kNil) return out;
      if (!at->isVar() || !at->var.isBlank) return std::nullopt;
      auto f = first.find(at->var.name);
      auto r = rest.find(at->var.name);
      if (f == first.end() || r == rest.end()) return std::nullopt;
      used.insert(f->second);
      used.insert(r->second);
      out.push_back(f->second->object);
      at = &r->second->object;
    }
  }
};

}  // namespace

std::vector<TextPattern> takeTextPatterns(std::vector<const TriplePattern*>& triples) {
  std::vector<TextPattern> out;
  bool any = false;
  for (const TriplePattern* t : triples) {
    any = any || isPredicate(*t, kMatchesIri) || isPredicate(*t, kLabelPrefixIri);
  }
  if (!any) return out;

  ListCells cells;
  for (const TriplePattern* t : triples) {
    if (!t->subject.isVar() || !t->subject.var.isBlank) continue;
    if (isPredicate(*t, kFirst)) cells.first[t->subject.var.name] = t;
    if (isPredicate(*t, kRest)) cells.rest[t->subject.var.name] = t;
  }
  std::set<const TriplePattern*> used;
  for (const TriplePattern* t : triples) {
    bool labels = isPredicate(*t, kLabelPrefixIri);
    if (!labels && !isPredicate(*t, kMatchesIri)) continue;
    used.insert(t);
    TextPattern p;
    p.labels = labels;
    p.pos = t->pos;
    auto fail = [&](const sparql::Pos& pos, const std::string& message) { query::fail(pos, labels, message); };
    // Subject: ?text, a literal, or (?text ?score).
    if (auto items = cells.items(t->subject, used)) {
      if (items->empty() || items->size() > 2) {
        fail(t->pos, labels ? "takes (?entity ?label) as its subject list" : "takes (?text ?score) as its subject list");
      }
      p.text = (*items)[0];
      if (items->size() == 2) {
        if (!(*items)[1].isVar()) {
          fail(t->pos, labels ? "needs a variable for the label in (?entity ?label)"
                              : "needs a variable for the score in (?text ?score)");
        }
        p.score = (*items)[1];
      }
    } else {
      p.text = t->subject;
    }
    if (labels && !p.text.isVar()) fail(t->pos, "needs a variable for the entity");
    if (p.text.isQuoted() || (p.text.isTerm() && !p.text.term.isLiteral())) {
      fail(t->pos, "matches literals: its subject must be a variable or a literal");
    }
    // Object: "search" or ("search" k).
    TermPattern search = t->object;
    if (auto items = cells.items(t->object, used)) {
      if (items->empty() || items->size() > 2) fail(t->pos, "takes (\"text\" k) as its object list");
      search = (*items)[0];
      if (items->size() == 2) {
        const TermPattern& k = (*items)[1];
        bool integer = k.isTerm() && k.term.isLiteral() && k.term.datatype == vocab::kXsdInteger;
        long long n = -1;
        if (integer) {
          try {
            n = std::stoll(k.term.value);
          } catch (const std::exception&) {
            n = -1;
          }
        }
        if (n < 0) fail(t->pos, "needs a non-negative integer for the number of best matches");
        p.top = static_cast<size_t>(n);
      }
    }
    if (!search.isTerm() || !search.term.isLiteral() ||
        !(search.term.isSimpleString() || !search.term.language.empty())) {
      fail(t->pos, labels ? "needs the start of a label as a string, e.g. ?entity kg:labelPrefix \"Bache\""
                          : "needs the search as a string, e.g. ?text kg:matches \"detention camp*\"");
    }
    p.search = search.term.value;
    out.push_back(std::move(p));
  }
  std::vector<const TriplePattern*> rest;
  for (const TriplePattern* t : triples) {
    if (!used.count(t)) rest.push_back(t);
  }
  triples.swap(rest);
  return out;
}

}  // namespace kg::query
