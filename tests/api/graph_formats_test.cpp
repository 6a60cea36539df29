// CONSTRUCT results as RDF/XML and JSON-LD, and SPARQL XML results: what RDF/XML writes loads
// back as the same graph, JSON-LD is the expanded form, and what a format cannot hold is
// refused with a message before anything of the statement is written.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <sstream>
#include <vector>

#include "tests/common/temp_dir.h"
#include "kg/database.h"

namespace {

class GraphFormatsTest : public ::testing::Test {
 protected:
  void SetUp() override { db = kg::Database::open(dir.sub("db")); }

  void load(const std::string& turtle, kg::Database& into) {
    kg::LoadOptions options;
    options.format = "ttl";
    into.loadString(turtle, options);
  }

  std::string write(const std::string& query, kg::ResultFormat format, const kg::PrefixMap& prefixes = {}) {
    std::ostringstream out;
    auto result = db->query(query);
    kg::writeResult(result, out, format, prefixes);
    return out.str();
  }

  // The store's statements as sorted N-Quads with every blank node label replaced by _:B, which
  // is enough to compare graphs with at most one blank node.
  static std::vector<std::string> statements(kg::Database& from) {
    std::ostringstream out;
    from.dump(out);
    std::vector<std::string> lines;
    std::istringstream in(out.str());
    for (std::string line; std::getline(in, line);) {
      std::string anonymous;
      for (size_t i = 0; i < line.size(); ++i) {
        if (line.compare(i, 2, "_:") == 0 && (i == 0 || line[i - 1] == ' ')) {
          anonymous += "_:B";
          i += 2;
          while (i < line.size() && line[i] != ' ') ++i;
          --i;
        } else {
          anonymous += line[i];
        }
      }
      lines.push_back(anonymous);
    }
    std::sort(lines.begin(), lines.end());
    return lines;
  }

  kg::testing::TempDir dir{"kg-graph-formats-test"};
  std::unique_ptr<kg::Database> db;
};

const char* kData = R"(
@prefix ex: <http://example.org/> .
@prefix other: <http://other.example/ns#> .
ex:alice a ex:Person ; ex:name "Alice" , "Alicia"@es ; ex:age 41 ; ex:height 1.7e0 ;
  ex:note "a<b & \"c\" > d\r\nline two\ttab  " ; ex:knows ex:bob , _:someone ;
  other:since "2020-01-02"^^<http://www.w3.org/2001/XMLSchema#date> ;
  <http://example.org/path/v2> <http://example.org/x?a=1&b=2> ;
  ex:unicode "Zoë 日本 😀" .
_:someone ex:name "Someone" .
ex:bob ex:name "Bob"@en-GB .
)";

}  // namespace

