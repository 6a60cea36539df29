#include <gtest/gtest.h>

#include <set>

#include "test_util.h"

using namespace kg;
using namespace kg::expr;
using namespace kgtest;

namespace {
std::string I(const std::string& v) { return "\"" + v + "\"^^<" + kX + "integer>"; }
std::string D(const std::string& v) { return "\"" + v + "\"^^<" + kX + "decimal>"; }
std::string DB(const std::string& v) { return "\"" + v + "\"^^<" + kX + "double>"; }
std::string FL(const std::string& v) { return "\"" + v + "\"^^<" + kX + "float>"; }
std::string B(bool v) { return std::string("\"") + (v ? "true" : "false") + "\"^^<" + kX + "boolean>"; }
std::string Q(const std::string& v) { return "\"" + v + "\""; }
}  // namespace

TEST(ExprBuiltins, Dispatch) {
  EXPECT_TRUE(isBuiltinName("strlen"));
  EXPECT_TRUE(isBuiltinName("langMatches"));
  EXPECT_FALSE(isBuiltinName("NOPE"));
  EXPECT_EQ(R(call("NOPE", {S("a")})), "ERROR");
  EXPECT_EQ(R(call("STRLEN", {})), "ERROR");           // arity
  EXPECT_EQ(R(call("STRLEN", {S("a"), S("b")})), "ERROR");
  EXPECT_EQ(R(call("strlen", {S("abc")})), I("3"));    // case-insensitive names
  EXPECT_EQ(builtinArity("CONCAT")->second, -1);
  EXPECT_EQ(builtinArity("SUBSTR")->first, 2);
  const BuiltinInfo* f = findBuiltin("ucase");
  ASSERT_NE(f, nullptr);
  FunctionContext ctx;
  EXPECT_EQ(R(f->fn({S("a")}, ctx)), Q("A"));
  EXPECT_EQ(findBuiltin("COALESCE"), nullptr);  // lazily evaluated: the caller's
}

TEST(ExprBuiltins, StrLangDatatype) {
  EXPECT_EQ(R(call("STR", {Iri("http://a/b")})), Q("http://a/b"));
  EXPECT_EQ(R(call("STR", {LS("chat", "fr")})), Q("chat"));
  EXPECT_EQ(R(call("STR", {Int("01")})), Q("01"));
  EXPECT_EQ(R(call("STR", {Bn("b")})), "ERROR");
  EXPECT_EQ(R(call("LANG", {LS("chat", "fr-BE")})), Q("fr-BE"));
  EXPECT_EQ(R(call("LANG", {S("chat")})), Q(""));
  EXPECT_EQ(R(call("LANG", {Iri("http://a")})), "ERROR");
  EXPECT_EQ(R(call("DATATYPE", {S("a")})), "<" + kX + "string>");
  EXPECT_EQ(R(call("DATATYPE", {Int("1")})), "<" + kX + "integer>");
  EXPECT_EQ(R(call("DATATYPE", {LS("a", "en")})), "<http://www.w3.org/1999/02/22-rdf-syntax-ns#langString>");
  EXPECT_EQ(R(call("DATATYPE", {Iri("http://a")})), "ERROR");
}

TEST(ExprBuiltins, LangMatches) {
  EXPECT_EQ(R(call("LANGMATCHES", {S("en"), S("EN")})), B(true));
  EXPECT_EQ(R(call("LANGMATCHES", {S("en-US"), S("en")})), B(true));
  EXPECT_EQ(R(call("LANGMATCHES", {S("en"), S("en-US")})), B(false));
  EXPECT_EQ(R(call("LANGMATCHES", {S("english"), S("en")})), B(false));
  EXPECT_EQ(R(call("LANGMATCHES", {S("fr"), S("*")})), B(true));
  EXPECT_EQ(R(call("LANGMATCHES", {S(""), S("*")})), B(false));
  EXPECT_EQ(R(call("LANGMATCHES", {S(""), S("en")})), B(false));
  EXPECT_EQ(R(call("LANGMATCHES", {Int("1"), S("en")})), "ERROR");
}

TEST(ExprBuiltins, IriAndBnode) {
  EXPECT_EQ(R(call("IRI", {S("http://x/y")})), "<http://x/y>");
  EXPECT_EQ(R(call("URI", {S("rel/z")})), "<http://example.org/base/rel/z>");
  EXPECT_EQ(R(call("IRI", {Iri("http://q")})), "<http://q>");
  EXPECT_EQ(R(call("IRI", {LS("x", "en")})), "ERROR");
  EXPECT_EQ(R(call("IRI", {Int("1")})), "ERROR");
  FunctionContext ctx;
  auto b1 = callBuiltin("BNODE", {}, ctx), b2 = callBuiltin("BNODE", {}, ctx);
  ASSERT_TRUE(b1 && b2);
  EXPECT_TRUE(b1->isBlank());
  EXPECT_NE(*b1, *b2);
  auto x1 = callBuiltin("BNODE", {S("x")}, ctx), x2 = callBuiltin("BNODE", {S("x")}, ctx);
  auto y1 = callBuiltin("BNODE", {S("y")}, ctx);
  EXPECT_EQ(*x1, *x2);
  EXPECT_NE(*x1, *y1);
  ctx.newSolution();
  auto x3 = callBuiltin("BNODE", {S("x")}, ctx);
  EXPECT_NE(*x1, *x3);
  EXPECT_EQ(R(callBuiltin("BNODE", {Iri("http://a")}, ctx)), "ERROR");
  ctx.setBlankPrefix("q");
  EXPECT_EQ(ctx.freshBlank().value.substr(0, 1), "q");
}

TEST(ExprBuiltins, ResolveIri) {
  const std::string base = "http://a/b/c/d;p?q";
  EXPECT_EQ(resolveIri(base, "g"), "http://a/b/c/g");
  EXPECT_EQ(resolveIri(base, "./g"), "http://a/b/c/g");
  EXPECT_EQ(resolveIri(base, "g/"), "http://a/b/c/g/");
  EXPECT_EQ(resolveIri(base, "/g"), "http://a/g");
  EXPECT_EQ(resolveIri(base, "//g"), "http://g");
  EXPECT_EQ(resolveIri(base, "?y"), "http://a/b/c/d;p?y");
  EXPECT_EQ(resolveIri(base, "#s"), "http://a/b/c/d;p?q#s");
  EXPECT_EQ(resolveIri(base, ""), "http://a/b/c/d;p?q");
  EXPECT_EQ(resolveIri(base, ".."), "http://a/b/");
  EXPECT_EQ(resolveIri(base, "../g"), "http://a/b/g");
  EXPECT_EQ(resolveIri(base, "../../g"), "http://a/g");
  EXPECT_EQ(resolveIri(base, "../../../g"), "http://a/g");
  EXPECT_EQ(resolveIri(base, "g;x=1/../y"), "http://a/b/c/y");
  EXPECT_EQ(resolveIri(base, "urn:x:y"), "urn:x:y");
}

