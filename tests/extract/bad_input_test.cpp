// Bad input: a clear warning or an empty result, never a crash.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <random>
#include <string>

#include "extract/extractor.h"

using namespace kg::extract;

namespace {
Extractor& shared() {
  static Extractor ex;
  return ex;
}
}  // namespace

TEST(BadInput, Empty) {
  auto r = shared().extract("", "urn:empty");
  EXPECT_TRUE(r.facts.empty());
  EXPECT_TRUE(r.sentences.empty());
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_TRUE(toQuads(r).empty());
  EXPECT_TRUE(toCarb(r).empty());
  auto w = shared().extract("   \n\n\t  ", "urn:blank");
  EXPECT_TRUE(w.facts.empty());
}

TEST(BadInput, Binary) {
  std::string b;
  std::mt19937 rng(7);
  for (int i = 0; i < 4096; ++i) b.push_back(static_cast<char>(rng() & 0xFF));
  b[10] = '\0';
  auto r = shared().extract(b, "urn:bin");
  EXPECT_TRUE(r.facts.empty());
  ASSERT_FALSE(r.warnings.empty());
  EXPECT_NE(r.warnings[0].find("binary"), std::string::npos);
}

TEST(BadInput, InvalidUtf8IsReplacedAndReported) {
  std::string t = "The council adopted the resolution \xFF\xFE on Monday.";
  auto r = shared().extract(t, "urn:utf8");
  bool warned = false;
  for (const auto& w : r.warnings)
    if (w.find("UTF-8") != std::string::npos) warned = true;
  EXPECT_TRUE(warned);
  for (const auto& q : toQuads(r)) {
    // every literal is valid UTF-8 (no raw 0xFF byte)
    EXPECT_EQ(q.object.value.find('\xFF'), std::string::npos);
  }
}

// A text with no sentence end, `bytes` long, of common words.
std::string endlessLine(size_t bytes) {
  std::string t;
  const char* words[] = {"the", "council", "met", "and", "talked", "about", "plans", "for",
                         "Geneva", "while", "diplomats", "waited"};
  std::mt19937 rng(3);
  while (t.size() < bytes) {
    t += words[rng() % 12];
    t.push_back(' ');
  }
  return t;
}

double threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// A line without sentence ends is cut into bounded sentences, so the work grows with its
// length and no faster: four times the text costs about four times the CPU (measured as a
// ratio, in this thread's CPU time, so that a loaded machine does not decide the outcome).
TEST(BadInput, LongLineCostsLinearTime) {
  double t0 = threadCpuSeconds();
  auto small = shared().extract(endlessLine(size_t{1} << 16), "urn:small");
  double t1 = threadCpuSeconds();
  auto r = shared().extract(endlessLine(size_t{1} << 18), "urn:big");
  double t2 = threadCpuSeconds();
  EXPECT_FALSE(r.sentences.empty());
  for (const auto& s : r.sentences) EXPECT_LE(s.text.size(), 2000u);
  double ratio = (t2 - t1) / std::max(t1 - t0, 1e-3);
  EXPECT_LT(ratio, 8.0) << "64 KB: " << (t1 - t0) << " s, 256 KB: " << (t2 - t1) << " s CPU";
  EXPECT_GT(r.sentences.size(), 3 * small.sentences.size());
  (void)toQuads(r);
}

TEST(BadInput, OtherLanguage) {
  auto r = shared().extract(
      "Der Rat hat am Montag eine Erklärung veröffentlicht. Die Diplomaten waren nicht "
      "überrascht.",
      "urn:de");
  EXPECT_TRUE(r.facts.empty());
  ASSERT_FALSE(r.warnings.empty());
  auto z = shared().extract("\xE4\xB8\xAD\xE5\x9B\xBD\xE6\x98\xAF\xE4\xB8\x80\xE4\xB8\xAA\xE5\x9B\xBD\xE5\xAE\xB6\xE3\x80\x82",
                            "urn:zh");
  EXPECT_TRUE(z.facts.empty());
}

TEST(BadInput, ControlCharactersAndLoneQuotes) {
  const std::string text = "\"\"\" ,,, ... \x01\x02 (((( )))) -- '' `` ' \" said said said";
  auto r = shared().extract(text, "urn:junk");
  // Whatever is read from junk must still be well-formed: spans inside the text, quads that
  // are RDF (no literal subject, IRI predicates), one CaRB line per CaRB fact.
  for (const auto& f : r.facts) {
    EXPECT_LE(f.span.begin, f.span.end);
    EXPECT_LE(f.span.end, text.size());
  }
  for (const auto& q : toQuads(r)) {
    EXPECT_FALSE(q.subject.isLiteral()) << q.toNQuads();
    EXPECT_TRUE(q.predicate.isIri()) << q.toNQuads();
  }
  size_t carbFacts = 0;
  for (const auto& f : r.facts) carbFacts += f.carb && !f.relation.empty() && !f.subject.text.empty();
  std::string carb = toCarb(r);
  EXPECT_EQ(static_cast<size_t>(std::count(carb.begin(), carb.end(), '\n')), carbFacts);
  // The same input gives the same result.
  EXPECT_EQ(toQuads(shared().extract(text, "urn:junk")).size(), toQuads(r).size());
}

TEST(BadInput, WithoutParserThePatternFallbackStillWorks) {
  Options o;
  o.useParser = false;
  Extractor ex(o);
  EXPECT_FALSE(ex.parserAvailable());
  auto r = ex.extract("The council adopted the resolution on Monday.", "urn:noparser");
  ASSERT_EQ(r.sentences.size(), 1u);
  EXPECT_FALSE(r.sentences[0].parsed);
  ASSERT_FALSE(r.facts.empty());
  EXPECT_EQ(r.facts[0].relation, "adopted");
}
