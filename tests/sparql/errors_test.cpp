// Malformed queries and updates: each must raise a SyntaxError with the right position and a
// message a user understands. Never a crash, never output on stderr.
#include <gtest/gtest.h>

#include <string>

#include "sparql/parser.h"

using kg::sparql::SyntaxError;

namespace {

struct BadCase {
  const char* text;
  bool update;
  uint64_t line;
  uint64_t column;
  const char* message;  // the whole message (exact match)
};

const BadCase kCases[] = {
    // Typos in keywords
    {"SELECT * WHER { }", false, 1, 10, "expected '{', WHERE or FROM, found 'WHER' (did you mean WHERE?)"},
    {"SELEC ?x {}", false, 1, 1, "expected SELECT, CONSTRUCT, DESCRIBE or ASK, found 'SELEC' (did you mean SELECT?)"},
    {"SELECT ?x WHERE { ?x <p> ?y } LIMT 10", false, 1, 31, "expected the end of input, found 'LIMT'"},
    {"SELECT ?x WHERE { ?x <p> ?y } ORDER ?x", false, 1, 37, "expected BY, found '?x'"},
    {"SELECT ?x WHERE { ?x <p> ?y } GROUP ?x", false, 1, 37, "expected BY, found '?x'"},
    {"CREATE DEAFULT", true, 1, 8, "expected SILENT or GRAPH, found 'DEAFULT'"},
    {"INSERT WHERE { ?s ?p ?o }", true, 1, 8, "unexpected 'WHERE' after 'INSERT'"},
    // Missing or extra braces and parentheses
    {"SELECT ?x WHERE { ?x <p> ?y", false, 1, 28, "unexpected end of query (expected '}')"},
    {"SELECT ?x WHERE ?x <p> ?y }", false, 1, 17, "expected '{', found '?x'"},
    {"SELECT ?x WHERE { ?x <p> ?y } }", false, 1, 31, "expected the end of input, found '}'"},
    {"SELECT ?x WHERE { ?x <p> ?y .\n  FILTER (?y > 3 }", false, 2, 18, "expected ')', found '}'"},
    {"SELECT ?x WHERE { ?x <p> ?y . FILTER ?y > 3 }", false, 1, 38, "expected an expression, found '?y'"},
    {"SELECT ?x WHERE { ?x <p> ?y OPTIONAL ?x <q> ?z }", false, 1, 38, "expected '{', found '?x'"},
    {"SELECT * { GRAPH { ?s ?p ?o } }", false, 1, 18, "expected a variable or an IRI, found '{'"},
    // Unknown prefix (position of the prefixed name)
    {"SELECT ?x WHERE {\n  ?x <p> ?y .\n  ?y ex:q ?z }", false, 3, 6, "unknown prefix 'ex:'"},
    {"PREFIX a: <http://a/> SELECT * { ?s :p ?o }", false, 1, 37, "unknown prefix ':'"},
    // Unterminated strings, bad escapes
    {"SELECT ?x WHERE { ?x <p> \"abc }", false, 1, 26, "unterminated string"},
    {"SELECT ?x WHERE { ?x <p> 'abc }", false, 1, 26, "unterminated string"},
    {"SELECT ?x WHERE { ?x <p> \"\"\"abc }", false, 1, 26,
     "unterminated string (a long string opened with three quotes is not closed)"},
    {"SELECT ?x WHERE { ?x <p> \"a\\qb\" }", false, 1, 28, "invalid escape sequence '\\q' in a string"},
    {"SELECT * WHERE { ?s ?p '\\uD800' }", false, 1, 24, "the escape \\uD800 is not a valid code point"},
    // Bad IRIs
    {"SELECT ?x WHERE { ?x <http://a b> ?y }", false, 1, 22,
     "invalid IRI: an IRI is written <...> and cannot contain spaces or any of <>\"{}|^`\\"},
    {"PREFIX ex: http://ex/ SELECT * {}", false, 1, 12, "expected an IRI, found 'http:'"},
    {"PREFIX ex <http://ex/> SELECT * {}", false, 1, 8, "expected a prefix name such as 'ex:', found 'ex'"},
    // Stray tokens
    {"SELECT * { ?s ?p ?o } @en", false, 1, 23, "expected the end of input, found '@en'"},
    {"SELECT $ WHERE { }", false, 1, 8, "unexpected character '$'"},
    {"SELECT * { ?s <p> ?o }\n\n   GARBAGE", false, 3, 4, "expected the end of input, found 'GARBAGE'"},
    {"SELECT ?x WHERE { ?x <p> ?y } LIMIT ten", false, 1, 37, "expected an integer, found 'ten'"},
    {"ASK { ?x <p> 1.2.3 }", false, 1, 17, "expected '}', found '.3'"},
    {"SELECT (COUNT(?x) ?c) WHERE { ?x <p> ?y }", false, 1, 19, "expected AS, found '?c'"},
    // Empty input, premature end
    {"", false, 1, 1, "unexpected end of query (expected SELECT, CONSTRUCT, DESCRIBE or ASK)"},
    {"   \n# only a comment\n", false, 3, 1, "unexpected end of query (expected SELECT, CONSTRUCT, DESCRIBE or ASK)"},
    {"DESCRIBE", false, 1, 9, "unexpected end of query (expected a variable, an IRI or '*')"},
    {"LOAD", true, 1, 5, "unexpected end of update (expected an IRI or SILENT)"},
    // Binary junk
    {"SELECT * {\x01}", false, 1, 11, "unexpected character U+0001"},
    {"SELECT * {\xff\xfe}", false, 1, 11, "the text is not valid UTF-8 (byte 0xFF)"},
    // Static rules
    {"SELECT ?x WHERE { ?x <p> ?y . BIND(?y AS ?x) }", false, 1, 42, "BIND assigns ?x, which is already in use in this group"},
    {"SELECT ?x WHERE { ?x <p> ?y FILTER(COUNT(?y) > 1) }", false, 1, 36,
     "the aggregate COUNT is only allowed in SELECT, HAVING and ORDER BY"},
    {"SELECT (SUM(COUNT(?o)) AS ?n) WHERE { ?s ?p ?o }", false, 1, 13,
     "aggregates cannot be nested (COUNT inside another aggregate)"},
    {"SELECT ?s ?o WHERE { ?s ?p ?o } GROUP BY ?s", false, 1, 11, "?o is neither grouped (GROUP BY) nor aggregated"},
    {"SELECT * WHERE { ?s ?p ?o } GROUP BY ?s", false, 1, 1,
     "SELECT * cannot be used with GROUP BY or aggregates; list the variables"},
    {"SELECT (1 AS ?s) WHERE { ?s ?p ?o }", false, 1, 14,
     "?s is already bound in the WHERE clause; choose another name after AS"},
    {"SELECT * WHERE { _:a ?p ?o OPTIONAL { _:a ?q ?r } }", false, 1, 39,
     "blank node label '_:a' is used in two different graph patterns"},
    {"SELECT * WHERE { VALUES (?a ?b) { (1) } }", false, 1, 35, "this VALUES row has 1 value but there are 2 variables"},
    {"INSERT DATA { <a> <b> ?c }", true, 1, 23, "variables are not allowed in INSERT DATA"},
    {"DELETE DATA { _:a <b> <c> }", true, 1, 15, "blank nodes are not allowed in DELETE DATA"},
    {"DELETE { ?s <p> [] } WHERE { ?s <p> ?o }", true, 1, 17, "blank nodes are not allowed in a DELETE template"},
    {"INSERT DATA { _:b <p> 1 } ;\nINSERT DATA { _:b <p> 2 }", true, 2, 15,
     "blank node label '_:b' is already used in another INSERT DATA of this request"},
    {"CLEAR GRAPH <g> ;;", true, 1, 18, "expected the end of input, found ';'"},
};

}  // namespace