TEST(ExprBuiltins, NumericFunctions) {
  EXPECT_EQ(R(call("ABS", {Int("-3")})), I("3"));
  EXPECT_EQ(R(call("ABS", {X("-3", "int")})), I("3"));
  EXPECT_EQ(R(call("ABS", {Dec("-1.5")})), D("1.5"));
  EXPECT_EQ(R(call("ABS", {Dbl("-2")})), DB("2.0E0"));
  EXPECT_EQ(R(call("ABS", {Flt("-INF")})), FL("INF"));
  EXPECT_EQ(R(call("ABS", {S("1")})), "ERROR");
  EXPECT_EQ(R(call("CEIL", {Dec("1.1")})), D("2"));
  EXPECT_EQ(R(call("CEIL", {Dec("-1.6")})), D("-1"));
  EXPECT_EQ(R(call("CEIL", {Int("5")})), I("5"));
  EXPECT_EQ(R(call("CEIL", {Dbl("1.2")})), DB("2.0E0"));
  EXPECT_EQ(R(call("FLOOR", {Dec("-1.6")})), D("-2"));
  EXPECT_EQ(R(call("FLOOR", {Dec("2.5")})), D("2"));
  EXPECT_EQ(R(call("FLOOR", {Dbl("-0.5")})), DB("-1.0E0"));
  // W3C round01: -2 -> -2, -1.6 -> -2, 1.1 -> 1, 2.5 -> 3, -1 -> -1
  EXPECT_EQ(R(call("ROUND", {Int("-2")})), I("-2"));
  EXPECT_EQ(R(call("ROUND", {Dec("-1.6")})), D("-2"));
  EXPECT_EQ(R(call("ROUND", {Dec("1.1")})), D("1"));
  EXPECT_EQ(R(call("ROUND", {Dec("2.5")})), D("3"));
  EXPECT_EQ(R(call("ROUND", {Dec("-2.5")})), D("-2"));
  EXPECT_EQ(R(call("ROUND", {Dbl("2.5")})), DB("3.0E0"));
  EXPECT_EQ(R(call("ROUND", {Dbl("-2.5")})), DB("-2.0E0"));
  EXPECT_EQ(R(call("ROUND", {Dbl("0.49999999999999994")})), DB("0.0E0"));
  EXPECT_EQ(R(call("ROUND", {Dbl("-0.3")})), DB("-0.0E0"));
  EXPECT_EQ(R(call("ROUND", {Dbl("NaN")})), DB("NaN"));
  FunctionContext ctx;
  for (int i = 0; i < 50; ++i) {
    auto r = callBuiltin("RAND", {}, ctx);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->datatype, kX + "double");
    double d = *numericAsDouble(*r);
    EXPECT_GE(d, 0.0);
    EXPECT_LT(d, 1.0);
  }
}

TEST(ExprBuiltins, Concat) {
  EXPECT_EQ(R(call("CONCAT", {})), Q(""));
  EXPECT_EQ(R(call("CONCAT", {S("a")})), Q("a"));
  EXPECT_EQ(R(call("CONCAT", {S("a"), X("b", "string")})), Q("ab"));
  EXPECT_EQ(R(call("CONCAT", {LS("a", "en"), LS("b", "en")})), "\"ab\"@en");
  EXPECT_EQ(R(call("CONCAT", {LS("a", "en"), LS("b", "fr")})), Q("ab"));
  EXPECT_EQ(R(call("CONCAT", {LS("a", "en"), S("b")})), Q("ab"));
  EXPECT_EQ(R(call("CONCAT", {LS("a", "en")})), "\"a\"@en");
  EXPECT_EQ(R(call("CONCAT", {S("a"), Int("1")})), "ERROR");
  EXPECT_EQ(R(call("CONCAT", {S("a"), Iri("http://x")})), "ERROR");
}

TEST(ExprBuiltins, SubstrAndStrlen) {
  EXPECT_EQ(R(call("SUBSTR", {S("motor"), Int("2")})), Q("otor"));
  EXPECT_EQ(R(call("SUBSTR", {S("motor"), Int("2"), Int("3")})), Q("oto"));
  EXPECT_EQ(R(call("SUBSTR", {S("motor"), Int("0"), Int("3")})), Q("mo"));
  EXPECT_EQ(R(call("SUBSTR", {S("motor"), Int("-1"), Int("3")})), Q("m"));
  EXPECT_EQ(R(call("SUBSTR", {S("motor"), Int("10")})), Q(""));
  EXPECT_EQ(R(call("SUBSTR", {S("12345"), Dec("1.5"), Dec("2.6")})), Q("234"));  // XPath example
  EXPECT_EQ(R(call("SUBSTR", {S("12345"), Dbl("-INF"), Dbl("INF")})), Q(""));
  EXPECT_EQ(R(call("SUBSTR", {S("12345"), Dbl("NaN")})), Q(""));
  EXPECT_EQ(R(call("SUBSTR", {LS("chat", "fr"), Int("2"), Int("2")})), "\"ha\"@fr");
  EXPECT_EQ(R(call("SUBSTR", {X("abc", "string"), Int("2")})), Q("bc"));
  EXPECT_EQ(R(call("SUBSTR", {S("食べ物"), Int("2"), Int("1")})), Q("べ"));
  EXPECT_EQ(R(call("SUBSTR", {S("\xF0\x9F\x91\xAA" "ab"), Int("1"), Int("1")})), Q("\xF0\x9F\x91\xAA"));
  EXPECT_EQ(R(call("SUBSTR", {S("abc"), S("1")})), "ERROR");
  EXPECT_EQ(R(call("SUBSTR", {Int("123"), Int("1")})), "ERROR");
  EXPECT_EQ(R(call("STRLEN", {S("chat")})), I("4"));
  EXPECT_EQ(R(call("STRLEN", {LS("chat", "en")})), I("4"));
  EXPECT_EQ(R(call("STRLEN", {S("")})), I("0"));
  EXPECT_EQ(R(call("STRLEN", {S("食べ物")})), I("3"));
  EXPECT_EQ(R(call("STRLEN", {S("\xF0\x9F\x91\xAA")})), I("1"));  // 👪
  // 👨‍👩‍👧‍👦 = 4 emoji + 3 ZWJ = 7 code points (W3C length01-non-bmp)
  EXPECT_EQ(R(call("STRLEN", {S("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7\xE2\x80\x8D\xF0\x9F\x91\xA6")})), I("7"));
  EXPECT_EQ(R(call("STRLEN", {Iri("http://a")})), "ERROR");
}

