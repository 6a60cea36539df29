// SPARQL 1.1 built-in functions (section 17.4) and XPath constructor casts (17.5) over
// kg::Term. Functions whose arguments are evaluated lazily (BOUND, IF, COALESCE, EXISTS,
// logical connectives, IN) are the caller's; see values.h for the helpers they use.
//
// Errors are values: std::nullopt means "SPARQL expression error".
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "expr/values.h"
#include "core/iri.h"
#include "kg/term.h"

namespace kg::expr {

// What functions need beyond their arguments. Create one per query execution; call
// newSolution() before evaluating expressions for each solution (BNODE(str) scope).
// Not thread-safe.
class FunctionContext {
 public:
  // NOW is fixed at construction (current UTC time); the generator is seeded randomly.
  FunctionContext();
  explicit FunctionContext(std::string baseIri);

  // Base IRI for IRI()/URI() on relative references (empty: relative IRIs are kept as-is).
  void setBaseIri(std::string base) { base_ = std::move(base); }
  const std::string& baseIri() const { return base_; }

  // The query's NOW() value (an xsd:dateTime literal); setNow for reproducible runs.
  const Term& now() const { return now_; }
  void setNow(Term now) { now_ = std::move(now); }

  // RAND, UUID, STRUUID draw from this generator; seed() for reproducible runs. It is made on
  // first use: most queries never draw, and seeding costs more than a point query.
  std::mt19937_64& rng() {
    if (!rng_) rng_.emplace(seed_);
    return *rng_;
  }
  void seed(uint64_t s) { rng_.emplace(s); }

  // Starts a new solution: BNODE("x") gives a new node again.
  void newSolution();
  // A fresh blank node (BNODE()).
  Term freshBlank();
  // The blank node for BNODE(key) within the current solution.
  Term blankFor(const std::string& key);
  // Labels are "<prefix><counter>"; the default prefix is random per context ("e3f9a1c2x").
  void setBlankPrefix(std::string prefix) { blankPrefix_ = std::move(prefix); }

 private:
  const std::string& blankPrefix();

  std::string base_;
  Term now_;
  uint64_t seed_;  // random per context
  std::optional<std::mt19937_64> rng_;
  std::string blankPrefix_;  // made from seed_ on first use unless set
  uint64_t blankCounter_ = 0;
  std::unordered_map<std::string, Term> solutionBlanks_;
};

// Calls the built-in function `name` (case-insensitive; e.g. "STRLEN", "isIRI", "URI",
// "sameTerm", "langMatches") on evaluated arguments. nullopt on an error, including an
// unknown name or a wrong number of arguments.
std::optional<Term> callBuiltin(std::string_view name, const std::vector<Term>& args,
                                FunctionContext& ctx);
// A resolved built-in, for callers that look the name up once (e.g. at plan time) and call
// many times. The caller must check the arity (maxArgs -1 = variadic) before calling fn.
using BuiltinFn = std::optional<Term> (*)(const std::vector<Term>& args, FunctionContext& ctx);
struct BuiltinInfo {
  int minArgs;
  int maxArgs;
  BuiltinFn fn;
};
// nullptr for unknown names. The pointer stays valid for the program's lifetime.
const BuiltinInfo* findBuiltin(std::string_view name);

// True when `name` (case-insensitive) is a built-in callBuiltin knows.
bool isBuiltinName(std::string_view name);
// Arity range of a built-in (min, max); nullopt for unknown names. max = -1 for variadic.
std::optional<std::pair<int, int>> builtinArity(std::string_view name);

// XPath constructor casts: xsd:string, xsd:boolean, xsd:integer (and derived integer types
// such as xsd:int, with range checks), xsd:decimal, xsd:float, xsd:double, xsd:dateTime.
std::optional<Term> castTo(std::string_view xsdTypeIri, const Term& value);
// True when `iri` names a cast castTo supports.
bool isCastFunction(std::string_view iri);

// A function called by IRI (casts today; other IRIs are errors).
std::optional<Term> callFunction(std::string_view iri, const std::vector<Term>& args,
                                 FunctionContext& ctx);

// REGEX(text, pattern, flags) and REPLACE building blocks, reusable by the engine. Flags are
// XPath's: i s m x q. nullopt for an invalid pattern or flag.
std::optional<bool> regexMatch(std::string_view text, std::string_view pattern,
                               std::string_view flags);
std::optional<std::string> regexReplace(std::string_view text, std::string_view pattern,
                                        std::string_view replacement, std::string_view flags);

// IRI() resolves against the base with kg's one RFC 3986 implementation (core/iri.h).
using kg::resolveIri;

// Unicode helpers on UTF-8 strings (code points, not bytes).
size_t utf8Length(std::string_view s);
std::string toUpperUnicode(std::string_view s);
std::string toLowerUnicode(std::string_view s);

}  // namespace kg::expr