TEST_F(GraphFormatsTest, RdfXmlLoadsBackAsTheSameGraph) {
  load(kData, *db);
  std::string xml = write("CONSTRUCT WHERE { ?s ?p ?o }", kg::ResultFormat::kRdfXml,
                          {{"ex", "http://example.org/"}, {"xmlbad", "http://nope/"}, {"1x", "http://nope2/"}});
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rdf:RDF", 0), 0u) << xml;
  EXPECT_NE(xml.find("xmlns:ex=\"http://example.org/\""), std::string::npos) << xml;
  // Names XML reserves or does not allow are not declared as prefixes.
  EXPECT_EQ(xml.find("xmlbad"), std::string::npos) << xml;
  EXPECT_EQ(xml.find("1x"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<ex:age rdf:datatype=\"http://www.w3.org/2001/XMLSchema#integer\">41</ex:age>"),
            std::string::npos) << xml;
  EXPECT_NE(xml.find("<ex:name xml:lang=\"es\">Alicia</ex:name>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("&#13;"), std::string::npos) << xml;  // CR survives XML's line-end handling
  EXPECT_NE(xml.find("xmlns:ns=\"http://other.example/ns#\""), std::string::npos) << xml;
  auto copy = kg::Database::open(dir.sub("copy"));
  kg::LoadOptions options;
  options.format = "rdf";
  copy->loadString(xml, options);
  EXPECT_EQ(statements(*copy), statements(*db)) << xml;
}

TEST_F(GraphFormatsTest, RdfXmlRefusesWhatItCannotHold) {
  load("<http://example.org/s> <http://example.org/1> <http://example.org/o> .", *db);
  try {
    write("CONSTRUCT WHERE { ?s ?p ?o }", kg::ResultFormat::kRdfXml);
    FAIL() << "expected an error";
  } catch (const kg::Error& e) {
    EXPECT_NE(std::string(e.what()).find("<http://example.org/1>"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("Turtle"), std::string::npos) << e.what();
  }
  EXPECT_THROW(write("CONSTRUCT { <http://e/s> <http://e/p> \"bell\\u0007\" } WHERE {}",
                     kg::ResultFormat::kRdfXml),
               kg::Error);
  EXPECT_THROW(write("CONSTRUCT { <http://e/s> <http://e/p> << <http://e/a> <http://e/b> <http://e/c> >> } WHERE {}",
                     kg::ResultFormat::kRdfXml),
               kg::Error);
  EXPECT_THROW(write("SELECT * WHERE { ?s ?p ?o }", kg::ResultFormat::kRdfXml), kg::Error);
}

TEST_F(GraphFormatsTest, RdfXmlOfAnEmptyGraphIsAnEmptyDocument) {
  std::string xml = write("CONSTRUCT WHERE { ?s ?p ?o }", kg::ResultFormat::kRdfXml);
  EXPECT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rdf:RDF xmlns:rdf=", 0), 0u) << xml;
  EXPECT_EQ(xml.find("rdf:Description"), std::string::npos) << xml;
  EXPECT_EQ(xml.substr(xml.size() - 13), ">\n</rdf:RDF>\n") << xml;
  kg::LoadOptions options;
  options.format = "rdf";
  EXPECT_EQ(db->loadString(xml, options).statements, 0u);
}

TEST_F(GraphFormatsTest, JsonLdIsExpandedFormGroupedBySubject) {
  load(R"(<http://e/s> <http://e/p> "x" , "y"@en , 5 ; <http://e/q> _:b .
          _:b <http://e/p> <http://e/o> .)", *db);
  std::string json = write(
      "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } ORDER BY DESC(isIRI(?s)) ?p STR(?o)", kg::ResultFormat::kJsonLd);
  // The store names blank nodes itself; call this one _:b.
  json = std::regex_replace(json, std::regex("\"_:[^\"]*\""), "\"_:b\"");
  EXPECT_EQ(json,
            "[\n"
            "{\"@id\":\"http://e/s\",\"http://e/p\":[{\"@value\":\"5\",\"@type\":\"http://www.w3.org/2001/XMLSchema#integer\"},"
            "{\"@value\":\"x\"},{\"@value\":\"y\",\"@language\":\"en\"}],\"http://e/q\":[{\"@id\":\"_:b\"}]},\n"
            "{\"@id\":\"_:b\",\"http://e/p\":[{\"@id\":\"http://e/o\"}]}\n"
            "]\n")
      << json;
  EXPECT_EQ(write("CONSTRUCT WHERE { ?s <http://e/none> ?o }", kg::ResultFormat::kJsonLd), "[]\n");
  EXPECT_THROW(write("CONSTRUCT { <http://e/s> <http://e/p> << <http://e/a> <http://e/b> <http://e/c> >> } WHERE {}",
                     kg::ResultFormat::kJsonLd),
               kg::Error);
}

TEST_F(GraphFormatsTest, XmlResultsRefuseTextXmlCannotHold) {
  EXPECT_THROW(write("SELECT ?v WHERE { BIND(\"bell\\u0007\" AS ?v) }", kg::ResultFormat::kXml), kg::Error);
  EXPECT_NE(write("SELECT ?v WHERE { BIND(\"tab\\tline\\ncr\\r\" AS ?v) }", kg::ResultFormat::kXml)
                .find("<literal>tab\tline\ncr&#13;</literal>"),
            std::string::npos);
}