TEST(ExprBuiltins, CaseMapping) {
  EXPECT_EQ(R(call("UCASE", {S("foo")})), Q("FOO"));
  EXPECT_EQ(R(call("UCASE", {LS("bar", "en")})), "\"BAR\"@en");
  EXPECT_EQ(R(call("UCASE", {S("straße")})), Q("STRASSE"));
  EXPECT_EQ(R(call("UCASE", {S("éçà")})), Q("ÉÇÀ"));
  EXPECT_EQ(R(call("UCASE", {S("\xF0\x9F\x91\xAA")})), Q("\xF0\x9F\x91\xAA"));
  EXPECT_EQ(R(call("UCASE", {S("食べ物")})), Q("食べ物"));
  EXPECT_EQ(R(call("LCASE", {S("BAZ")})), Q("baz"));
  EXPECT_EQ(R(call("LCASE", {S("ÀÉÎ")})), Q("àéî"));
  EXPECT_EQ(R(call("LCASE", {X("DEF", "string")})), Q("def"));
  EXPECT_EQ(R(call("LCASE", {Int("1")})), "ERROR");
  EXPECT_EQ(R(call("UCASE", {Iri("http://a")})), "ERROR");
}

TEST(ExprBuiltins, EncodeForUri) {
  EXPECT_EQ(R(call("ENCODE_FOR_URI", {S("Los Angeles")})), Q("Los%20Angeles"));
  EXPECT_EQ(R(call("ENCODE_FOR_URI", {LS("Los Angeles", "en")})), Q("Los%20Angeles"));
  EXPECT_EQ(R(call("ENCODE_FOR_URI", {S("食べ物")})), Q("%E9%A3%9F%E3%81%B9%E7%89%A9"));
  EXPECT_EQ(R(call("ENCODE_FOR_URI", {S("100%")})), Q("100%25"));
  EXPECT_EQ(R(call("ENCODE_FOR_URI", {S("a-b_c.d~e/f")})), Q("a-b_c.d~e%2Ff"));
  EXPECT_EQ(R(call("ENCODE_FOR_URI", {Int("1")})), "ERROR");
}

TEST(ExprBuiltins, StringTests) {
  EXPECT_EQ(R(call("CONTAINS", {S("foobar"), S("bar")})), B(true));
  EXPECT_EQ(R(call("CONTAINS", {S("foobar"), S("")})), B(true));
  EXPECT_EQ(R(call("CONTAINS", {LS("foobar", "en"), S("bar")})), B(true));
  EXPECT_EQ(R(call("CONTAINS", {LS("foobar", "en"), LS("bar", "EN")})), B(true));
  EXPECT_EQ(R(call("CONTAINS", {LS("foobar", "en"), LS("bar", "fr")})), "ERROR");
  EXPECT_EQ(R(call("CONTAINS", {S("foobar"), LS("bar", "en")})), "ERROR");
  EXPECT_EQ(R(call("CONTAINS", {S("foobar"), Int("1")})), "ERROR");
  EXPECT_EQ(R(call("STRSTARTS", {S("foobar"), S("foo")})), B(true));
  EXPECT_EQ(R(call("STRSTARTS", {S("foobar"), S("bar")})), B(false));
  EXPECT_EQ(R(call("STRSTARTS", {S("fo"), S("foo")})), B(false));
  EXPECT_EQ(R(call("STRSTARTS", {X("foobar", "string"), X("foo", "string")})), B(true));
  EXPECT_EQ(R(call("STRENDS", {S("foobar"), S("bar")})), B(true));
  EXPECT_EQ(R(call("STRENDS", {S("ar"), S("bar")})), B(false));
  EXPECT_EQ(R(call("STRENDS", {LS("foobar", "en"), S("")})), B(true));
}

TEST(ExprBuiltins, StrBeforeAfter) {
  // Examples from SPARQL 1.1 section 17.4.3.7/8
  EXPECT_EQ(R(call("STRBEFORE", {S("abc"), S("b")})), Q("a"));
  EXPECT_EQ(R(call("STRBEFORE", {LS("abc", "en"), S("bc")})), "\"a\"@en");
  EXPECT_EQ(R(call("STRBEFORE", {LS("abc", "en"), LS("b", "cy")})), "ERROR");
  EXPECT_EQ(R(call("STRBEFORE", {X("abc", "string"), S("")})), Q(""));
  EXPECT_EQ(R(call("STRBEFORE", {S("abc"), S("xyz")})), Q(""));
  EXPECT_EQ(R(call("STRBEFORE", {LS("abc", "en"), LS("z", "en")})), Q(""));
  EXPECT_EQ(R(call("STRBEFORE", {LS("abc", "en"), S("")})), "\"\"@en");
  EXPECT_EQ(R(call("STRAFTER", {S("abc"), S("b")})), Q("c"));
  EXPECT_EQ(R(call("STRAFTER", {LS("abc", "en"), S("ab")})), "\"c\"@en");
  EXPECT_EQ(R(call("STRAFTER", {LS("abc", "en"), LS("b", "cy")})), "ERROR");
  EXPECT_EQ(R(call("STRAFTER", {X("abc", "string"), S("")})), Q("abc"));
  EXPECT_EQ(R(call("STRAFTER", {S("abc"), S("xyz")})), Q(""));
  EXPECT_EQ(R(call("STRAFTER", {LS("abc", "en"), LS("z", "en")})), Q(""));
  EXPECT_EQ(R(call("STRAFTER", {LS("abc", "en"), LS("", "en")})), "\"abc\"@en");
  EXPECT_EQ(R(call("STRAFTER", {LS("abc", "en"), S("")})), "\"abc\"@en");
}

