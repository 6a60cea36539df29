#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "test_util.h"

using namespace kg;
using namespace kg::ingest;
using namespace kg::ingest::testing;

TEST(Format, FromPath) {
  EXPECT_EQ(formatFromPath("a.nt"), RdfFormat::kNTriples);
  EXPECT_EQ(formatFromPath("dir.x/a.NQ"), RdfFormat::kNQuads);
  EXPECT_EQ(formatFromPath("/x/a.ttl.gz"), RdfFormat::kTurtle);
  EXPECT_EQ(formatFromPath("a.trig"), RdfFormat::kTriG);
  EXPECT_EQ(formatFromPath("a.TSV.GZ"), RdfFormat::kTsv);
  EXPECT_EQ(formatFromPath("a.nt.gz"), RdfFormat::kNTriples);
  EXPECT_FALSE(formatFromPath("a.gz"));
  EXPECT_FALSE(formatFromPath("a.txt"));
  EXPECT_FALSE(formatFromPath("-"));
  EXPECT_FALSE(formatFromPath("dir.nt/file"));
}

TEST(Format, FromName) {
  EXPECT_EQ(formatFromName("nt"), RdfFormat::kNTriples);
  EXPECT_EQ(formatFromName("ntriples"), RdfFormat::kNTriples);
  EXPECT_EQ(formatFromName("NQuads"), RdfFormat::kNQuads);
  EXPECT_EQ(formatFromName("nq"), RdfFormat::kNQuads);
  EXPECT_EQ(formatFromName("ttl"), RdfFormat::kTurtle);
  EXPECT_EQ(formatFromName("turtle"), RdfFormat::kTurtle);
  EXPECT_EQ(formatFromName("trig"), RdfFormat::kTriG);
  EXPECT_EQ(formatFromName("tsv"), RdfFormat::kTsv);
  EXPECT_FALSE(formatFromName("json"));
  EXPECT_EQ(formatName(RdfFormat::kTriG), "trig");
  EXPECT_TRUE(formatHasGraphs(RdfFormat::kNQuads));
  EXPECT_FALSE(formatHasGraphs(RdfFormat::kTurtle));
}

TEST(ParseErrorType, WhatHasPosition) {
  ParseError e("f.nt", 3, 7, "expected '.' at end of triple");
  EXPECT_STREQ(e.what(), "f.nt:3:7: expected '.' at end of triple");
}

namespace {
std::string tempPath(const std::string& suffix) {
  char buf[] = "/tmp/kg_ingest_testXXXXXX";
  int fd = mkstemp(buf);
  close(fd);
  std::remove(buf);
  return std::string(buf) + suffix;
}
}  // namespace

TEST(Input, GzipFileMultiMember) {
  std::string path = tempPath(".nt.gz");
  {
    gzFile f = gzopen(path.c_str(), "wb");
    ASSERT_TRUE(f);
    std::string a = "<http://a/s> <http://a/p> \"one\" .\n";
    gzwrite(f, a.data(), a.size());
    gzclose(f);
    // A second gzip member appended (as `cat a.gz b.gz` makes).
    f = gzopen(path.c_str(), "ab");
    std::string b = "<http://a/s> <http://a/p> \"two\" .\n";
    gzwrite(f, b.data(), b.size());
    gzclose(f);
  }
  auto in = openInput(path);
  ASSERT_TRUE(in->totalBytes());
  std::vector<Quad> out;
  uint64_t lastProgress = 0;
  parseRdf(*in, *formatFromPath(path), {}, [&](Quad&& q) { out.push_back(std::move(q)); },
           [&](uint64_t n) { lastProgress = n; });
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].object.value, "two");
  EXPECT_EQ(lastProgress, *in->totalBytes());
  std::remove(path.c_str());
}

TEST(Input, CorruptGzipIsIoError) {
  std::string path = tempPath(".nt.gz");
  { std::ofstream(path) << "this is not gzip data at all\n"; }
  auto in = openInput(path);
  EXPECT_THROW(parseRdf(*in, RdfFormat::kNTriples, {}, [](Quad&&) {}), IoError);
  std::remove(path.c_str());
}

TEST(Input, MissingFileIsIoError) {
  EXPECT_THROW(openInput("/nonexistent/dir/x.nt"), IoError);
}

TEST(Input, ErrorNamesFile) {
  std::string path = tempPath(".nt");
  { std::ofstream(path) << "<http://a/s> <http://a/p> <http://a/o> .\n<http://a/s> <http://a/p> .\n"; }
  auto in = openInput(path);
  try {
    parseRdf(*in, RdfFormat::kNTriples, {}, [](Quad&&) {});
    FAIL();
  } catch (const ParseError& e) {
    EXPECT_EQ(e.file, path);
    EXPECT_EQ(e.line, 2u);
    EXPECT_EQ(e.column, 27u);
  }
  std::remove(path.c_str());
}

TEST(Input, IstreamOverload) {
  std::istringstream in("<http://a/s> <http://a/p> <http://a/o> <http://a/g> .\n");
  std::vector<Quad> out;
  parseRdf(in, RdfFormat::kNQuads, {}, [&](Quad&& q) { out.push_back(std::move(q)); });
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].graph.value, "http://a/g");
}

