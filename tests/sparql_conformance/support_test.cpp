// Unit tests of the result readers and comparison code used by the SPARQL harnesses.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "../common/json_results.h"
#include "../common/result_compare.h"
#include "../common/suite_index.h"

namespace kg::testing {
namespace {

const std::string kInt(vocab::kXsdInteger);

TEST(Json, ParsesNestedValuesAndEscapes) {
  JsonValue v = parseJson(R"({"a": [1, -2.5e3, true, false, null], "b": "x\"\\\/\n\u00e9\ud83d\ude00"})");
  ASSERT_TRUE(v.isObject());
  ASSERT_EQ(v.get("a")->items.size(), 5u);
  EXPECT_EQ(v.get("a")->items[1].text, "-2.5e3");
  EXPECT_TRUE(v.get("a")->items[2].boolean);
  EXPECT_EQ(v.get("b")->text, "x\"\\/\n\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(v.get("zz"), nullptr);
}

TEST(Json, RejectsMalformed) {
  EXPECT_THROW(parseJson("{\"a\": }"), std::runtime_error);
  EXPECT_THROW(parseJson("[1, 2"), std::runtime_error);
  EXPECT_THROW(parseJson("\"abc"), std::runtime_error);
  EXPECT_THROW(parseJson("{} x"), std::runtime_error);
}

TEST(Srj, ReadsSelectAndAsk) {
  ResultSet r = parseSrj(R"({"head": {"vars": ["x", "y"]},
 "results": {"bindings": [
{"x": {"type": "uri", "value": "http://a"}, "y": {"type": "literal", "value": "1", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}},
{"x": {"type": "bnode", "value": "b0"}},
{"y": {"type": "literal", "value": "chat", "xml:lang": "FR"}},
{"x": {"type": "triple", "value": {"subject": {"type": "uri", "value": "http://s"}, "predicate": {"type": "uri", "value": "http://p"}, "object": {"type": "literal", "value": "o"}}}}
]}})");
  EXPECT_FALSE(r.isBoolean);
  ASSERT_EQ(r.variables, (std::vector<std::string>{"x", "y"}));
  ASSERT_EQ(r.rows.size(), 4u);
  EXPECT_EQ(*r.rows[0][0], Term::iri("http://a"));
  EXPECT_EQ(*r.rows[0][1], Term::literal("1", kInt));
  EXPECT_TRUE(r.rows[1][0]->isBlank());
  EXPECT_FALSE(r.rows[1][1].has_value());
  EXPECT_EQ(r.rows[2][1]->language, "FR");
  EXPECT_TRUE(r.rows[3][0]->isTriple());