TEST(ExprBuiltins, Regex) {
  EXPECT_EQ(R(call("REGEX", {S("Alice"), S("^ali"), S("i")})), B(true));
  EXPECT_EQ(R(call("REGEX", {S("Alice"), S("^ali")})), B(false));
  EXPECT_EQ(R(call("REGEX", {LS("Alice", "en"), S("lic")})), B(true));
  EXPECT_EQ(R(call("REGEX", {S("Alice"), LS("lic", "en")})), "ERROR");
  EXPECT_EQ(R(call("REGEX", {Int("1"), S("1")})), "ERROR");
  EXPECT_EQ(R(call("REGEX", {S("abc"), S("(")})), "ERROR");       // invalid pattern
  EXPECT_EQ(R(call("REGEX", {S("abc"), S("a"), S("k")})), "ERROR");  // invalid flag
  // s: dot matches newline
  EXPECT_EQ(R(call("REGEX", {S("a\nb"), S("a.b")})), B(false));
  EXPECT_EQ(R(call("REGEX", {S("a\nb"), S("a.b"), S("s")})), B(true));
  // m: ^ and $ at line boundaries
  EXPECT_EQ(R(call("REGEX", {S("x\nabc"), S("^abc$")})), B(false));
  EXPECT_EQ(R(call("REGEX", {S("x\nabc"), S("^abc$"), S("m")})), B(true));
  EXPECT_EQ(R(call("REGEX", {S("abc\nx"), S("c$")})), B(false));
  // x: whitespace in the pattern is ignored
  EXPECT_EQ(R(call("REGEX", {S("helloworld"), S("hello world"), S("x")})), B(true));
  EXPECT_EQ(R(call("REGEX", {S("helloworld"), S("hello world")})), B(false));
  EXPECT_EQ(R(call("REGEX", {S("a b"), S("a[ ]b"), S("x")})), B(true));
  // q: literal pattern
  EXPECT_EQ(R(call("REGEX", {S("a.b*c"), S(".b*"), S("q")})), B(true));
  EXPECT_EQ(R(call("REGEX", {S("axbbc"), S("a.b*c"), S("q")})), B(false));
  EXPECT_EQ(R(call("REGEX", {S("A.B"), S("a.b"), S("qi")})), B(true));
  // Unicode: . is one code point, case folding beyond ASCII
  EXPECT_EQ(R(call("REGEX", {S("\xF0\x9F\x91\xAA"), S("^.$")})), B(true));
  EXPECT_EQ(R(call("REGEX", {S("ÉCOLE"), S("^école$"), S("i")})), B(true));
  EXPECT_EQ(R(call("REGEX", {S("食べ物"), S("^\\p{L}+$")})), B(true));
  EXPECT_EQ(R(call("REGEX", {S("abc"), S("")})), B(true));
  EXPECT_EQ(R(call("REGEX", {S("食べ物"), S("^\\P{L}")})), B(false));
  EXPECT_EQ(R(call("REGEX", {S("AB"), S("^\\p{Lu}+$")})), B(true));
  EXPECT_EQ(R(call("REGEX", {S("Ab"), S("^\\p{Lu}+$")})), B(false));
  EXPECT_EQ(R(call("REGEX", {S("a1!"), S("^[\\p{L}\\p{N}!]+$")})), B(true));
  EXPECT_EQ(R(call("REGEX", {S("a1"), S("^[^\\p{N}]+$")})), B(false));
  EXPECT_EQ(R(call("REGEX", {S("a"), S("\\p{L")})), "ERROR");
}

TEST(ExprBuiltins, Replace) {
  EXPECT_EQ(R(call("REPLACE", {S("abcd"), S("b"), S("Z")})), Q("aZcd"));
  EXPECT_EQ(R(call("REPLACE", {S("abab"), S("B"), S("Z"), S("i")})), Q("aZaZ"));
  EXPECT_EQ(R(call("REPLACE", {S("abab"), S("B."), S("Z"), S("i")})), Q("aZb"));
  EXPECT_EQ(R(call("REPLACE", {LS("english", "en"), S("[^a-z0-9]"), S("-")})), "\"english\"@en");
  EXPECT_EQ(R(call("REPLACE", {LS("English", "en"), S("[^a-z0-9]"), S("-")})), "\"-nglish\"@en");
  EXPECT_EQ(R(call("REPLACE", {LS("français", "fr"), S("[^a-z0-9]"), S("-")})), "\"fran-ais\"@fr");
  EXPECT_EQ(R(call("REPLACE", {S("食べ物"), S("[^a-z0-9]"), S("-")})), Q("---"));
  EXPECT_EQ(R(call("REPLACE", {S("abcd"), S("(ab)|(a)"), S("[1=$1][2=$2]")})), Q("[1=ab][2=]cd"));
  EXPECT_EQ(R(call("REPLACE", {S("abracadabra"), S("a(.)"), S("a$1$1")})), Q("abbraccaddabbra"));
  EXPECT_EQ(R(call("REPLACE", {S("darted"), S("^(.*?)d(.*)$"), S("$1c$2")})), Q("carted"));
  EXPECT_EQ(call("REPLACE", {S("a.b"), S("."), S("\\$"), S("q")})->value, "a\\$b");  // q: literal replacement
  EXPECT_EQ(R(call("REPLACE", {S("ab"), S("b"), S("\\$\\\\")})), Q("a$\\\\"));
  EXPECT_EQ(R(call("REPLACE", {S("ab"), S("b"), S("$")})), "ERROR");
  EXPECT_EQ(R(call("REPLACE", {S("ab"), S("b"), S("\\x")})), "ERROR");
  EXPECT_EQ(R(call("REPLACE", {S("abc"), S("x*"), S("-")})), "ERROR");  // matches empty string
  EXPECT_EQ(R(call("REPLACE", {S("abc"), S("b"), LS("x", "en")})), "ERROR");
  EXPECT_EQ(R(call("REPLACE", {S("AbC"), S("b"), S("x"), S("i")})), Q("AxC"));
  EXPECT_EQ(R(call("REPLACE", {S("a\xF0\x9F\x91\xAA" "b"), S("."), S("x")})), Q("xxx"));
}

