// The cache of parsed queries: the same text and base IRI give the same parsed query, anything
// else parses anew, errors are not kept, the least recently used entry leaves first, and long
// texts are not kept at all.
#include "api/parse_cache.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "kg/error.h"

namespace {

using kg::detail::ParseCache;

TEST(ParseCacheTest, SameTextAndBaseShareOneParse) {
  ParseCache cache;
  auto first = cache.parse("SELECT * WHERE { ?s ?p ?o }", "");
  EXPECT_EQ(cache.parse("SELECT * WHERE { ?s ?p ?o }", ""), first);
  EXPECT_NE(cache.parse("SELECT * WHERE { ?s ?p ?o }", "http://example.org/"), first);
  EXPECT_NE(cache.parse("SELECT * WHERE { ?s ?p ?o } ", ""), first);
  EXPECT_EQ(cache.size(), 3u);
}

TEST(ParseCacheTest, TheBaseIriIsPartOfTheKey) {
  ParseCache cache;
  // With a NUL between base and text, base "a" + text "b..." never meets base "ab" + "...".
  auto relative = cache.parse("SELECT * WHERE { <x> ?p ?o }", "http://a.example/");
  auto other = cache.parse("SELECT * WHERE { <x> ?p ?o }", "http://b.example/");
  EXPECT_NE(relative, other);
  EXPECT_EQ(cache.parse("SELECT * WHERE { <x> ?p ?o }", "http://a.example/"), relative);
}

TEST(ParseCacheTest, SyntaxErrorsAreThrownEveryTimeAndNotKept) {
  ParseCache cache;
  for (int i = 0; i < 2; ++i) {
    try {
      cache.parse("SELECT * WHERE { ?s ?p }", "");
      FAIL() << "expected a syntax error";
    } catch (const kg::PositionedError& e) {
      EXPECT_EQ(e.code(), kg::ErrorCode::kSyntax);
      EXPECT_EQ(e.line(), 1u);
    }
  }
  EXPECT_EQ(cache.size(), 0u);
}

TEST(ParseCacheTest, LeastRecentlyUsedLeavesFirst) {
  ParseCache cache(2);
  auto a = cache.parse("ASK { <a:a> ?p ?o }", "");
  auto b = cache.parse("ASK { <b:b> ?p ?o }", "");
  EXPECT_EQ(cache.parse("ASK { <a:a> ?p ?o }", ""), a);  // a is now the most recent
  cache.parse("ASK { <c:c> ?p ?o }", "");                 // so b leaves
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(cache.parse("ASK { <a:a> ?p ?o }", ""), a);
  EXPECT_NE(cache.parse("ASK { <b:b> ?p ?o }", ""), b);
}

TEST(ParseCacheTest, LongTextsAreNotKept) {
  ParseCache cache;
  std::string text = "SELECT * WHERE { ?s ?p ?o FILTER(?o IN (";
  while (text.size() <= ParseCache::kMaxTextBytes) text += "\"some value\", ";
  text += "1)) }";
  auto first = cache.parse(text, "");
  EXPECT_NE(cache.parse(text, ""), first);
  EXPECT_EQ(cache.size(), 0u);
}

TEST(ParseCacheTest, ThreadsShareItSafely) {
  ParseCache cache(8);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 200; ++i) {
        auto q = cache.parse("ASK { ?s ?p " + std::to_string((i + t) % 12) + " }", "");
        ASSERT_TRUE(q);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_LE(cache.size(), 8u);
}

}  // namespace
