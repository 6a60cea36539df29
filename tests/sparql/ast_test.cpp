// AST normalisation: prefixes, BASE, literals, blank nodes, collections, paths, quoted
// triples, expressions and update operations.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

#include "sparql/parser.h"

using namespace kg::sparql;

namespace {

const std::string kXsd = "http://www.w3.org/2001/XMLSchema#";
const std::string kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

const std::vector<TriplePattern>& firstBgp(const Query& q) {
  for (const PatternElement& e : q.where.elements)
    if (e.kind == PatternElement::Kind::kTriples) return e.triples;
  static const std::vector<TriplePattern> empty;
  return empty;
}

const Expr& firstFilter(const Query& q) {
  for (const PatternElement& e : q.where.elements)
    if (e.kind == PatternElement::Kind::kFilter) return e.expr;
  static const Expr none;
  return none;
}

}  // namespace

TEST(AstPrologue, PrefixesExpandAndPredeclared) {
  Query q = parseQuery(
      "PREFIX ex: <http://example.org/ns#>\n"
      "SELECT ?x WHERE { ?x ex:p rdf:type ; rdfs:label kg:Thing ; owl:sameAs xsd:int ; ex:q ex: }");
  const auto& t = firstBgp(q);
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0].predicate.term, kg::Term::iri("http://example.org/ns#p"));
  EXPECT_EQ(t[0].object.term, kg::Term::iri(kRdf + "type"));
  EXPECT_EQ(t[1].predicate.term.value, "http://www.w3.org/2000/01/rdf-schema#label");
  EXPECT_EQ(t[1].object.term.value, "http://kg.local/ns#Thing");
  EXPECT_EQ(t[2].predicate.term.value, "http://www.w3.org/2002/07/owl#sameAs");
  EXPECT_EQ(t[2].object.term.value, kXsd + "int");
  EXPECT_EQ(t[3].object.term.value, "http://example.org/ns#");
  EXPECT_EQ(q.prefixes.at("ex"), "http://example.org/ns#");
  EXPECT_EQ(q.prefixes.at("kg"), "http://kg.local/ns#");
}

TEST(AstPrologue, RedeclarePredeclaredPrefix) {
  Query q = parseQuery("PREFIX kg: <http://other/> SELECT * { ?s kg:p ?o }");
  EXPECT_EQ(firstBgp(q)[0].predicate.term.value, "http://other/p");
}

TEST(AstPrologue, LocalNameEscapesAndOddNames) {
  Query q = parseQuery("PREFIX : <http://ex/> SELECT * { :a :b%3D :c\\~z\\. . :: :_1.2_ :123 }");
  const auto& t = firstBgp(q);
  EXPECT_EQ(t[0].predicate.term.value, "http://ex/b%3D");
  EXPECT_EQ(t[0].object.term.value, "http://ex/c~z.");
  EXPECT_EQ(t[1].subject.term.value, "http://ex/:");
  EXPECT_EQ(t[1].predicate.term.value, "http://ex/_1.2_");
  EXPECT_EQ(t[1].object.term.value, "http://ex/123");
}

TEST(AstPrologue, BaseResolution) {
  Query q = parseQuery("SELECT * { <a> <../b> <#c> }", "http://host/dir/sub/file.rq");
  const auto& t = firstBgp(q);
  EXPECT_EQ(t[0].subject.term.value, "http://host/dir/sub/a");
  EXPECT_EQ(t[0].predicate.term.value, "http://host/dir/b");
  EXPECT_EQ(t[0].object.term.value, "http://host/dir/sub/file.rq#c");

  // BASE in the query resolves against the outer base; prefixes resolve against BASE.
  Query q2 = parseQuery("BASE <sub2/> PREFIX p: <x/> SELECT * { <a> p:y ?o } ", "http://host/dir/f");
  EXPECT_EQ(q2.baseIri, "http://host/dir/sub2/");
  EXPECT_EQ(firstBgp(q2)[0].subject.term.value, "http://host/dir/sub2/a");
  EXPECT_EQ(firstBgp(q2)[0].predicate.term.value, "http://host/dir/sub2/x/y");

  // Escapes in IRIs.
  Query q3 = parseQuery("SELECT * { <http://ex/\\u00E9> ?p ?o }");
  EXPECT_EQ(firstBgp(q3)[0].subject.term.value, "http://ex/\xC3\xA9");
}