TEST(ExprBuiltins, DateTimeComponents) {
  Term d1 = DT("2010-06-21T11:28:01Z");
  Term d2 = DT("2010-12-21T15:38:02-08:00");
  Term d4 = DT("2011-02-01T01:02:03");
  Term frac = DT("2011-02-01T01:02:03.500+05:30");
  EXPECT_EQ(R(call("YEAR", {d1})), I("2010"));
  EXPECT_EQ(R(call("MONTH", {d2})), I("12"));
  EXPECT_EQ(R(call("DAY", {d4})), I("1"));
  EXPECT_EQ(R(call("HOURS", {d2})), I("15"));
  EXPECT_EQ(R(call("MINUTES", {d2})), I("38"));
  EXPECT_EQ(R(call("SECONDS", {d2})), D("2"));
  EXPECT_EQ(R(call("SECONDS", {frac})), D("3.5"));
  EXPECT_EQ(R(call("TIMEZONE", {d1})), "\"PT0S\"^^<" + kX + "dayTimeDuration>");
  EXPECT_EQ(R(call("TIMEZONE", {d2})), "\"-PT8H\"^^<" + kX + "dayTimeDuration>");
  EXPECT_EQ(R(call("TIMEZONE", {frac})), "\"PT5H30M\"^^<" + kX + "dayTimeDuration>");
  EXPECT_EQ(R(call("TIMEZONE", {d4})), "ERROR");
  EXPECT_EQ(R(call("TZ", {d1})), Q("Z"));
  EXPECT_EQ(R(call("TZ", {d2})), Q("-08:00"));
  EXPECT_EQ(R(call("TZ", {frac})), Q("+05:30"));
  EXPECT_EQ(R(call("TZ", {d4})), Q(""));
  EXPECT_EQ(R(call("YEAR", {DT("-0044-03-15T12:00:00Z")})), I("-44"));
  EXPECT_EQ(R(call("YEAR", {X("2020-02-29", "date")})), I("2020"));
  EXPECT_EQ(R(call("HOURS", {X("2020-02-29", "date")})), "ERROR");
  EXPECT_EQ(R(call("YEAR", {DT("2021-02-29T00:00:00Z")})), "ERROR");  // invalid date
  EXPECT_EQ(R(call("YEAR", {DT("not a date")})), "ERROR");
  EXPECT_EQ(R(call("YEAR", {S("2010-06-21T11:28:01Z")})), "ERROR");
  EXPECT_EQ(R(call("MONTH", {DT("2010-13-21T11:28:01Z")})), "ERROR");
  // 24:00:00 is the first instant of the next day (F&O 10.5.7.1: the year of
  // 1999-12-31T24:00:00 is 2000)
  EXPECT_EQ(R(call("HOURS", {DT("2010-06-21T24:00:00Z")})), I("0"));
  EXPECT_EQ(R(call("DAY", {DT("2010-06-30T24:00:00Z")})), I("1"));
  EXPECT_EQ(R(call("MONTH", {DT("2010-06-30T24:00:00Z")})), I("7"));
  EXPECT_EQ(R(call("YEAR", {DT("1999-12-31T24:00:00")})), I("2000"));
  EXPECT_EQ(R(call("DAY", {DT("2020-02-28T24:00:00Z")})), I("29"));
}

TEST(ExprBuiltins, NowUuid) {
  FunctionContext ctx;
  auto n1 = callBuiltin("NOW", {}, ctx), n2 = callBuiltin("NOW", {}, ctx);
  ASSERT_TRUE(n1);
  EXPECT_EQ(*n1, *n2);  // one value per query
  EXPECT_EQ(n1->datatype, kX + "dateTime");
  EXPECT_TRUE(callBuiltin("YEAR", {*n1}, ctx));
  EXPECT_EQ(R(callBuiltin("TZ", {*n1}, ctx)), Q("Z"));
  ctx.setNow(DT("2000-01-01T00:00:00Z"));
  EXPECT_EQ(callBuiltin("NOW", {}, ctx)->value, "2000-01-01T00:00:00Z");
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    auto u = callBuiltin("UUID", {}, ctx);
    ASSERT_TRUE(u && u->isIri());
    ASSERT_EQ(u->value.size(), 45u);
    EXPECT_EQ(u->value.substr(0, 9), "urn:uuid:");
    EXPECT_EQ(u->value[9 + 14], '4');
    EXPECT_TRUE(regexMatch(u->value, "^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", ""));
    seen.insert(u->value);
    auto s = callBuiltin("STRUUID", {}, ctx);
    ASSERT_TRUE(s && s->isSimpleString());
    EXPECT_EQ(s->value.size(), 36u);
    seen.insert(s->value);
  }
  EXPECT_EQ(seen.size(), 40u);
}

TEST(ExprBuiltins, Hashes) {
  // W3C functions tests: "foo" and "食" (U+98DF)
  EXPECT_EQ(R(call("MD5", {S("foo")})), Q("acbd18db4cc2f85cedef654fccc4a4d8"));
  EXPECT_EQ(R(call("MD5", {X("foo", "string")})), Q("acbd18db4cc2f85cedef654fccc4a4d8"));
  EXPECT_EQ(R(call("MD5", {S("食べ物")})), Q("e7ada485d13b1decf628c9211bc3a97b"));
  EXPECT_EQ(R(call("SHA1", {S("foo")})), Q("0beec7b5ea3f0fdbc95d0dd47f3c5bc275da8a33"));
  EXPECT_EQ(R(call("SHA256", {S("foo")})), Q("2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"));
  EXPECT_EQ(R(call("SHA384", {S("foo")})), Q("98c11ffdfdd540676b1a137cb1a22b2a70350c9a44171d6b1180c6be5cbb2ee3f79d532c8a1dd9ef2e8e08e752a3babb"));
  EXPECT_EQ(R(call("SHA512", {S("foo")})), Q("f7fbba6e0636f890e56fbbf3283e524c6fa3204ae298382d624741d0dc6638326e282c41be5e4254d8820772c5518a2c5a8c0c7f7eda19594a7eb539453e1ed7"));
  EXPECT_EQ(R(call("SHA512", {S("\xE9\xA3\x9F")})), Q("b433ed0e60c818bea72d3aa1a43db89b3ed2b624597407b7912bbb7685f2e45ae5500e092da5f938391d282b26bc43e4035b12460c93ab5e2e1a05d582331d85"));
  EXPECT_EQ(R(call("MD5", {S("")})), Q("d41d8cd98f00b204e9800998ecf8427e"));
  EXPECT_EQ(R(call("MD5", {LS("foo", "en")})), "ERROR");
  EXPECT_EQ(R(call("SHA1", {Int("1")})), "ERROR");
}

TEST(ExprBuiltins, StrLangStrDt) {
  EXPECT_EQ(R(call("STRLANG", {S("chat"), S("en")})), "\"chat\"@en");
  EXPECT_EQ(R(call("STRLANG", {S("chat"), S("en-US")})), "\"chat\"@en-US");
  EXPECT_EQ(R(call("STRLANG", {X("chat", "string"), S("fr")})), "\"chat\"@fr");
  EXPECT_EQ(R(call("STRLANG", {LS("chat", "en"), S("fr")})), "ERROR");
  EXPECT_EQ(R(call("STRLANG", {S("chat"), S("")})), "ERROR");
  EXPECT_EQ(R(call("STRLANG", {S("chat"), S("not a tag")})), "ERROR");
  EXPECT_EQ(R(call("STRDT", {S("123"), Iri(kX + "integer")})), I("123"));
  EXPECT_EQ(R(call("STRDT", {S("iiii"), Iri("http://example/romanNumeral")})), "\"iiii\"^^<http://example/romanNumeral>");
  EXPECT_EQ(R(call("STRDT", {LS("123", "en"), Iri(kX + "integer")})), "ERROR");
  EXPECT_EQ(R(call("STRDT", {S("123"), S("http://x")})), "ERROR");
  EXPECT_EQ(R(call("STRDT", {S("x"), Iri("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")})), "ERROR");
}