  ResultSet ask = parseSrj(R"({"head": {}, "boolean": false})");
  EXPECT_TRUE(ask.isBoolean);
  EXPECT_FALSE(ask.boolean);
}

ResultSet table(std::vector<std::string> vars, std::vector<Row> rows) {
  ResultSet r;
  r.variables = std::move(vars);
  r.rows = std::move(rows);
  return r;
}
Cell iri(const std::string& s) { return Term::iri("http://ex/" + s); }
Cell bn(const std::string& s) { return Term::blank(s); }
Cell num(int n) { return Term::literal(std::to_string(n), kInt); }

TEST(Compare, BagsIgnoreOrderAndColumnOrder) {
  ResultSet e = table({"a", "b"}, {{iri("x"), num(1)}, {iri("y"), Cell()}});
  ResultSet a = table({"b", "a"}, {{Cell(), iri("y")}, {num(1), iri("x")}});
  EXPECT_EQ(compareResultSets(e, a), "");
}

TEST(Compare, ReportsMissingAndExtraRows) {
  ResultSet e = table({"a"}, {{iri("x")}, {iri("y")}});
  ResultSet a = table({"a"}, {{iri("x")}});
  std::string d = compareResultSets(e, a);
  EXPECT_NE(d.find("expected 2 rows, got 1"), std::string::npos) << d;
  EXPECT_NE(d.find("<http://ex/y>"), std::string::npos) << d;
  EXPECT_NE(compareResultSets(e, table({"z"}, {{iri("x")}, {iri("y")}})).find("variables differ"),
            std::string::npos);
}

TEST(Compare, MultisetCountsMatter) {
  ResultSet e = table({"a"}, {{iri("x")}, {iri("x")}});
  ResultSet a = table({"a"}, {{iri("x")}});
  EXPECT_NE(compareResultSets(e, a), "");
  EXPECT_EQ(compareResultSets(e, table({"a"}, {{iri("x")}, {iri("x")}})), "");
}

TEST(Compare, BlankNodesUseOneBijectionAcrossRows) {
  ResultSet e = table({"a", "b"}, {{bn("a"), iri("1")}, {bn("a"), iri("2")}});
  ResultSet same = table({"a", "b"}, {{bn("z"), iri("2")}, {bn("z"), iri("1")}});
  ResultSet split = table({"a", "b"}, {{bn("z"), iri("2")}, {bn("w"), iri("1")}});
  EXPECT_EQ(compareResultSets(e, same), "");
  EXPECT_NE(compareResultSets(e, split), "");
}

TEST(Compare, LanguageTagsAreCaseInsensitiveButLexicalFormsExact) {
  ResultSet e = table({"a"}, {{Term::literal("x", "", "en-US")}});
  EXPECT_EQ(compareResultSets(e, table({"a"}, {{Term::literal("x", "", "EN-us")}})), "");
  ResultSet n = table({"a"}, {{Term::literal("01", kInt)}});
  EXPECT_NE(compareResultSets(n, table({"a"}, {{Term::literal("1", kInt)}})), "");
  // Simple literal == xsd:string.
  ResultSet s = table({"a"}, {{Term::literal("x")}});
  EXPECT_EQ(compareResultSets(s, table({"a"}, {{Term::literal("x", std::string(vocab::kXsdString))}})), "");
}

TEST(Compare, NumbersByValueKeepDatatypeAndExactValue) {
  const std::string x(vocab::kXsd);
  auto num = [&](const char* v, const char* type) { return Term::literal(v, x + type); };
  auto same = [&](const Term& a, const Term& b) {
    CompareOptions byValue;
    byValue.numericByValue = true;
    return compareResultSets(table({"n"}, {{a}}), table({"n"}, {{b}}), byValue).empty();
  };
  EXPECT_TRUE(same(num("1.0", "decimal"), num("1", "decimal")));
  EXPECT_TRUE(same(num("+007.50", "decimal"), num("7.5", "decimal")));
  EXPECT_TRUE(same(num("-0.0", "decimal"), num("0", "decimal")));
  EXPECT_TRUE(same(num("01", "integer"), num("1", "integer")));
  EXPECT_TRUE(same(num("1E0", "double"), num("1.0", "double")));
  EXPECT_TRUE(same(num("3.21E4", "double"), num("32100", "double")));
  EXPECT_TRUE(same(num("0.1", "float"), num("1.0E-1", "float")));
  EXPECT_TRUE(same(num("NaN", "double"), num("NaN", "double")));
  // The datatype still has to match, and the value exactly.
  EXPECT_FALSE(same(num("1", "decimal"), num("1", "integer")));
  EXPECT_FALSE(same(num("1", "double"), num("1", "float")));
  EXPECT_FALSE(same(num("1.00000000000000000001", "decimal"), num("1", "decimal")));
  EXPECT_FALSE(same(num("0.1", "double"), num("0.10000000000000002", "double")));
  EXPECT_FALSE(same(num("2", "integer"), num("3", "integer")));
  EXPECT_FALSE(same(num("INF", "double"), num("-INF", "double")));
  // Ill-formed numbers only match themselves; other literals stay terms.
  EXPECT_FALSE(same(num("1x", "integer"), num("1", "integer")));
  EXPECT_FALSE(same(num("1.", "integer"), num("1", "integer")));
  EXPECT_FALSE(same(Term::literal("1.0"), Term::literal("1")));
  // Without the option, lexical forms must be equal.
  EXPECT_NE(compareResultSets(table({"n"}, {{num("1.0", "decimal")}}),
                              table({"n"}, {{num("1", "decimal")}})),
            "");
}

TEST(Compare, OrderedOnKeysAllowsTiesInAnyOrder) {
  ResultSet e = table({"k", "v"}, {{num(1), iri("a")}, {num(1), iri("b")}, {num(2), iri("c")}});
  ResultSet tiesSwapped = table({"k", "v"}, {{num(1), iri("b")}, {num(1), iri("a")}, {num(2), iri("c")}});
  ResultSet wrong = table({"k", "v"}, {{num(2), iri("c")}, {num(1), iri("a")}, {num(1), iri("b")}});
  CompareOptions o;
  o.ordered = true;
  o.sortKeys = {"k"};
  EXPECT_EQ(compareResultSets(e, tiesSwapped, o), "");
  EXPECT_NE(compareResultSets(e, wrong, o).find("order differs"), std::string::npos);
  o.sortKeys.clear();  // positional
  EXPECT_NE(compareResultSets(e, tiesSwapped, o), "");
  EXPECT_EQ(compareResultSets(e, e, o), "");
}

TEST(Compare, LaxCardinality) {
  ResultSet e = table({"a"}, {{iri("x")}, {iri("x")}, {iri("y")}});
  CompareOptions o;
  o.lax = true;
  EXPECT_EQ(compareResultSets(e, table({"a"}, {{iri("x")}, {iri("y")}}), o), "");
  EXPECT_EQ(compareResultSets(e, e, o), "");
  EXPECT_NE(compareResultSets(e, table({"a"}, {{iri("x")}}), o), "");
  EXPECT_NE(compareResultSets(e, table({"a"}, {{iri("x")}, {iri("x")}, {iri("x")}, {iri("y")}}), o), "");
}

TEST(Compare, Booleans) {
  ResultSet t, f;
  t.isBoolean = f.isBoolean = true;
  t.boolean = true;
  EXPECT_EQ(compareResultSets(t, t), "");
  EXPECT_EQ(compareResultSets(t, f), "expected true, got false");
  EXPECT_NE(compareResultSets(t, table({"a"}, {})), "");
}

TEST(Compare, GraphsByIsomorphismAsSets) {
  auto q = [](Term s, const std::string& p, Term o) {
    return Quad{std::move(s), Term::iri("http://ex/" + p), std::move(o), Term::iri("")};
  };
  std::vector<Quad> e = {q(Term::blank("a"), "p", Term::blank("b")), q(Term::blank("b"), "p", *iri("x"))};
  std::vector<Quad> a = {q(Term::blank("y"), "p", *iri("x")), q(Term::blank("x"), "p", Term::blank("y")),
                         q(Term::blank("y"), "p", *iri("x"))};
  EXPECT_EQ(compareQuads(e, a), "");
  std::vector<Quad> wrong = {q(Term::blank("y"), "p", *iri("x")), q(Term::blank("x"), "p", Term::blank("x"))};
  EXPECT_NE(compareQuads(e, wrong), "");
}

TEST(TermReader, ReadsTurtleTerms) {
  std::map<std::string, std::string> prefixes = {{"", "http://ex/"}, {"foaf", "http://xmlns.com/foaf/0.1/"}};
  TermReader r(&prefixes);
  EXPECT_EQ(r.readAll("<http://a>"), Term::iri("http://a"));
  EXPECT_EQ(r.readAll(":a"), Term::iri("http://ex/a"));
  EXPECT_EQ(r.readAll("foaf:name"), Term::iri("http://xmlns.com/foaf/0.1/name"));
  EXPECT_EQ(r.readAll("_:b1"), Term::blank("b1"));
  EXPECT_EQ(r.readAll("\"a\\tb\""), Term::literal("a\tb"));
  EXPECT_EQ(r.readAll("\"x\"@en"), Term::literal("x", "", "en"));
  EXPECT_EQ(r.readAll("\"1\"^^xsd:integer"), Term::literal("1", kInt));
  EXPECT_EQ(r.readAll("\"1\"^^<http://www.w3.org/2001/XMLSchema#integer>"), Term::literal("1", kInt));
  EXPECT_EQ(r.readAll("42"), Term::literal("42", kInt));
  EXPECT_EQ(r.readAll("-1.5"), Term::literal("-1.5", std::string(vocab::kXsdDecimal)));
  EXPECT_EQ(r.readAll("1.0e6"), Term::literal("1.0e6", std::string(vocab::kXsdDouble)));
  EXPECT_EQ(r.readAll("true"), Term::literal("true", std::string(vocab::kXsdBoolean)));
  EXPECT_EQ(r.readAll("\"\\u00e9\""), Term::literal("\xC3\xA9"));
  EXPECT_EQ(r.readAll("'''a\"b'''"), Term::literal("a\"b"));
  Term qt = r.readAll("<< :s :p << :a :b \"c\" >> >>");
  ASSERT_TRUE(qt.isTriple());
  EXPECT_TRUE(qt.triple->object.isTriple());
  EXPECT_THROW(r.readAll("nope:x"), std::runtime_error);
  EXPECT_THROW(r.readAll("<a> <b>"), std::runtime_error);
}

TEST(CsvTsv, ReadsCsv) {
  ResultSet r = parseCsvResults("s,o\r\nhttp://a,\"4,4\"\r\n_:b0,\r\nx,\"\"\"q\"\"\"\r\n");
  ASSERT_EQ(r.variables, (std::vector<std::string>{"s", "o"}));
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(*r.rows[0][1], Term::literal("4,4"));
  EXPECT_TRUE(r.rows[1][0]->isBlank());
  EXPECT_FALSE(r.rows[1][1].has_value());
  EXPECT_EQ(*r.rows[2][1], Term::literal("\"q\""));
}

TEST(CsvTsv, ReadsTsvWithBareNumbersAndDoubleExponent) {
  ResultSet r = parseTsvResults("?s\t?o\n<http://a>\t4\n<http://b>\t1.0e6\n<http://c>\t\n");
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(*r.rows[0][1], Term::literal("4", kInt));
  ResultSet e = parseTsvResults("?s\t?o\n<http://a>\t\"4\"^^<http://www.w3.org/2001/XMLSchema#integer>\n"
                                "<http://b>\t\"1.0E6\"^^<http://www.w3.org/2001/XMLSchema#double>\n<http://c>\t\n");
  EXPECT_EQ(compareResultSets(e, r), "");
}

TEST(OrderKeys, FindsTopLevelOrderBy) {
  EXPECT_EQ(topLevelOrderKeys("SELECT * { ?s ?p ?o } ORDER BY ?s DESC(?p) ASC( ?o ) LIMIT 3"),
            (std::vector<std::string>{"s", "p", "o"}));
  EXPECT_EQ(topLevelOrderKeys("SELECT * { { SELECT ?s { ?s ?p ?o } ORDER BY ?s } }"), std::nullopt);
  EXPECT_EQ(topLevelOrderKeys("SELECT * { ?s ?p ?o } ORDER BY str(?s)"), std::nullopt);
  EXPECT_EQ(topLevelOrderKeys("SELECT * { ?s <http://x/order by> \"}\" } # ORDER BY ?x\n"), std::nullopt);
  EXPECT_EQ(topLevelOrderKeys("select * { ?s ?p ?o } order by $o"), (std::vector<std::string>{"o"}));
}

// Every normalized expected result of the kit reads, and equals itself under every mode.
TEST(Kit, EveryExpectedResultReads) {
  if (!sharedAvailable()) KG_SKIP_WITHOUT_SHARED(kSharedMissing);
  int count = 0;
  for (const char* suite : {"sparql10", "sparql11"}) {
    for (const auto& row : readIndex(conformanceDir() + "/index/" + suite + ".tsv")) {
      std::string path;
      if (!row.normalized.empty() && row.normalized.size() > 4 &&
          row.normalized.compare(row.normalized.size() - 4, 4, ".srj") == 0) {
        path = conformanceDir() + "/" + row.normalized;
        std::ifstream in(path);
        std::stringstream ss;
        ss << in.rdbuf();
        ResultSet r;
        ASSERT_NO_THROW(r = parseSrj(ss.str())) << path;
        CompareOptions o;
        o.ordered = row.hasFlag("ordered");
        o.lax = row.hasFlag("lax");
        EXPECT_EQ(compareResultSets(r, r, o), "") << path;
        ++count;
      } else if (row.result.size() > 4 && (row.result.compare(row.result.size() - 4, 4, ".csv") == 0 ||
                                           row.result.compare(row.result.size() - 4, 4, ".tsv") == 0)) {
        path = conformanceDir() + "/" + row.result;
        std::ifstream in(path);
        std::stringstream ss;
        ss << in.rdbuf();
        bool csv = row.result.compare(row.result.size() - 4, 4, ".csv") == 0;
        ResultSet r;
        ASSERT_NO_THROW(r = csv ? parseCsvResults(ss.str()) : parseTsvResults(ss.str())) << path;
        EXPECT_FALSE(r.rows.empty()) << path;
        ++count;
      }
    }
  }
  EXPECT_GT(count, 450);
}

}  // namespace
}  // namespace kg::testing