TEST(SyntaxErrors, PositionsAndMessages) {
  for (const BadCase& c : kCases) {
    SCOPED_TRACE(c.text);
    try {
      if (c.update) {
        (void)kg::sparql::parseUpdate(c.text, "http://example.org/");  // updates need a base for <p>
      } else {
        (void)kg::sparql::parseQuery(c.text);
      }
      ADD_FAILURE() << "accepted";
    } catch (const SyntaxError& e) {
      EXPECT_EQ(e.line(), c.line);
      EXPECT_EQ(e.column(), c.column);
      EXPECT_EQ(e.message(), c.message);
    }
  }
}

TEST(SyntaxErrors, RenderShowsLineAndCaret) {
  std::string q = "PREFIX : <http://ex/>\nSELECT ?x\nWHERE { ?x :p ?y . ?y foo:bar ?z }";
  try {
    (void)kg::sparql::parseQuery(q);
    FAIL() << "accepted";
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.render(q),
              "line 3, column 23: unknown prefix 'foo:'\n"
              "WHERE { ?x :p ?y . ?y foo:bar ?z }\n"
              "                      ^");
    EXPECT_EQ(std::string(e.what()), "3:23: unknown prefix 'foo:'");
    EXPECT_EQ(e.code(), kg::ErrorCode::kSyntax);
  }
}