TEST(AstLiterals, NumbersKeepTheirLexicalForm) {
  Query q = parseQuery("SELECT * { ?s ?p 01, 1.50, 1e3, -5, +2.0, -.5E-3, 1.E2 }");
  const auto& t = firstBgp(q);
  ASSERT_EQ(t.size(), 7u);
  EXPECT_EQ(t[0].object.term, kg::Term::literal("01", kXsd + "integer"));
  EXPECT_EQ(t[1].object.term, kg::Term::literal("1.50", kXsd + "decimal"));
  EXPECT_EQ(t[2].object.term, kg::Term::literal("1e3", kXsd + "double"));
  EXPECT_EQ(t[3].object.term, kg::Term::literal("-5", kXsd + "integer"));
  EXPECT_EQ(t[4].object.term, kg::Term::literal("+2.0", kXsd + "decimal"));
  EXPECT_EQ(t[5].object.term, kg::Term::literal("-.5E-3", kXsd + "double"));
  EXPECT_EQ(t[6].object.term, kg::Term::literal("1.E2", kXsd + "double"));
}

TEST(AstLiterals, BooleansAnyCase) {
  Query q = parseQuery("SELECT * { ?s ?p true, FALSE, True }");
  const auto& t = firstBgp(q);
  EXPECT_EQ(t[0].object.term, kg::Term::literal("true", kXsd + "boolean"));
  EXPECT_EQ(t[1].object.term, kg::Term::literal("false", kXsd + "boolean"));
  EXPECT_EQ(t[2].object.term, kg::Term::literal("true", kXsd + "boolean"));
}

TEST(AstLiterals, StringsUnescapedWithLanguageAndDatatype) {
  Query q = parseQuery(
      "SELECT * { ?s ?p \"a\\tb\\n\\\"q\\\"\\\\\", 'it\\'s'@en-GB, \"\\u00e9\\U0001F46A\", "
      "\"\"\"line1\nline2 \"quoted\" \"\"\"^^xsd:string, '''x''' , \"5\"^^<http://ex/dt> }");
  const auto& t = firstBgp(q);
  ASSERT_EQ(t.size(), 6u);
  EXPECT_EQ(t[0].object.term.value, "a\tb\n\"q\"\\");
  EXPECT_EQ(t[1].object.term.value, "it's");
  EXPECT_EQ(t[1].object.term.language, "en-GB");
  EXPECT_EQ(t[1].object.term.datatype, kRdf + "langString");
  EXPECT_EQ(t[2].object.term.value, "\xC3\xA9\xF0\x9F\x91\xAA");
  EXPECT_EQ(t[3].object.term.value, "line1\nline2 \"quoted\" ");
  EXPECT_EQ(t[3].object.term.datatype, kXsd + "string");
  EXPECT_EQ(t[4].object.term, kg::Term::literal("x"));
  EXPECT_EQ(t[5].object.term, kg::Term::literal("5", "http://ex/dt"));
}

TEST(AstTriples, ListsFlattenedAndA) {
  Query q = parseQuery("SELECT * { ?s a <C> ; <p> 1, 2 ; <q> ?o . }");
  const auto& t = firstBgp(q);
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0].predicate.term.value, kRdf + "type");
  for (const auto& tr : t) {
    EXPECT_TRUE(tr.subject.isVar());
    EXPECT_EQ(tr.subject.var.name, "s");
    EXPECT_FALSE(tr.isPath);
  }
  EXPECT_EQ(t[1].object.term.value, "1");
  EXPECT_EQ(t[2].object.term.value, "2");
}

TEST(AstTriples, BlankNodesInPatternsAreHiddenVariables) {
  Query q = parseQuery("SELECT * { _:b0 <p> [ <q> ?x ] . [] <r> _:b0 }");
  const auto& t = firstBgp(q);
  ASSERT_EQ(t.size(), 3u);
  // _:b0 is labelled by the user, so fresh nodes must not reuse "b0".
  EXPECT_EQ(toSExpression(q),
            "(select (project *) (where (group (bgp "
            "(triple ?_:b1 <q> ?x) (triple ?_:b0 <p> ?_:b1) (triple ?_:b2 <r> ?_:b0)))))");
  EXPECT_TRUE(t[1].subject.isVar());
  EXPECT_TRUE(t[1].subject.var.isBlank);
  EXPECT_EQ(t[1].subject.var.name, "_:b0");
  EXPECT_TRUE(t[0].object.var.name == "x" && !t[0].object.var.isBlank);
}

