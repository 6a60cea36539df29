#include "storage/term_id.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <random>

#include "kg/error.h"
#include "storage/block_codec.h"
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

TEST(IndexOrderTest, RowsRoundTripAndKeysSortByLayout) {
  QuadIds q{{1, 2, 3, 4}};
  for (int i = 0; i < kIndexCount; ++i) {
    auto order = static_cast<IndexOrder>(i);
    IndexRow row = toRow(order, q);
    EXPECT_EQ(row[0], 4u) << "every order starts with the graph";
    EXPECT_EQ(fromRow(order, row), q);
    std::string key = blockKey(row);
    ASSERT_EQ(key.size(), 32u);
    EXPECT_EQ(rowFromKey(key.data()), row);
  }
  // Big-endian keys sort like the numbers.
  EXPECT_LT(blockKey({0, 1, 0, 0}), blockKey({0, 256, 0, 0}));
}

TEST(IndexOrderTest, EveryBoundCombinationIsAPrefixWithinAGraph) {
  for (int mask = 0; mask < 16; ++mask) {
    QuadIds pattern;
    int bound = 0;
    for (int i = 0; i < 4; ++i) {
      pattern.v[i] = (mask & (1 << i)) ? 7 : kAny;
      bound += (mask >> i) & 1;
    }
    IndexChoice choice = chooseIndex(pattern);
    bool graphBound = mask & (1 << kG);
    // With the graph unbound the store scans graph by graph, each with the chosen order.
    EXPECT_EQ(choice.boundPrefix, graphBound ? bound : 0) << "mask " << mask;
    QuadIds withGraph = pattern;
    withGraph.v[kG] = 0;
    EXPECT_EQ(boundPrefix(choice.order, withGraph), graphBound ? bound : bound + 1) << "mask " << mask;
  }
}

TEST(BlockCodecTest, RoundTripsSortedRows) {
  std::vector<IndexRow> rows;
  uint64_t big = 0xfedcba9876543210ULL;
  rows.push_back({0, 1, 2, 3});
  rows.push_back({0, 1, 2, 4});
  rows.push_back({0, 1, 5, 0});
  rows.push_back({0, 1, 5, big});
  rows.push_back({0, 7, 0, 1});
  rows.push_back({1, 0, big, 2});
  rows.push_back({big, big, big, big});
  for (size_t n = 1; n <= rows.size(); ++n) {
    std::string data;
    encodeBlock(rows.data(), n, data);
    std::vector<IndexRow> out;
    decodeBlock(data, out);
    ASSERT_EQ(out.size(), n);
    for (size_t i = 0; i < n; ++i) EXPECT_EQ(out[i], rows[i]);
  }
}

TEST(BlockCodecTest, MalformedBlocksAreStorageErrors) {
  std::vector<IndexRow> rows = {{0, 1, 2, 3}, {0, 1, 2, 9}};
  std::string data;
  encodeBlock(rows.data(), rows.size(), data);
  std::vector<IndexRow> out;
  EXPECT_THROW(decodeBlock(std::string_view(data).substr(0, data.size() - 1), out), Error);
  EXPECT_THROW(decodeBlock(data + "x", out), Error);
  EXPECT_THROW(decodeBlock("", out), Error);
  std::string badColumn = data;
  badColumn[5] = 9;  // the column byte of the second row
  EXPECT_THROW(decodeBlock(badColumn, out), Error);
}

// A reader's seek lands on the first row >= the target wherever it stands: targets in key
// order (forward from the current row, within its segment or past it), backwards, equal to a
// row, between rows, past the end, after rows were read with next().
TEST(BlockCodecTest, SeeksLandOnTheFirstRowAtOrAfterTheTarget) {
  std::mt19937_64 rng(3);
  for (size_t n : {1, 15, 16, 17, 100, 256}) {
    std::vector<IndexRow> rows;
    IndexRow r = {1, 2, 3, 4};
    for (size_t i = 0; i < n; ++i) {
      int column = static_cast<int>(rng() % 4);
      r[column] += 1 + rng() % 3;
      for (int c = column + 1; c < 4; ++c) r[c] = rng() % 5;
      rows.push_back(r);
    }
    std::string data;
    encodeBlock(rows.data(), n, data);
    BlockReader reader;
    reader.load(data);
    auto expectAt = [&](const IndexRow& target, const char* how) {
      reader.seek(target);
      auto want = std::lower_bound(rows.begin(), rows.end(), target);
      IndexRow got;
      if (want == rows.end()) {
        EXPECT_FALSE(reader.next(&got)) << how << ", n " << n;
      } else {
        ASSERT_TRUE(reader.next(&got)) << how << ", n " << n;
        EXPECT_EQ(got, *want) << how << ", n " << n;
      }
    };
    for (size_t i = 0; i < n; ++i) expectAt(rows[i], "each row in order");
    for (size_t i = 0; i < n; i += 3) {
      IndexRow between = rows[i];
      between[3] += 1;
      expectAt(between, "just after a row, in order");
    }
    for (size_t i = n; i-- > 0;) expectAt(rows[i], "each row backwards");
    for (int k = 0; k < 300; ++k) {
      expectAt(rows[rng() % n], "a random row");
      IndexRow target = rows[rng() % n];
      target[rng() % 4] += rng() % 3;
      expectAt(target, "a random target");
      IndexRow skipped;
      for (int steps = static_cast<int>(rng() % 20); steps > 0 && reader.next(&skipped);) --steps;
    }
    expectAt(IndexRow{0, 0, 0, 0}, "before the first row");
    expectAt(IndexRow{~0ULL, 0, 0, 0}, "past the last row");
    expectAt(rows[0], "the first row after the end");
  }
}

}  // namespace
}  // namespace kg::storage