TEST(Writer, RoundTrip) {
  std::vector<Quad> quads;
  auto add = [&](Term s, Term p, Term o, Term g) {
    quads.push_back(Quad{std::move(s), std::move(p), std::move(o), std::move(g)});
  };
  Term p = Term::iri("http://a/p");
  Term dg = Term::iri("");
  std::string allControls;
  for (int c = 0; c < 0x20; ++c) allControls += static_cast<char>(c);
  allControls += "\x7F\"\\'\xC3\xA9\xF0\x9F\x98\x80";
  add(Term::iri("http://a/s"), p, Term::literal(allControls), dg);
  add(Term::blank("b0"), p, Term::literal("x", "", "en-US"), Term::iri("http://a/g"));
  add(Term::iri("http://a/s"), p, Term::literal("5", std::string(vocab::kXsdInteger)), Term::blank("g1"));
  add(Term::iri("http://a/weird iri<>\"{}|^`\\"), p, Term::iri("http://a/\xC3\xA9"), dg);
  Term qt = Term::quoted(Term::blank("x"), p, Term::literal("q\n"));
  add(Term::quoted(qt, p, Term::quoted(Term::iri("http://a/s"), p, qt)), p, qt, dg);
  std::ostringstream nq, nt;
  for (const Quad& q : quads) {
    writeNQuads(nq, q);
    writeNTriples(nt, q);
  }
  auto back = parseAll(nq.str(), RdfFormat::kNQuads);
  ASSERT_EQ(back.size(), quads.size()) << nq.str();
  for (size_t i = 0; i < quads.size(); ++i) {
    EXPECT_EQ(back[i].subject, quads[i].subject) << i;
    EXPECT_EQ(back[i].predicate, quads[i].predicate) << i;
    EXPECT_EQ(back[i].object, quads[i].object) << i;
    EXPECT_EQ(back[i].graph, quads[i].graph) << i;
  }
  auto backNt = parseAll(nt.str(), RdfFormat::kNTriples);
  ASSERT_EQ(backNt.size(), quads.size());
  EXPECT_TRUE(backNt[1].inDefaultGraph());
  // Canonical forms.
  std::string s;
  appendNTriples(s, Term::literal("a\tb\x01", "", ""));
  EXPECT_EQ(s, "\"a\\tb\\u0001\"");
  s.clear();
  appendNTriples(s, quads[2].object);
  EXPECT_EQ(s, "\"5\"^^<http://www.w3.org/2001/XMLSchema#integer>");
  std::ostringstream one;
  writeNQuads(one, quads[1]);
  EXPECT_EQ(one.str(), "_:b0 <http://a/p> \"x\"@en-US <http://a/g> .\n");
}

TEST(Iri, Resolve) {
  // RFC 3986 section 5.4 examples.
  const std::string base = "http://a/b/c/d;p?q";
  const std::pair<const char*, const char*> cases[] = {
      {"g:h", "g:h"}, {"g", "http://a/b/c/g"}, {"./g", "http://a/b/c/g"}, {"g/", "http://a/b/c/g/"},
      {"/g", "http://a/g"}, {"//g", "http://g"}, {"?y", "http://a/b/c/d;p?y"},
      {"g?y", "http://a/b/c/g?y"}, {"#s", "http://a/b/c/d;p?q#s"}, {"g#s", "http://a/b/c/g#s"},
      {"g?y#s", "http://a/b/c/g?y#s"}, {";x", "http://a/b/c/;x"}, {"g;x", "http://a/b/c/g;x"},
      {"g;x?y#s", "http://a/b/c/g;x?y#s"}, {"", "http://a/b/c/d;p?q"}, {".", "http://a/b/c/"},
      {"./", "http://a/b/c/"}, {"..", "http://a/b/"}, {"../", "http://a/b/"}, {"../g", "http://a/b/g"},
      {"../..", "http://a/"}, {"../../", "http://a/"}, {"../../g", "http://a/g"},
      {"../../../g", "http://a/g"}, {"../../../../g", "http://a/g"}, {"/./g", "http://a/g"},
      {"/../g", "http://a/g"}, {"g.", "http://a/b/c/g."}, {".g", "http://a/b/c/.g"},
      {"g..", "http://a/b/c/g.."}, {"..g", "http://a/b/c/..g"}, {"./../g", "http://a/b/g"},
      {"./g/.", "http://a/b/c/g/"}, {"g/./h", "http://a/b/c/g/h"}, {"g/../h", "http://a/b/c/h"},
      {"g;x=1/./y", "http://a/b/c/g;x=1/y"}, {"g;x=1/../y", "http://a/b/c/y"},
      {"g?y/./x", "http://a/b/c/g?y/./x"}, {"g#s/../x", "http://a/b/c/g#s/../x"}};
  for (const auto& [ref, expected] : cases) EXPECT_EQ(resolveIri(base, ref), expected) << ref;
  EXPECT_TRUE(isAbsoluteIri("urn:x"));
  EXPECT_FALSE(isAbsoluteIri("/a:b"));
}