TEST(ExprBuiltins, TermTests) {
  EXPECT_EQ(R(call("sameTerm", {Int("1"), Int("1")})), B(true));
  EXPECT_EQ(R(call("sameTerm", {Int("1"), Int("01")})), B(false));
  EXPECT_EQ(R(call("sameTerm", {Int("1"), Dec("1")})), B(false));
  EXPECT_EQ(R(call("sameTerm", {S("a"), X("a", "string")})), B(true));
  EXPECT_EQ(R(call("sameTerm", {LS("a", "en"), LS("a", "EN")})), B(true));
  EXPECT_EQ(R(call("sameTerm", {Term::literal("x", "http://u"), Term::literal("y", "http://u")})), B(false));
  EXPECT_EQ(R(call("isIRI", {Iri("http://a")})), B(true));
  EXPECT_EQ(R(call("isURI", {S("http://a")})), B(false));
  EXPECT_EQ(R(call("isBLANK", {Bn("a")})), B(true));
  EXPECT_EQ(R(call("isBlank", {Iri("http://a")})), B(false));
  EXPECT_EQ(R(call("isLITERAL", {Int("x")})), B(true));
  EXPECT_EQ(R(call("isLiteral", {Bn("x")})), B(false));
  EXPECT_EQ(R(call("isNUMERIC", {Int("12")})), B(true));
  EXPECT_EQ(R(call("isNUMERIC", {X("1200", "byte")})), B(false));
  EXPECT_EQ(R(call("isNUMERIC", {S("12")})), B(false));
  EXPECT_EQ(R(call("isNUMERIC", {Dbl("NaN")})), B(true));
  EXPECT_EQ(R(call("isNUMERIC", {Iri("http://a")})), B(false));
}

TEST(ExprBuiltins, Triples) {
  Term s = Iri("http://s"), p = Iri("http://p"), o = Int("1");
  auto t = call("TRIPLE", {s, p, o});
  ASSERT_TRUE(t && t->isTriple());
  EXPECT_EQ(R(call("SUBJECT", {*t})), "<http://s>");
  EXPECT_EQ(R(call("PREDICATE", {*t})), "<http://p>");
  EXPECT_EQ(R(call("OBJECT", {*t})), I("1"));
  EXPECT_EQ(R(call("isTRIPLE", {*t})), B(true));
  EXPECT_EQ(R(call("isTRIPLE", {s})), B(false));
  EXPECT_EQ(R(call("TRIPLE", {S("s"), p, o})), "ERROR");
  EXPECT_EQ(R(call("TRIPLE", {s, Bn("p"), o})), "ERROR");
  EXPECT_TRUE(call("TRIPLE", {*t, p, *t}));  // nested
  EXPECT_TRUE(call("TRIPLE", {Bn("b"), p, LS("x", "en")}));
  EXPECT_EQ(R(call("SUBJECT", {s})), "ERROR");
  EXPECT_EQ(R(call("isLITERAL", {*t})), B(false));
  EXPECT_EQ(R(call("isIRI", {*t})), B(false));
}

TEST(ExprCasts, ToString) {
  EXPECT_EQ(R(castTo(kX + "string", Iri("http://a"))), Q("http://a"));
  EXPECT_EQ(R(castTo(kX + "string", S("abc"))), Q("abc"));
  EXPECT_EQ(R(castTo(kX + "string", Int("0012"))), Q("12"));
  EXPECT_EQ(R(castTo(kX + "string", Dec("+33.3300"))), Q("33.33"));
  EXPECT_EQ(R(castTo(kX + "string", Dbl("1e0"))), Q("1"));
  EXPECT_EQ(R(castTo(kX + "string", Dbl("-10.2E3"))), Q("-10200"));
  EXPECT_EQ(R(castTo(kX + "string", Dbl("1e7"))), Q("1.0E7"));
  EXPECT_EQ(R(castTo(kX + "string", Dbl("1.5e-7"))), Q("1.5E-7"));
  EXPECT_EQ(R(castTo(kX + "string", Flt("0.1"))), Q("0.1"));
  EXPECT_EQ(R(castTo(kX + "string", Dbl("NaN"))), Q("NaN"));
  EXPECT_EQ(R(castTo(kX + "string", Dbl("-INF"))), Q("-INF"));
  EXPECT_EQ(R(castTo(kX + "string", X("1", "boolean"))), Q("true"));
  EXPECT_EQ(R(castTo(kX + "string", DT("2002-10-10T17:00:00Z"))), Q("2002-10-10T17:00:00Z"));
  EXPECT_EQ(R(castTo(kX + "string", Bn("b"))), "ERROR");
  EXPECT_EQ(R(castTo(kX + "string", LS("a", "en"))), "ERROR");
  EXPECT_EQ(R(castTo(kX + "string", Int("abc"))), "ERROR");
  EXPECT_EQ(R(castTo(kX + "string", Term::literal("a", "http://u"))), "ERROR");
}

TEST(ExprCasts, ToBoolean) {
  const std::string b = kX + "boolean";
  EXPECT_EQ(R(castTo(b, S("true"))), B(true));
  EXPECT_EQ(R(castTo(b, S("1"))), B(true));
  EXPECT_EQ(R(castTo(b, S("0"))), B(false));
  EXPECT_EQ(R(castTo(b, S(" false "))), B(false));
  EXPECT_EQ(R(castTo(b, S("TRUE"))), "ERROR");
  EXPECT_EQ(R(castTo(b, S("yes"))), "ERROR");
  EXPECT_EQ(R(castTo(b, Int("0"))), B(false));
  EXPECT_EQ(R(castTo(b, Int("-5"))), B(true));
  EXPECT_EQ(R(castTo(b, Dec("0.0"))), B(false));
  EXPECT_EQ(R(castTo(b, Dbl("NaN"))), B(false));
  EXPECT_EQ(R(castTo(b, Dbl("INF"))), B(true));
  EXPECT_EQ(R(castTo(b, X("1", "boolean"))), B(true));
  EXPECT_EQ(R(castTo(b, DT("2002-10-10T17:00:00Z"))), "ERROR");
  EXPECT_EQ(R(castTo(b, Iri("http://a"))), "ERROR");
}

