#include "storage/term_id.h"

#include <gtest/gtest.h>

#include <cctype>

#include "kg/error.h"
#include "storage/index_order.h"

namespace kg::storage {
namespace {

TEST(TermIdTest, InlinesCanonicalIntegersInOrder) {
  auto a = inlineIdOf(Term::literal("-5", std::string(vocab::kXsdInteger)));
  auto b = inlineIdOf(Term::literal("0", std::string(vocab::kXsdInteger)));
  auto c = inlineIdOf(Term::literal("42", std::string(vocab::kXsdInteger)));
  ASSERT_TRUE(a && b && c);
  EXPECT_LT(*a, *b);
  EXPECT_LT(*b, *c);
  EXPECT_EQ(decodeInline(*a), Term::literal("-5", std::string(vocab::kXsdInteger)));
  EXPECT_EQ(decodeInline(*c).value, "42");
}

TEST(TermIdTest, KeepsNonCanonicalLexicalFormsOutOfLine) {
  for (const char* lexical : {"01", "+1", "-0", "1.0", "", "99999999999999999999", "abc"}) {
    EXPECT_FALSE(inlineIdOf(Term::literal(lexical, std::string(vocab::kXsdInteger))))
        << lexical;
  }
  EXPECT_FALSE(inlineIdOf(Term::literal("1", std::string(vocab::kXsdBoolean))));
  EXPECT_FALSE(inlineIdOf(Term::literal("12345678")));           // too long to inline
  EXPECT_FALSE(inlineIdOf(Term::literal("ab", {}, "en")));       // language tag
  EXPECT_FALSE(inlineIdOf(Term::iri("http://x")));
}

TEST(TermIdTest, InlinesBooleansAndShortStrings) {
  auto t = inlineIdOf(Term::literal("true", std::string(vocab::kXsdBoolean)));
  ASSERT_TRUE(t);
  EXPECT_EQ(decodeInline(*t).value, "true");
  for (const char* s : {"", "a", "héllo", "1234567"}) {
    auto id = inlineIdOf(Term::literal(s));
    ASSERT_TRUE(id) << s;
    EXPECT_EQ(decodeInline(*id), Term::literal(s)) << s;
  }
  EXPECT_LT(*inlineIdOf(Term::literal("ab")), *inlineIdOf(Term::literal("abc")));
}

TEST(TermIdTest, DictionaryKeysRoundTripEveryKind) {
  std::vector<Term> terms = {
      Term::iri("http://example.org/a"),
      Term::iri(""),
      Term::blank("b0"),
      Term::literal("hello world, a long string"),
      Term::literal("chat", {}, "fr"),
      Term::literal("Straße \xF0\x9F\x98\x80 \"quoted\"\n", {}, "de-CH"),
      Term::literal("1.5", std::string(vocab::kXsdDecimal)),
      Term::literal("2020-01-01T00:00:00Z", std::string(vocab::kXsdDateTime)),
      Term::literal("x", "http://example.org/custom#type"),
      Term::literal(std::string("nul\0inside", 10)),
  };
  for (const auto& term : terms) {
    DecodedKey decoded = decodeDictionaryKey(dictionaryKey(term));
    EXPECT_FALSE(decoded.isTriple);
    Term expected = term;
    for (auto& c : expected.language) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(decoded.term, expected) << term.toNTriples();
  }
  // Language tags compare case-insensitively: one dictionary key.
  EXPECT_EQ(dictionaryKey(Term::literal("x", {}, "en-GB")), dictionaryKey(Term::literal("x", {}, "EN-gb")));
  DecodedKey triple = decodeDictionaryKey(dictionaryKeyForTriple(1, 2, 3));
  EXPECT_TRUE(triple.isTriple);
  EXPECT_EQ(triple.s, 1u);
  EXPECT_EQ(triple.p, 2u);
  EXPECT_EQ(triple.o, 3u);
  EXPECT_THROW(decodeDictionaryKey(""), Error);
  EXPECT_THROW(decodeDictionaryKey("\x03z"), Error);
}

TEST(IndexOrderTest, IndexKeysRoundTripAndSortByLayout) {
  QuadIds q{{1, 2, 3, 4}};
  for (int i = 0; i < kIndexCount; ++i) {
    auto order = static_cast<IndexOrder>(i);
    std::string key = encodeIndexKey(order, q);
    ASSERT_EQ(key.size(), 32u);
    EXPECT_EQ(decodeIndexKey(order, key.data()), q);
  }
  // Big-endian keys sort like the numbers.
  QuadIds small{{1, 0, 0, 0}}, big{{256, 0, 0, 0}};
  EXPECT_LT(encodeIndexKey(IndexOrder::kSPOG, small), encodeIndexKey(IndexOrder::kSPOG, big));
}

TEST(IndexOrderTest, EveryBoundCombinationIsAPrefix) {
  for (int mask = 0; mask < 16; ++mask) {
    QuadIds pattern;
    int bound = 0;
    for (int i = 0; i < 4; ++i) {
      pattern.v[i] = (mask & (1 << i)) ? 7 : kAny;
      bound += (mask >> i) & 1;
    }
    IndexChoice choice = chooseIndex(pattern);
    EXPECT_EQ(choice.boundPrefix, bound) << "mask " << mask;
  }
}

}  // namespace
}  // namespace kg::storage
