// Text layer: normalization offsets, sentence splitting, tokens.
#include <gtest/gtest.h>

#include <string>

#include "extract/text.h"

using namespace kg::extract::text;

namespace {

std::vector<std::string> sentences(const std::string& t, bool perLine = false) {
  Normalized n = normalize(t);
  std::vector<std::string> out;
  for (auto s : splitSentences(n.norm, perLine, 2000))
    out.push_back(t.substr(n.toOriginal(s.begin), n.toOriginal(s.end) - n.toOriginal(s.begin)));
  return out;
}

}  // namespace

TEST(Normalize, CurlyQuotesMapToAsciiWithOriginalOffsets) {
  std::string t = "\xE2\x80\x9CHi,\xE2\x80\x9D he said \xE2\x80\x94 ok";
  Normalized n = normalize(t);
  EXPECT_EQ(n.norm, "\"Hi,\" he said -- ok");
  // the closing quote in norm is at 4; in the original it starts at byte 6
  EXPECT_EQ(n.toOriginal(4), 6u);
  EXPECT_EQ(n.toOriginal(n.norm.size()), t.size());
}

TEST(Normalize, InvalidUtf8BecomesReplacementCharacter) {
  std::string t = "abc\xFF\xFE def";
  Normalized n = normalize(t);
  EXPECT_EQ(n.invalidBytes, 2u);
  EXPECT_NE(n.norm.find("\xEF\xBF\xBD"), std::string::npos);
  EXPECT_EQ(n.toOriginal(n.norm.find(" def")), 5u);
}

TEST(Sentences, AbbreviationsDoNotSplit) {
  auto s = sentences("Mr. Smith met Ms. Bachelet in the U.S. capital on Monday. Dr. Jones left.");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0], "Mr. Smith met Ms. Bachelet in the U.S. capital on Monday.");
  EXPECT_EQ(s[1], "Dr. Jones left.");
}

TEST(Sentences, InitialsAndDecimalsDoNotSplit) {
  auto s = sentences("J. R. Tolkien earned 4.25 dollars. He was happy.");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0], "J. R. Tolkien earned 4.25 dollars.");
}

TEST(Sentences, QuotesStayWithTheirAttribution) {
  auto s = sentences("\"We will not stop. We will win,\" he said. Then he left.");
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0], "\"We will not stop. We will win,\" he said.");
  auto q = sentences("\xE2\x80\x9CReally?\xE2\x80\x9D she asked. Nobody answered.");
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0], "\xE2\x80\x9CReally?\xE2\x80\x9D she asked.");
}

TEST(Sentences, LinesAndParagraphs) {
  auto s = sentences("GENEVA -- Talks began.\nThe second paragraph starts here. It ends.\n");
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[1], "The second paragraph starts here.");
  auto p = sentences("one line . with dots . inside\nsecond line", true);
  ASSERT_EQ(p.size(), 2u);
}

TEST(Sentences, VeryLongPiecesAreCut) {
  std::string t(10000, 'a');
  for (size_t i = 50; i < t.size(); i += 50) t[i] = ' ';
  Normalized n = normalize(t);
  auto s = splitSentences(n.norm, false, 2000);
  EXPECT_GE(s.size(), 5u);
  for (auto x : s) EXPECT_LE(x.end - x.begin, 2000u);
}

TEST(Tokens, PunctuationClitisAndPtbInput) {
  std::string t = "China's envoys didn't say \"no,\" (they) said.";
  auto toks = tokenize(t, 0, t.size());
  std::vector<std::string> w;
  for (auto& k : toks) w.push_back(k.text);
  std::vector<std::string> want = {"China", "'s", "envoys", "did", "n't", "say", "\"", "no", ",",
                                   "\"", "(", "they", ")", "said", "."};
  EXPECT_EQ(w, want);
  EXPECT_TRUE(toks[1].attach);
  std::string p = "He said `` hi '' -LRB- x -RRB- .";
  auto pt = tokenize(p, 0, p.size());
  EXPECT_EQ(pt[2].lg, "\"");
  EXPECT_EQ(pt[5].lg, "(");
}

TEST(Language, NonEnglishDetected) {
  std::string de = "Der schnelle braune Fuchs springt heute morgen über den faulen Hund.";
  EXPECT_TRUE(looksNonEnglish(tokenize(de, 0, de.size())));
  std::string zh = "\xE4\xB8\xAD\xE5\x9B\xBD\xE6\x98\xAF\xE4\xB8\x80\xE4\xB8\xAA\xE5\x9B\xBD\xE5\xAE\xB6";
  EXPECT_TRUE(looksNonEnglish(tokenize(zh, 0, zh.size())));
  std::string en = "The council met on Monday and approved the plan.";
  EXPECT_FALSE(looksNonEnglish(tokenize(en, 0, en.size())));
}