TEST(AstTriples, CollectionsExpand) {
  Query q = parseQuery("SELECT * { ?s <p> (1 ?x) . () <q> ?o }");
  EXPECT_EQ(toSExpression(q),
            "(select (project *) (where (group (bgp "
            "(triple ?_:b0 <" + kRdf + "first> \"1\"^^<" + kXsd + "integer>) "
            "(triple ?_:b0 <" + kRdf + "rest> ?_:b1) "
            "(triple ?_:b1 <" + kRdf + "first> ?x) "
            "(triple ?_:b1 <" + kRdf + "rest> <" + kRdf + "nil>) "
            "(triple ?s <p> ?_:b0) "
            "(triple <" + kRdf + "nil> <q> ?o)))))");
}

TEST(AstTriples, TemplateBlankNodesAreTerms) {
  Query q = parseQuery("CONSTRUCT { ?s <p> _:x . _:x <q> [] } WHERE { ?s ?p ?o }");
  ASSERT_EQ(q.constructTemplate.size(), 2u);
  EXPECT_TRUE(q.constructTemplate[0].object.isTerm());
  EXPECT_TRUE(q.constructTemplate[0].object.term.isBlank());
  EXPECT_EQ(q.constructTemplate[0].object.term.value, "x");
  EXPECT_TRUE(q.constructTemplate[1].object.term.isBlank());

  Query w = parseQuery("CONSTRUCT WHERE { ?s <p> ?o }");
  EXPECT_TRUE(w.constructWhere);
  EXPECT_EQ(w.constructTemplate.size(), 1u);
  EXPECT_EQ(firstBgp(w).size(), 1u);
}

TEST(AstPaths, SimpleIrisStayPlainPredicates) {
  Query q = parseQuery("PREFIX : <http://ex/> SELECT * { ?s :p ?o . ?s (:q) ?o . ?s a ?o . ?s ?v ?o }");
  for (const auto& t : firstBgp(q)) EXPECT_FALSE(t.isPath);
  EXPECT_EQ(firstBgp(q)[1].predicate.term.value, "http://ex/q");
  EXPECT_TRUE(firstBgp(q)[3].predicate.isVar());
}

TEST(AstPaths, AllOperators) {
  Query q = parseQuery(
      "PREFIX : <http://ex/> SELECT * { ?s :a/^:b|:c* ?o . ?s (:d+)? ?o . ?s !(:e|^:f|a) ?o . ?s !^:g ?o . ?s ^:h ?o }");
  const auto& t = firstBgp(q);
  ASSERT_EQ(t.size(), 5u);
  for (const auto& tr : t) EXPECT_TRUE(tr.isPath);
  EXPECT_EQ(toSExpression(q),
            "(select (project *) (where (group (bgp "
            "(path ?s (alt (seq <http://ex/a> (inv <http://ex/b>)) (* <http://ex/c>)) ?o) "
            "(path ?s (? (+ <http://ex/d>)) ?o) "
            "(path ?s (! <http://ex/e> (inv <http://ex/f>) <" + kRdf + "type>) ?o) "
            "(path ?s (! (inv <http://ex/g>)) ?o) "
            "(path ?s (inv <http://ex/h>) ?o)))))");
  EXPECT_EQ(t[2].path.kind, Path::Kind::kNegated);
  EXPECT_EQ(t[2].path.args[1].kind, Path::Kind::kInverse);
}

