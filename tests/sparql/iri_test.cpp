// RFC 3986 section 5.4 reference resolution examples.
#include <gtest/gtest.h>

#include "core/iri.h"

using kg::removeDotSegments;
using kg::resolveIri;

namespace {
const char* kBase = "http://a/b/c/d;p?q";
}

TEST(ResolveIri, NormalExamples) {
  const std::pair<const char*, const char*> cases[] = {
      {"g:h", "g:h"},
      {"g", "http://a/b/c/g"},
      {"./g", "http://a/b/c/g"},
      {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"},
      {"//g", "http://g"},
      {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"},
      {"#s", "http://a/b/c/d;p?q#s"},
      {"g#s", "http://a/b/c/g#s"},
      {"g?y#s", "http://a/b/c/g?y#s"},
      {";x", "http://a/b/c/;x"},
      {"g;x", "http://a/b/c/g;x"},
      {"g;x?y#s", "http://a/b/c/g;x?y#s"},
      {"", "http://a/b/c/d;p?q"},
      {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"},
      {"..", "http://a/b/"},
      {"../", "http://a/b/"},
      {"../g", "http://a/b/g"},
      {"../..", "http://a/"},
      {"../../", "http://a/"},
      {"../../g", "http://a/g"},
  };
  for (const auto& [ref, expected] : cases) EXPECT_EQ(resolveIri(kBase, ref), expected) << ref;
}

TEST(ResolveIri, AbnormalExamples) {
  const std::pair<const char*, const char*> cases[] = {
      {"../../../g", "http://a/g"},
      {"../../../../g", "http://a/g"},
      {"/./g", "http://a/g"},
      {"/../g", "http://a/g"},
      {"g.", "http://a/b/c/g."},
      {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."},
      {"..g", "http://a/b/c/..g"},
      {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"},
      {"g/./h", "http://a/b/c/g/h"},
      {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"},
      {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"},
      {"g?y/../x", "http://a/b/c/g?y/../x"},
      {"g#s/./x", "http://a/b/c/g#s/./x"},
      {"g#s/../x", "http://a/b/c/g#s/../x"},
      {"http:g", "http:g"},  // strict parsers
  };
  for (const auto& [ref, expected] : cases) EXPECT_EQ(resolveIri(kBase, ref), expected) << ref;
}

TEST(ResolveIri, EdgeCases) {
  EXPECT_EQ(removeDotSegments("/a/b/c/./../../g"), "/a/g");
  EXPECT_EQ(removeDotSegments("mid/content=5/../6"), "mid/6");
  EXPECT_EQ(resolveIri("http://example.org", "x"), "http://example.org/x");
  EXPECT_EQ(resolveIri("", "x"), "x");
  EXPECT_EQ(resolveIri("", "http://example.org/a/../b"), "http://example.org/b");
  EXPECT_EQ(resolveIri("urn:x:y", "#frag"), "urn:x:y#frag");
  EXPECT_EQ(resolveIri("http://a/b#f", ""), "http://a/b");
  EXPECT_EQ(resolveIri("file:///tmp/a.rq", "data.ttl"), "file:///tmp/data.ttl");
}
