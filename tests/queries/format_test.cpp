// Unit tests of the .test file reader (test_file.h).
#include <gtest/gtest.h>

#include "test_file.h"

namespace kg::querytest {
namespace {

TEST(TestFormat, ReadsRecords) {
  TestFile f = parseTestText(
      "# name: demo\n"
      "prefix : <http://example.org/>\n"
      "base <http://example.org/base/>\n"
      "data ttl graph <http://g>\n"
      ":a :p 1 .\n"
      "\n"
      ":b :p 2 .\n"
      "----\n"
      "\n"
      "query rows\n"
      "SELECT ?x WHERE { ?x :p ?v }\n"
      "----\n"
      "?x\n"
      ":a\n"
      "\n"
      "query rows\n"
      "SELECT ?x WHERE { ?x :q ?v }\n"
      "----\n"
      "\n"
      "statement ok\n"
      "INSERT DATA { :c :p 3 }\n"
      "----\n"
      "load samples/x.ttl graph <http://g2>\n"
      "reset\n"
      "query error\n"
      "SELECT\n"
      "----\n"
      "1:7: expected\n"
      "\n"
      "dump\n"
      "----\n",
      "demo.test");
  EXPECT_EQ(f.name, "demo");
  EXPECT_EQ(f.prefixes.at(""), "http://example.org/");
  EXPECT_EQ(f.base, "http://example.org/base/");
  ASSERT_EQ(f.records.size(), 8u);
  EXPECT_EQ(f.records[0].kind, RecordKind::kData);
  EXPECT_EQ(f.records[0].args, (std::vector<std::string>{"ttl", "graph", "<http://g>"}));
  EXPECT_EQ(f.records[0].body, ":a :p 1 .\n\n:b :p 2 .\n");
  EXPECT_EQ(f.records[1].kind, RecordKind::kQueryRows);
  EXPECT_EQ(f.records[1].expected, (std::vector<std::string>{"?x", ":a"}));
  EXPECT_EQ(f.records[1].line, 10);
  EXPECT_TRUE(f.records[2].expected.empty());
  EXPECT_EQ(f.records[3].kind, RecordKind::kStatementOk);
  EXPECT_EQ(f.records[4].kind, RecordKind::kLoad);
  EXPECT_EQ(f.records[5].kind, RecordKind::kReset);
  EXPECT_EQ(f.records[6].kind, RecordKind::kQueryError);
  EXPECT_EQ(f.records[6].expected, (std::vector<std::string>{"1:7: expected"}));
  EXPECT_EQ(f.records[7].kind, RecordKind::kDump);
  EXPECT_TRUE(f.records[7].expected.empty());
}

TEST(TestFormat, RejectsMalformedFiles) {
  EXPECT_THROW(parseTestText("query rows\nSELECT * {}\n", "x.test"), FormatError);
  EXPECT_THROW(parseTestText("frobnicate\n", "x.test"), FormatError);
  EXPECT_THROW(parseTestText("query sideways\nx\n----\n", "x.test"), FormatError);
  EXPECT_THROW(parseTestText("prefix ex <http://x>\n", "x.test"), FormatError);
  EXPECT_THROW(parseTestText("timeout soon\n", "x.test"), FormatError);
  EXPECT_THROW(parseTestText("data ttl\n:a :b :c .\n", "x.test"), FormatError);
}

TEST(TestFormat, ReadsModes) {
  TestFile f = parseTestText(
      "timeout 250\n"
      "query csv\nSELECT * {}\n----\nx\n\n"
      "query tsv\nSELECT * {}\n----\n?x\n\n"
      "query graph subset\nDESCRIBE <http://a>\n----\n\n"
      "explain analyze\nSELECT * {}\n----\n",
      "m.test");
  ASSERT_EQ(f.records.size(), 5u);
  EXPECT_EQ(f.records[0].kind, RecordKind::kTimeout);
  EXPECT_EQ(f.records[0].args, (std::vector<std::string>{"250"}));
  EXPECT_EQ(f.records[1].kind, RecordKind::kQueryCsv);
  EXPECT_EQ(f.records[2].kind, RecordKind::kQueryTsv);
  EXPECT_EQ(f.records[3].kind, RecordKind::kQueryGraph);
  EXPECT_EQ(f.records[3].args, (std::vector<std::string>{"subset"}));
  EXPECT_EQ(f.records[4].kind, RecordKind::kExplain);
  EXPECT_EQ(f.records[4].args, (std::vector<std::string>{"analyze"}));
}

}  // namespace
}  // namespace kg::querytest