TEST(AstQuotedTriples, PatternsDataAndExpressions) {
  Query q = parseQuery(
      "PREFIX : <http://ex/> SELECT * { << ?s :p << :a :b ?c >> >> :src ?doc . "
      "VALUES ?t { << :x a << :y :z 1 >> >> } FILTER(isTRIPLE(?t) && ?t = << ?s :p 2 >>) "
      "BIND(TRIPLE(?s, :p, ?doc) AS ?u) }");
  const auto& t = firstBgp(q);
  ASSERT_EQ(t.size(), 1u);
  ASSERT_TRUE(t[0].subject.isQuoted());
  ASSERT_EQ(t[0].subject.quoted.size(), 3u);
  EXPECT_TRUE(t[0].subject.quoted[2].isQuoted());
  EXPECT_EQ(t[0].subject.quoted[2].quoted[2].var.name, "c");
  const PatternElement& values = q.where.elements[1];
  ASSERT_EQ(values.kind, PatternElement::Kind::kValues);
  const kg::Term& v = *values.values.rows[0][0];
  ASSERT_TRUE(v.isTriple());
  EXPECT_EQ(v.triple->predicate.value, kRdf + "type");
  EXPECT_TRUE(v.triple->object.isTriple());
  const Expr& f = firstFilter(q);
  EXPECT_EQ(f.args[0].kind, Expr::Kind::kBuiltin);
  EXPECT_EQ(f.args[0].op, "ISTRIPLE");
  EXPECT_EQ(f.args[1].args[1].kind, Expr::Kind::kQuotedTriple);
  EXPECT_EQ(q.where.elements[3].expr.op, "TRIPLE");

  UpdateRequest u = parseUpdate("INSERT DATA { << <a> <b> <c> >> <src> <d> }", "http://ex/");
  EXPECT_TRUE(u.operations[0].quads[0].triple.subject.isQuoted());
}

TEST(AstExpressions, OperatorsAndCalls) {
  Query q = parseQuery(
      "SELECT * { ?s ?p ?o FILTER(!(?o > 1) || ?o - 1 = 2 * -3 && ?o IN (1, 2) && ?o NOT IN () "
      "&& regex(str(?o), \"x\", 'i') && xsd:integer(?o) != <http://ex/f>(?o, 2) "
      "&& EXISTS { ?o ?p ?s } && NOT EXISTS { ?o ?p 1 } && ?o+1 > -?o) }");
  EXPECT_EQ(toSExpression(firstFilter(q)),
            "(|| (! (> ?o \"1\"^^<" + kXsd + "integer>)) "
            // A chain of && (or ||) is a balanced tree, built left to right.
            "(&& (&& (&& (= (- ?o \"1\"^^<" + kXsd + "integer>) "
            "(* \"2\"^^<" + kXsd + "integer> \"-3\"^^<" + kXsd + "integer>)) "
            "(in ?o \"1\"^^<" + kXsd + "integer> \"2\"^^<" + kXsd + "integer>)) "
            "(&& (not-in ?o) "
            "(REGEX (STR ?o) \"x\" \"i\"))) "
            "(&& (&& (!= (<" + kXsd + "integer> ?o) (<http://ex/f> ?o \"2\"^^<" + kXsd + "integer>)) "
            "(exists (group (bgp (triple ?o ?p ?s))))) "
            "(&& (not-exists (group (bgp (triple ?o ?p \"1\"^^<" + kXsd + "integer>)))) "
            "(> (+ ?o \"1\"^^<" + kXsd + "integer>) (- ?o))))))");
}

TEST(AstQuery, SelectModifiersAndAggregates) {
  Query q = parseQuery(
      "SELECT DISTINCT ?g (COUNT(*) AS ?n) (COUNT(DISTINCT ?o) AS ?d) "
      "(GROUP_CONCAT(?o; SEPARATOR=\"|\") AS ?all) (SAMPLE(?o) AS ?one) "
      "FROM <http://g1> FROM NAMED <http://g2> "
      "WHERE { ?s ?p ?o } GROUP BY (str(?s) AS ?g) HAVING (SUM(?o) > 10) "
      "ORDER BY DESC(?n) ?g ASC(MAX(?o)) LIMIT 5 OFFSET 10 VALUES ?g { \"a\" UNDEF }");
  EXPECT_TRUE(q.distinct);
  ASSERT_EQ(q.projections.size(), 5u);
  EXPECT_TRUE(q.projections[1].expr.star);
  EXPECT_TRUE(q.projections[2].expr.distinct);
  EXPECT_EQ(q.projections[3].expr.separator, "|");
  EXPECT_EQ(q.from, std::vector<std::string>{"http://g1"});
  EXPECT_EQ(q.fromNamed, std::vector<std::string>{"http://g2"});
  ASSERT_EQ(q.groupBy.size(), 1u);
  EXPECT_TRUE(q.groupBy[0].hasVar);
  EXPECT_EQ(q.groupBy[0].var.name, "g");
  EXPECT_EQ(q.having.size(), 1u);
  ASSERT_EQ(q.orderBy.size(), 3u);
  EXPECT_TRUE(q.orderBy[0].descending);
  EXPECT_FALSE(q.orderBy[1].descending);
  EXPECT_EQ(q.orderBy[2].expr.op, "MAX");
  EXPECT_EQ(*q.limit, 5u);
  EXPECT_EQ(*q.offset, 10u);
  ASSERT_TRUE(q.hasValues);
  EXPECT_FALSE(q.values.rows[1][0].has_value());
}

