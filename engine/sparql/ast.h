// The SPARQL abstract syntax tree: what the parser (engine/sparql/parser.h) produces and the
// algebra stage consumes. Plain value types (copyable, deep copies); no ANTLR types.
//
// Normalisation done by the parser, so consumers never see surface syntax:
//  - every IRI is absolute: prefixed names are expanded, relative IRIs are resolved against
//    BASE (RFC 3986 section 5); `a` is rdf:type;
//  - literals are kg::Term literals: strings unescaped, numbers typed xsd:integer /
//    xsd:decimal / xsd:double with the lexical form exactly as written ("01" stays "01",
//    "+1" keeps its sign), true/false (any case) are "true"/"false"^^xsd:boolean;
//  - `;` and `,` lists are flattened into one TriplePattern per triple, `[ ... ]` and
//    collections `( ... )` are expanded into triples with fresh blank nodes;
//  - blank nodes in query patterns (WHERE, EXISTS, DELETE WHERE, Modify WHERE) are
//    variables that can never be projected: Var{isBlank=true, name="_:label"} (the name
//    contains ':' so it cannot clash with a real variable). Fresh ones get labels that are
//    not used anywhere in the text. Blank nodes in templates (CONSTRUCT, INSERT, INSERT DATA)
//    stay kg::Term blank nodes (the engine makes them fresh per solution / per operation);
//  - SPARQL-star: quoted triple patterns << s p o >> are TermPattern kQuoted (nestable) in
//    patterns and templates, kg::Term quoted triples in VALUES, Expr kQuotedTriple in
//    expressions; an annotation `s p o {| q v |}` becomes the triple `s p o` plus
//    `<< s p o >> q v`;
//  - a predicate that is a plain IRI or variable stays a plain predicate; only real property
//    path syntax (/, |, ^, *, +, ?, !, parentheses) produces a Path.
// Every node that can be the site of an error carries a Pos (1-based line and column, in
// characters (code points), of its first token).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kg/term.h"

namespace kg::sparql {

struct Pos {
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based, in code points
};

struct Var {
  std::string name;      // without '?' / '$'; for blank nodes "_:label"
  bool isBlank = false;  // a blank node of a query pattern (behaves as a hidden variable)
  Pos pos;
};

// Subject or object of a triple pattern (also graph names and quoted-triple members).
struct TermPattern {
  enum class Kind { kVar, kTerm, kQuoted };
  Kind kind = Kind::kTerm;
  Var var;                          // kVar
  kg::Term term;                    // kTerm (IRI, literal, or blank node in templates/data)
  std::vector<TermPattern> quoted;  // kQuoted: exactly 3 (subject, predicate, object)
  Pos pos;