TEST(SyntaxErrors, RenderCountsCodePoints) {
  std::string q = "SELECT * { ?s <p> \"日本語\" ; <q> \"x }";
  try {
    (void)kg::sparql::parseQuery(q);
    FAIL() << "accepted";
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.column(), 31u);
    EXPECT_EQ(e.render(q),
              "line 1, column 31: unterminated string\n"
              "SELECT * { ?s <p> \"日本語\" ; <q> \"x }\n"
              "                              ^");
  }
}

TEST(SyntaxErrors, DeepNestingIsAnErrorNotACrash) {
  std::string q = "SELECT * { FILTER(" + std::string(100000, '(') + "1" + std::string(100000, ')') + ") }";
  try {
    (void)kg::sparql::parseQuery(q);
    FAIL() << "accepted";
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.line(), 1u);
    EXPECT_EQ(e.message(), "brackets are nested too deeply (more than 128 levels)");
  }
  // Just under the limit parses.
  std::string ok = "SELECT * { FILTER(" + std::string(120, '(') + "1" + std::string(120, ')') + ") }";
  EXPECT_NO_THROW((void)kg::sparql::parseQuery(ok));
  std::string groups = "SELECT * " + std::string(128, '{') + std::string(128, '}');
  EXPECT_NO_THROW((void)kg::sparql::parseQuery(groups));
  std::string tooMany = "SELECT * " + std::string(129, '{') + std::string(129, '}');
  EXPECT_THROW((void)kg::sparql::parseQuery(tooMany), SyntaxError);
}

TEST(SyntaxErrors, GarbageNeverCrashes) {
  // Deterministic pseudo-random bytes and token soup.
  uint32_t state = 12345;
  auto next = [&state] {
    state = state * 1103515245u + 12345u;
    return (state >> 16) & 0x7FFF;
  };
  const char* pieces[] = {"SELECT", "{", "}", "(", ")", "?x", "<a>", "\"s\"", ".", ";", ",", "[", "]",
                          "<<", ">>", "FILTER", "OPTIONAL", "UNION", "1", "a", "^", "/", "|", "*",
                          "GRAPH", "VALUES", "UNDEF", "BIND", "AS", "INSERT", "DATA", "WHERE", "\\",
                          "'", "\"\"\"", "_:b", "ex:", "@en", "^^", "!", "=", "&&"};
  for (int round = 0; round < 400; ++round) {
    std::string text;
    int len = static_cast<int>(next() % 40);
    for (int i = 0; i < len; ++i) {
      if (round % 2 == 0) {
        text += static_cast<char>(next() % 256);
      } else {
        text += pieces[next() % (sizeof pieces / sizeof pieces[0])];
        text += ' ';
      }
    }
    try {
      (void)kg::sparql::parseStatement(text);
    } catch (const SyntaxError& e) {
      EXPECT_GE(e.line(), 1u);
      EXPECT_GE(e.column(), 1u);
      (void)e.render(text);
    }
  }
}

TEST(SyntaxErrors, GroupByAsVariableAlreadyBound) {
  try {
    (void)kg::sparql::parseQuery("SELECT ?o WHERE { ?s ?p ?o } GROUP BY (str(?s) AS ?o)");
    FAIL() << "accepted";
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.column(), 51u);
    EXPECT_EQ(e.message(), "?o is already bound in the WHERE clause; choose another name after AS");
  }
}

TEST(SyntaxErrors, HugeInputIsRejectedCleanly) {
  std::string q = "SELECT * { ?s ?p \"" + std::string(kg::sparql::kMaxInputBytes, 'x') + "\" }";
  try {
    (void)kg::sparql::parseQuery(q);
    FAIL() << "accepted";
  } catch (const SyntaxError& e) {
    EXPECT_EQ(e.line(), 1u);
    EXPECT_NE(e.message().find("too large"), std::string::npos);
  }
  // A large but acceptable update parses.
  std::string u = "INSERT DATA {\n";
  for (int i = 0; i < 5000; ++i) u += "<http://ex/s" + std::to_string(i) + "> <http://ex/p> \"v\" .\n";
  u += "}";
  EXPECT_EQ(kg::sparql::parseUpdate(u).operations[0].quads.size(), 5000u);
}