TEST(AstQuery, PatternsAndPositions) {
  Query q = parseQuery(
      "SELECT * WHERE {\n"
      "  ?s <p> ?o .\n"
      "  OPTIONAL { ?s <q> ?x }\n"
      "  { ?s <r> 1 } UNION { ?s <r> 2 } UNION { SELECT ?s WHERE { ?s <t> ?u } }\n"
      "  MINUS { ?s <m> ?o }\n"
      "  GRAPH ?g { ?s <n> ?o }\n"
      "  BIND(1 AS ?b)\n"
      "  SERVICE <http://remote/> { ?s <w> ?o }\n"
      "  { ?s <v> ?o }\n"
      "}");
  using K = PatternElement::Kind;
  const auto& e = q.where.elements;
  ASSERT_EQ(e.size(), 8u);
  EXPECT_EQ(e[0].kind, K::kTriples);
  EXPECT_EQ(e[1].kind, K::kOptional);
  EXPECT_EQ(e[2].kind, K::kUnion);
  EXPECT_EQ(e[2].groups.size(), 3u);
  EXPECT_EQ(e[2].groups[2].elements[0].kind, K::kSubSelect);
  EXPECT_EQ(e[3].kind, K::kMinus);
  EXPECT_EQ(e[4].kind, K::kGraph);
  EXPECT_EQ(e[4].graph.var.name, "g");
  EXPECT_EQ(e[5].kind, K::kBind);
  EXPECT_EQ(e[6].kind, K::kService);
  EXPECT_EQ(e[7].kind, K::kGroup);
  EXPECT_EQ(e[1].pos.line, 3);
  EXPECT_EQ(e[1].pos.column, 3);
  EXPECT_EQ(e[0].triples[0].object.pos.line, 2);
  EXPECT_EQ(e[0].triples[0].object.pos.column, 10);
}

TEST(AstQuery, AskDescribe) {
  Query a = parseQuery("ask {}");
  EXPECT_EQ(a.form, QueryForm::kAsk);
  Query d = parseQuery("DESCRIBE ?x <http://a> WHERE { ?x ?p ?o }");
  EXPECT_EQ(d.form, QueryForm::kDescribe);
  EXPECT_EQ(d.describeTargets.size(), 2u);
  Query d2 = parseQuery("DESCRIBE *");
  EXPECT_TRUE(d2.describeAll);
  EXPECT_FALSE(d2.hasWhere);
}