TEST(ExprCasts, ToInteger) {
  const std::string i = kX + "integer";
  EXPECT_EQ(R(castTo(i, S("13"))), I("13"));
  EXPECT_EQ(R(castTo(i, S(" -013 "))), I("-13"));
  EXPECT_EQ(R(castTo(i, S("1.5"))), "ERROR");
  EXPECT_EQ(R(castTo(i, S("abc"))), "ERROR");
  EXPECT_EQ(R(castTo(i, Dec("1.5"))), I("1"));
  EXPECT_EQ(R(castTo(i, Dec("-1.9"))), I("-1"));
  EXPECT_EQ(R(castTo(i, Dbl("-10.2E3"))), I("-10200"));
  EXPECT_EQ(R(castTo(i, Dbl("2.9"))), I("2"));
  EXPECT_EQ(R(castTo(i, Dbl("1e20"))), I("100000000000000000000"));
  EXPECT_EQ(R(castTo(i, Dbl("NaN"))), "ERROR");
  EXPECT_EQ(R(castTo(i, Dbl("INF"))), "ERROR");
  EXPECT_EQ(R(castTo(i, Bool(true))), I("1"));
  EXPECT_EQ(R(castTo(i, Bool(false))), I("0"));
  EXPECT_EQ(R(castTo(i, X("7", "short"))), I("7"));
  EXPECT_EQ(R(castTo(i, DT("2002-10-10T17:00:00Z"))), "ERROR");
  EXPECT_EQ(R(castTo(kX + "int", S("12"))), "\"12\"^^<" + kX + "int>");
  EXPECT_EQ(R(castTo(kX + "byte", Int("300"))), "ERROR");
  EXPECT_EQ(R(castTo(kX + "nonNegativeInteger", Int("-1"))), "ERROR");
}

TEST(ExprCasts, ToDecimal) {
  const std::string d = kX + "decimal";
  EXPECT_EQ(R(castTo(d, S("+33.3300"))), D("33.33"));
  EXPECT_EQ(R(castTo(d, S("13"))), D("13"));
  EXPECT_EQ(R(castTo(d, S("1e3"))), "ERROR");
  EXPECT_EQ(R(castTo(d, S("INF"))), "ERROR");
  EXPECT_EQ(R(castTo(d, Int("13"))), D("13"));
  EXPECT_EQ(R(castTo(d, Dbl("-10.2E3"))), D("-10200"));
  EXPECT_EQ(R(castTo(d, Dbl("0.1"))), D("0.1"));
  EXPECT_EQ(R(castTo(d, Dbl("1.5e-7"))), D("0.00000015"));
  EXPECT_EQ(R(castTo(d, Flt("0.1"))), D("0.1"));
  EXPECT_EQ(R(castTo(d, Dbl("NaN"))), "ERROR");
  EXPECT_EQ(R(castTo(d, Bool(true))), D("1"));
  EXPECT_EQ(R(castTo(d, Iri("http://a"))), "ERROR");
}

TEST(ExprCasts, ToFloatDouble) {
  const std::string db = kX + "double", fl = kX + "float";
  EXPECT_EQ(R(castTo(db, S("-10.2E3"))), DB("-1.02E4"));
  EXPECT_EQ(R(castTo(db, S("INF"))), DB("INF"));
  EXPECT_EQ(R(castTo(db, S("-INF"))), DB("-INF"));
  EXPECT_EQ(R(castTo(db, S("NaN"))), DB("NaN"));
  EXPECT_EQ(R(castTo(db, S("13"))), DB("1.3E1"));
  EXPECT_EQ(R(castTo(db, S("abc"))), "ERROR");
  EXPECT_EQ(R(castTo(db, S("inf"))), "ERROR");
  EXPECT_EQ(R(castTo(db, Int("13"))), DB("1.3E1"));
  EXPECT_EQ(R(castTo(db, Dec("+33.3300"))), DB("3.333E1"));
  EXPECT_EQ(R(castTo(db, Flt("0.1"))), DB("1.0000000149011612E-1"));
  EXPECT_EQ(R(castTo(db, Bool(true))), DB("1.0E0"));
  EXPECT_EQ(R(castTo(db, Bool(false))), DB("0.0E0"));
  EXPECT_EQ(R(castTo(fl, Dec("+33.3300"))), FL("3.333E1"));
  EXPECT_EQ(R(castTo(fl, Dbl("0.1"))), FL("1.0E-1"));
  EXPECT_EQ(R(castTo(fl, Dbl("1e300"))), FL("INF"));
  EXPECT_EQ(R(castTo(fl, S("NaN"))), FL("NaN"));
  EXPECT_EQ(R(castTo(fl, DT("2002-10-10T17:00:00Z"))), "ERROR");
}

TEST(ExprCasts, ToDateTime) {
  const std::string dt = kX + "dateTime";
  EXPECT_EQ(R(castTo(dt, S("2002-10-10T17:00:00Z"))), "\"2002-10-10T17:00:00Z\"^^<" + dt + ">");
  EXPECT_EQ(R(castTo(dt, DT("2002-10-10T17:00:00Z"))), "\"2002-10-10T17:00:00Z\"^^<" + dt + ">");
  EXPECT_EQ(R(castTo(dt, X("2002-10-10+01:00", "date"))), "\"2002-10-10T00:00:00+01:00\"^^<" + dt + ">");
  EXPECT_EQ(R(castTo(dt, S("2002-10-10"))), "ERROR");
  EXPECT_EQ(R(castTo(dt, S("string"))), "ERROR");
  EXPECT_EQ(R(castTo(dt, Int("13"))), "ERROR");
  EXPECT_EQ(R(castTo(dt, Bool(true))), "ERROR");
  EXPECT_EQ(R(castTo(dt, Iri("http://a"))), "ERROR");
  EXPECT_EQ(R(castTo("http://example/notACast", S("1"))), "ERROR");
  FunctionContext ctx;
  EXPECT_EQ(R(callFunction(kX + "integer", {S("5")}, ctx)), I("5"));
  EXPECT_EQ(R(callFunction(kX + "integer", {S("5"), S("6")}, ctx)), "ERROR");
  EXPECT_EQ(R(callFunction("http://example/f", {S("5")}, ctx)), "ERROR");
}