  bool isVar() const { return kind == Kind::kVar; }
  bool isTerm() const { return kind == Kind::kTerm; }
  bool isQuoted() const { return kind == Kind::kQuoted; }
};

// A property path (only used when the predicate is not a plain IRI or variable).
struct Path {
  enum class Kind {
    kIri,          // iri
    kInverse,      // ^args[0]
    kSequence,     // args[0] / args[1] / ...   (2 or more)
    kAlternative,  // args[0] | args[1] | ...   (2 or more)
    kZeroOrMore,   // args[0]*
    kOneOrMore,    // args[0]+
    kZeroOrOne,    // args[0]?
    kNegated,      // !(a|^b|...): args are kIri (forward) or kInverse of kIri (inverse)
  };
  Kind kind = Kind::kIri;
  std::string iri;         // kIri
  std::vector<Path> args;  // children
  Pos pos;
};

struct TriplePattern {
  TermPattern subject;
  TermPattern predicate;  // a variable or an IRI term when !isPath
  bool isPath = false;
  Path path;              // when isPath
  TermPattern object;
  Pos pos;
};

struct GroupPattern;
struct Query;

struct Expr {
  enum class Kind {
    kVar,           // var
    kTerm,          // term (constant)
    kUnary,         // op in {"!", "+", "-"}, args[0]
    kBinary,        // op in {"||","&&","=","!=","<",">","<=",">=","+","-","*","/"}, args[0..1]
    kIn,            // args[0] IN (args[1..])
    kNotIn,         // args[0] NOT IN (args[1..])
    kBuiltin,       // op = upper-case name ("STR", "REGEX", "isIRI" -> "ISIRI", ...), args
    kFunction,      // op = function IRI (casts like xsd:integer, extension functions), args;
                    // distinct = DISTINCT given in the argument list
    kExists,        // EXISTS pattern[0]
    kNotExists,     // NOT EXISTS pattern[0]
    kAggregate,     // op in {"COUNT","SUM","AVG","MIN","MAX","SAMPLE","GROUP_CONCAT"};
                    // args (empty for COUNT(*)), distinct, star, separator
    kQuotedTriple,  // << args[0] args[1] args[2] >>
  };
  Kind kind = Kind::kTerm;
  std::string op;
  Var var;
  kg::Term term;
  std::vector<Expr> args;
  bool distinct = false;
  bool star = false;               // COUNT(*)
  bool hasSeparator = false;       // GROUP_CONCAT(... ; SEPARATOR = "...")
  std::string separator;
  std::vector<GroupPattern> pattern;  // kExists / kNotExists: exactly one
  Pos pos;
};

// VALUES: rows of terms; std::nullopt = UNDEF.
struct InlineData {
  std::vector<Var> vars;
  std::vector<std::vector<std::optional<kg::Term>>> rows;
  Pos pos;
};

struct PatternElement {
  enum class Kind {
    kTriples,    // triples: one run of triple patterns (adjacent runs are not merged)
    kFilter,     // expr
    kOptional,   // groups[0]
    kUnion,      // groups (2 or more)
    kMinus,      // groups[0]
    kGraph,      // graph (var or IRI), groups[0]
    kBind,       // expr AS var
    kValues,     // values
    kSubSelect,  // subquery[0] (form kSelect, no prologue/dataset of its own)
    kService,    // SERVICE [silent] graph (var or IRI) groups[0]
    kGroup,      // a nested { ... } that is not part of a UNION: groups[0]
  };
  Kind kind = Kind::kTriples;
  std::vector<TriplePattern> triples;
  Expr expr;
  Var var;
  std::vector<GroupPattern> groups;
  TermPattern graph;
  bool silent = false;
  InlineData values;
  std::vector<Query> subquery;
  Pos pos;
};

struct GroupPattern {
  std::vector<PatternElement> elements;
  Pos pos;
};

enum class QueryForm { kSelect, kConstruct, kAsk, kDescribe };

struct Projection {
  Var var;               // the projected variable (the AS target for expressions)
  bool hasExpr = false;  // (expr AS ?var)
  Expr expr;
  Pos pos;
};

struct GroupCondition {
  Expr expr;             // a plain variable is an Expr of kind kVar
  bool hasVar = false;   // (expr AS ?var)
  Var var;
  Pos pos;
};

struct OrderCondition {
  bool descending = false;
  Expr expr;
  Pos pos;
};

struct Query {
  QueryForm form = QueryForm::kSelect;
  std::string baseIri;                           // the base in effect at the end of the prologue
  std::map<std::string, std::string> prefixes;   // prefix (without ':') -> IRI, incl. predeclared
  // SELECT
  bool distinct = false;
  bool reduced = false;
  bool selectAll = false;                        // SELECT *
  std::vector<Projection> projections;
  // CONSTRUCT: template triples (blank nodes are kg::Term blank nodes).
  std::vector<TriplePattern> constructTemplate;
  bool constructWhere = false;                   // CONSTRUCT WHERE { ... }: template = pattern
  // DESCRIBE
  std::vector<TermPattern> describeTargets;      // variables and IRIs
  bool describeAll = false;
  // Dataset
  std::vector<std::string> from;
  std::vector<std::string> fromNamed;
  // Pattern (DESCRIBE may omit it: hasWhere = false)
  bool hasWhere = true;
  GroupPattern where;
  // Solution modifiers
  std::vector<GroupCondition> groupBy;
  std::vector<Expr> having;
  std::vector<OrderCondition> orderBy;
  std::optional<uint64_t> limit;   // values beyond 2^64-1 are clamped
  std::optional<uint64_t> offset;
  // Trailing VALUES
  bool hasValues = false;
  InlineData values;
  Pos pos;
};

// A quad in an update: a triple in the default graph (graph == nullopt) or in GRAPH g.
struct QuadPattern {
  TriplePattern triple;               // never has a path
  std::optional<TermPattern> graph;   // IRI term or variable
  Pos pos;
};

enum class UpdateKind {
  kInsertData, kDeleteData, kDeleteWhere, kModify,
  kLoad, kClear, kDrop, kCreate, kAdd, kMove, kCopy,
};

// Target of CLEAR/DROP/CREATE/ADD/MOVE/COPY/LOAD INTO.
struct GraphTarget {
  enum class Kind { kDefault, kGraph, kNamed, kAll };
  Kind kind = Kind::kDefault;
  std::string iri;  // kGraph
  Pos pos;
};

struct UpdateOperation {
  UpdateKind kind = UpdateKind::kInsertData;
  std::string baseIri;                          // prologue in effect for this operation
  std::map<std::string, std::string> prefixes;  // (prefixes accumulate across operations)
  bool silent = false;
  // kInsertData / kDeleteData / kDeleteWhere: the quads (DELETE WHERE: pattern and template;
  // its blank nodes are forbidden, variables are TermPattern kVar)
  std::vector<QuadPattern> quads;
  // kModify
  std::optional<std::string> with;
  bool hasDelete = false;
  std::vector<QuadPattern> deleteTemplate;
  bool hasInsert = false;
  std::vector<QuadPattern> insertTemplate;     // blank nodes: kg::Term blank nodes
  std::vector<std::string> usingDefault;       // USING iri
  std::vector<std::string> usingNamed;         // USING NAMED iri
  GroupPattern where;
  // kLoad
  std::string source;
  bool hasInto = false;
  GraphTarget into;                            // kind kGraph
  // kClear / kDrop / kCreate: target; kAdd / kMove / kCopy: from -> target
  GraphTarget from;
  GraphTarget target;
  Pos pos;
};

struct UpdateRequest {
  std::vector<UpdateOperation> operations;
  std::string baseIri;                          // at the end of the request
  std::map<std::string, std::string> prefixes;  // at the end of the request
  Pos pos;
};

}  // namespace kg::sparql