TEST(AstUpdate, AllOperationsAndPrologueAccumulates) {
  UpdateRequest u = parseUpdate(
      "PREFIX : <http://ex/>\n"
      "INSERT DATA { :a :b _:x . GRAPH :g { :a :b 1 } } ;\n"
      "PREFIX e: <http://e/>\n"
      "DELETE DATA { e:a :b :c } ;\n"
      "DELETE WHERE { ?s e:p ?o } ;\n"
      "WITH :g DELETE { ?s e:p ?o } INSERT { ?s e:q [] } USING <http://u> USING NAMED <http://n> WHERE { ?s e:p ?o } ;\n"
      "LOAD SILENT <http://x> INTO GRAPH :g ;\n"
      "CLEAR ALL ; DROP SILENT NAMED ; CLEAR DEFAULT ; DROP GRAPH :g ;\n"
      "CREATE GRAPH <x> ; ADD DEFAULT TO :g ; MOVE SILENT GRAPH :a TO DEFAULT ; COPY :a TO :b ;\n"
      "INSERT { ?s :r ?o } WHERE { ?s :p ?o }",
      "http://base/");
  ASSERT_EQ(u.operations.size(), 14u);
  const auto& ops = u.operations;
  EXPECT_EQ(ops[0].kind, UpdateKind::kInsertData);
  EXPECT_EQ(ops[0].quads.size(), 2u);
  EXPECT_TRUE(ops[0].quads[0].triple.object.term.isBlank());
  EXPECT_FALSE(ops[0].quads[0].graph.has_value());
  EXPECT_EQ(ops[0].quads[1].graph->term.value, "http://ex/g");
  EXPECT_EQ(ops[0].prefixes.count("e"), 0u);
  EXPECT_EQ(ops[1].kind, UpdateKind::kDeleteData);
  EXPECT_EQ(ops[1].quads[0].triple.subject.term.value, "http://e/a");
  EXPECT_EQ(ops[1].prefixes.at("e"), "http://e/");
  EXPECT_EQ(ops[2].kind, UpdateKind::kDeleteWhere);
  EXPECT_TRUE(ops[2].quads[0].triple.subject.isVar());
  EXPECT_EQ(ops[3].kind, UpdateKind::kModify);
  EXPECT_EQ(*ops[3].with, "http://ex/g");
  EXPECT_TRUE(ops[3].hasDelete && ops[3].hasInsert);
  EXPECT_TRUE(ops[3].insertTemplate[0].triple.object.term.isBlank());
  EXPECT_EQ(ops[3].usingDefault, std::vector<std::string>{"http://u"});
  EXPECT_EQ(ops[3].usingNamed, std::vector<std::string>{"http://n"});
  EXPECT_EQ(ops[4].kind, UpdateKind::kLoad);
  EXPECT_TRUE(ops[4].silent && ops[4].hasInto);
  EXPECT_EQ(ops[4].into.iri, "http://ex/g");
  EXPECT_EQ(ops[5].target.kind, GraphTarget::Kind::kAll);
  EXPECT_EQ(ops[6].kind, UpdateKind::kDrop);
  EXPECT_EQ(ops[6].target.kind, GraphTarget::Kind::kNamed);
  EXPECT_EQ(ops[7].target.kind, GraphTarget::Kind::kDefault);
  EXPECT_EQ(ops[8].target.iri, "http://ex/g");
  EXPECT_EQ(ops[9].kind, UpdateKind::kCreate);
  EXPECT_EQ(ops[9].target.iri, "http://base/x");
  EXPECT_EQ(ops[10].kind, UpdateKind::kAdd);
  EXPECT_EQ(ops[10].from.kind, GraphTarget::Kind::kDefault);
  EXPECT_EQ(ops[11].kind, UpdateKind::kMove);
  EXPECT_EQ(ops[11].target.kind, GraphTarget::Kind::kDefault);
  EXPECT_EQ(ops[12].kind, UpdateKind::kCopy);
  EXPECT_EQ(ops[13].kind, UpdateKind::kModify);
  EXPECT_FALSE(ops[13].hasDelete);
  EXPECT_EQ(u.prefixes.at("e"), "http://e/");
}

TEST(AstUpdate, EmptyRequestAndTrailingSemicolon) {
  EXPECT_TRUE(parseUpdate("").operations.empty());
  EXPECT_TRUE(parseUpdate("PREFIX : <http://ex/>").operations.empty());
  EXPECT_EQ(parseUpdate("CLEAR DEFAULT ;").operations.size(), 1u);
  // The same label in two INSERT templates (not INSERT DATA) is allowed.
  EXPECT_NO_THROW(parseUpdate("INSERT { _:b <p> 1 } WHERE {} ; INSERT { _:b <p> 2 } WHERE {}", "http://ex/"));
}

TEST(AstUpdate, RelativeIrisNeedABase) {
  // A query may hold one (it matches nothing); an update would store it, and a dump with a
  // relative IRI does not load again.
  EXPECT_NO_THROW(parseQuery("SELECT * { <s> ?p ?o }"));
  try {
    parseUpdate("INSERT DATA { <http://ex/s> <http://ex/p> <o> }");
    FAIL() << "expected an error";
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.column(), 43u);
    EXPECT_NE(e.message().find("relative IRI <o>"), std::string::npos) << e.message();
  }
  EXPECT_THROW(parseUpdate("PREFIX : <ns/> DELETE WHERE { :s ?p ?o }"), SyntaxError);
  EXPECT_THROW(parseUpdate("CLEAR GRAPH <g>"), SyntaxError);
  auto based = parseUpdate("BASE <http://ex/> INSERT DATA { <s> <p> <o> }");
  EXPECT_EQ(based.operations[0].quads[0].triple.object.term.value, "http://ex/o");
  auto given = parseUpdate("INSERT DATA { <s> <p> <o> }", "http://base.example/dir/");
  EXPECT_EQ(given.operations[0].quads[0].triple.object.term.value, "http://base.example/dir/o");
}