// The W3C sparql10/cast suite: every source value of data.ttl (as simple literals) or the IRI,
// and which casts succeed.
TEST(ExprCasts, W3CCastSuiteTable) {
  struct Row { Term v; bool str, flt, dbl, dec, integer, dT, boolean; };
  std::vector<Row> rows = {
      {Iri("http://example.org/z"), true, false, false, false, false, false, false},
      {S("string"), true, false, false, false, false, false, false},
      {S("-10.2E3"), true, true, true, false, false, false, false},
      {S("+33.3300"), true, true, true, true, false, false, false},
      {S("13"), true, true, true, true, true, false, false},
      {S("2002-10-10T17:00:00Z"), true, false, false, false, false, true, false},
      {S("true"), true, false, false, false, false, false, true},
  };
  for (const Row& r : rows) {
    SCOPED_TRACE(r.v.toNTriples());
    EXPECT_EQ(castTo(kX + "string", r.v).has_value(), r.str);
    EXPECT_EQ(castTo(kX + "float", r.v).has_value(), r.flt);
    EXPECT_EQ(castTo(kX + "double", r.v).has_value(), r.dbl);
    EXPECT_EQ(castTo(kX + "decimal", r.v).has_value(), r.dec);
    EXPECT_EQ(castTo(kX + "integer", r.v).has_value(), r.integer);
    EXPECT_EQ(castTo(kX + "dateTime", r.v).has_value(), r.dT);
    EXPECT_EQ(castTo(kX + "boolean", r.v).has_value(), r.boolean);
  }
}

TEST(ExprBuiltins, ContextDetails) {
  FunctionContext a, b;
  a.seed(42);
  b.seed(42);
  EXPECT_EQ(callBuiltin("RAND", {}, a)->value, callBuiltin("RAND", {}, b)->value);
  EXPECT_EQ(callBuiltin("STRUUID", {}, a)->value, callBuiltin("STRUUID", {}, b)->value);
  FunctionContext noBase;
  // The result must be an absolute IRI: a relative one without a base is an error, as is a
  // string with characters IRIs exclude.
  EXPECT_EQ(R(callBuiltin("IRI", {S("rel")}, noBase)), "ERROR");
  EXPECT_EQ(R(callBuiltin("IRI", {S("http://x/a b")}, noBase)), "ERROR");
  EXPECT_EQ(R(callBuiltin("IRI", {S("http://x/<a>")}, noBase)), "ERROR");
  EXPECT_EQ(R(callBuiltin("IRI", {S("")}, noBase)), "ERROR");
  EXPECT_EQ(R(callBuiltin("IRI", {S("http://x/[a]")}, noBase)), "ERROR");
  EXPECT_EQ(R(callBuiltin("IRI", {S("http://x/a%2")}, noBase)), "ERROR");
  EXPECT_EQ(R(callBuiltin("IRI", {S("http://[::1]/a%2Fb")}, noBase)), "<http://[::1]/a%2Fb>");
  EXPECT_EQ(R(callBuiltin("IRI", {S("urn:x:%C3%A9\u00e9")}, noBase)), "<urn:x:%C3%A9\u00e9>");
  noBase.setBaseIri("http://h");
  EXPECT_EQ(R(callBuiltin("IRI", {S("rel")}, noBase)), "<http://h/rel>");
  EXPECT_EQ(R(callBuiltin("IRI", {S("http://other/x")}, noBase)), "<http://other/x>");
  EXPECT_EQ(R(callBuiltin("IRI", {S("a b")}, noBase)), "ERROR");
  // Fresh labels never repeat within a context, across solutions.
  std::set<std::string> labels;
  for (int s = 0; s < 10; ++s) {
    a.newSolution();
    labels.insert(callBuiltin("BNODE", {S("k")}, a)->value);
    labels.insert(callBuiltin("BNODE", {}, a)->value);
  }
  EXPECT_EQ(labels.size(), 20u);
}

TEST(ExprBuiltins, DateTimeParsingEdges) {
  EXPECT_EQ(R(call("TIMEZONE", {DT("2000-01-01T00:00:00-00:30")})), "\"-PT30M\"^^<" + kX + "dayTimeDuration>");
  EXPECT_EQ(R(call("TIMEZONE", {DT("2000-01-01T00:00:00+14:00")})), "\"PT14H\"^^<" + kX + "dayTimeDuration>");
  EXPECT_EQ(R(call("TIMEZONE", {DT("2000-01-01T00:00:00+14:30")})), "ERROR");
  EXPECT_EQ(R(call("YEAR", {DT("12345-01-01T00:00:00Z")})), I("12345"));
  EXPECT_EQ(R(call("YEAR", {DT("01234-01-01T00:00:00Z")})), "ERROR");
  EXPECT_EQ(R(call("YEAR", {DT("200-01-01T00:00:00Z")})), "ERROR");
  EXPECT_EQ(R(call("SECONDS", {DT("2000-01-01T00:00:60Z")})), "ERROR");
  EXPECT_EQ(R(call("SECONDS", {DT("2000-01-01T00:00:05.Z")})), "ERROR");
  EXPECT_EQ(R(call("SECONDS", {DT("2000-01-01T00:00:05.250Z")})), D("5.25"));
  EXPECT_EQ(R(call("HOURS", {DT("2000-01-01T24:00:01Z")})), "ERROR");
  EXPECT_EQ(R(call("DAY", {DT("2000-02-29T00:00:00")})), I("29"));
  EXPECT_EQ(R(call("DAY", {DT("1900-02-29T00:00:00")})), "ERROR");
  EXPECT_EQ(R(call("MINUTES", {DT(" 2000-01-01T00:00:00Z")})), "ERROR");
}

namespace kg::expr {
namespace {

// Contexts are made per query, so their random parts are drawn lazily; they must still differ
// between contexts and be reproducible when seeded.
TEST(ExprFunctionContext, RandomPartsDifferPerContextAndFollowTheSeed) {
  FunctionContext a, b;
  Term ba = a.freshBlank(), bb = b.freshBlank();
  EXPECT_NE(ba.value, bb.value);
  EXPECT_EQ(a.freshBlank().value.substr(0, 10), ba.value.substr(0, 10));  // one prefix per context
  std::set<uint64_t> draws;
  for (int i = 0; i < 8; ++i) {
    FunctionContext c;
    draws.insert(c.rng()());
  }
  EXPECT_EQ(draws.size(), 8u);
  FunctionContext s1, s2;
  s1.seed(42);
  s2.seed(42);
  EXPECT_EQ(s1.rng()(), s2.rng()());
  FunctionContext named;
  named.setBlankPrefix("q");
  EXPECT_EQ(named.freshBlank().value, "q0");
}

}  // namespace
}  // namespace kg::expr