TEST(AstStatement, DispatchesOnTheFirstKeyword) {
  EXPECT_TRUE(std::holds_alternative<Query>(parseStatement("PREFIX : <http://ex/> select * {}")));
  EXPECT_TRUE(std::holds_alternative<UpdateRequest>(parseStatement("PREFIX : <http://ex/> INSERT DATA {}")));
  EXPECT_TRUE(std::holds_alternative<UpdateRequest>(parseStatement("")));
  EXPECT_TRUE(looksLikeQuery("BASE <http://x/> ASK {}"));
  EXPECT_FALSE(looksLikeQuery("DROP ALL"));
  try {
    (void)parseStatement("PREFIX : <http://ex/>\nSELEC * {}");
    FAIL() << "accepted";
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.line(), 2u);
    EXPECT_EQ(e.column(), 1u);
    EXPECT_EQ(e.message(),
              "expected a query (SELECT, CONSTRUCT, DESCRIBE, ASK) or an update (INSERT, DELETE, "
              "LOAD, CLEAR, ...), found 'SELEC' (did you mean SELECT?)");
  }
}

TEST(AstSExpression, UpdatePrinter) {
  UpdateRequest u = parseUpdate("LOAD <http://x> ; CLEAR SILENT GRAPH <http://g> ; ADD <http://a> TO DEFAULT");
  EXPECT_EQ(toSExpression(u),
            "(update (load <http://x>) (clear silent <http://g>) (add <http://a> default))");
}

TEST(AstThreads, ConcurrentParsing) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &ok] {
      for (int i = 0; i < 50; ++i) {
        std::string q = "PREFIX : <http://ex/> SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s :p" +
                        std::to_string(t) + "/:q* ?o FILTER(?o > " + std::to_string(i) +
                        ") } GROUP BY ?s";
        try {
          Query parsed = parseQuery(q);
          if (parsed.projections.size() == 2) ++ok;
          (void)parseUpdate("INSERT DATA { :a :b " + std::to_string(i) + " }");
        } catch (...) {
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 200);
}

TEST(AstQuotedTriples, AnnotationSyntax) {
  Query q = parseQuery("PREFIX : <http://ex/> SELECT * { ?s :p ?o {| :source ?doc ; :conf ?c |} , ?o2 }");
  EXPECT_EQ(toSExpression(q),
            "(select (project *) (where (group (bgp "
            "(triple ?s <http://ex/p> ?o) "
            "(triple << ?s <http://ex/p> ?o >> <http://ex/source> ?doc) "
            "(triple << ?s <http://ex/p> ?o >> <http://ex/conf> ?c) "
            "(triple ?s <http://ex/p> ?o2)))))");
  UpdateRequest u = parseUpdate("PREFIX : <http://ex/> INSERT DATA { :a :b :c {| :src <http://doc> |} }");
  ASSERT_EQ(u.operations[0].quads.size(), 2u);
  EXPECT_TRUE(u.operations[0].quads[1].triple.subject.isQuoted());
  EXPECT_THROW(parseQuery("SELECT * { ?s <p>/<q> ?o {| <r> 1 |} }"), SyntaxError);
}

TEST(AstUpdate, PatternBlankNodesScopedPerOperation) {
  EXPECT_NO_THROW(parseUpdate(
      "DELETE { ?s <p> ?o } WHERE { _:a <p> ?o . ?s <q> _:a } ;\n"
      "INSERT { ?s <p> 1 } WHERE { _:a <p> ?s }", "http://ex/"));
  EXPECT_THROW(parseUpdate("INSERT { ?s <p> 1 } WHERE { _:a <p> ?s OPTIONAL { _:a <q> ?s } }", "http://ex/"),
               SyntaxError);
}
