// Result and dump formats of the API (SPARQL XML, Turtle, TriG), RDF/XML loading, and the
// dataset options the SPARQL protocol needs.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "kg/database.h"

namespace fs = std::filesystem;

namespace {

class FormatsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "kg-formats-test-XXXXXX").string();
    ASSERT_TRUE(mkdtemp(tmpl.data()));
    dir = tmpl;
    db = kg::Database::open((dir / "db").string());
    kg::LoadOptions trig;
    trig.format = "trig";
    db->loadString(R"(
@prefix ex: <http://example.org/> .
ex:alice a ex:Person ; ex:name "Alice" ; ex:knows ex:bob , ex:carol .
ex:g1 { ex:bob ex:name "Bob"@en . }
ex:g2 { ex:carol ex:age 41 . }
)", trig);
  }
  void TearDown() override {
    db.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::string write(const std::string& query, kg::ResultFormat format, const kg::PrefixMap& prefixes = {}) {
    std::ostringstream out;
    auto result = db->query(query);
    kg::writeResult(result, out, format, prefixes);
    return out.str();
  }
  fs::path dir;
  std::unique_ptr<kg::Database> db;
};

}  // namespace

TEST_F(FormatsTest, XmlResults) {
  std::string xml = write("SELECT ?n ?x WHERE { ?s <http://example.org/name> ?n } ORDER BY ?n",
                          kg::ResultFormat::kXml);
  EXPECT_NE(xml.find("<variable name=\"n\"/><variable name=\"x\"/>"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<binding name=\"n\"><literal>Alice</literal></binding>"), std::string::npos) << xml;
  EXPECT_EQ(write("ASK { ?s ?p ?o }", kg::ResultFormat::kXml),
            "<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
            "<head></head>\n<boolean>true</boolean>\n</sparql>\n");
  EXPECT_THROW(write("CONSTRUCT WHERE { ?s ?p ?o }", kg::ResultFormat::kXml), kg::Error);
  EXPECT_THROW(write("SELECT * WHERE { ?s ?p ?o }", kg::ResultFormat::kTurtle), kg::Error);
}

TEST_F(FormatsTest, XmlEscapesMarkup) {
  db->update("INSERT DATA { <http://example.org/x> <http://example.org/v> \"a<b & \\\"c\\\"\"@en }");
  std::string xml = write("SELECT ?v WHERE { <http://example.org/x> ?p ?v }", kg::ResultFormat::kXml);
  EXPECT_NE(xml.find("<literal xml:lang=\"en\">a&lt;b &amp; &quot;c&quot;</literal>"), std::string::npos) << xml;
}

TEST_F(FormatsTest, ConstructAsTurtleUsesQueryAndGivenPrefixes) {
  std::string ttl = write(
      "PREFIX ex: <http://example.org/> CONSTRUCT { ex:alice ?p ?o } WHERE { ex:alice ?p ?o }",
      kg::ResultFormat::kTurtle, {{"foaf", "http://xmlns.com/foaf/0.1/"}});
  EXPECT_NE(ttl.find("@prefix ex: <http://example.org/> ."), std::string::npos) << ttl;
  EXPECT_NE(ttl.find("@prefix foaf: <http://xmlns.com/foaf/0.1/> ."), std::string::npos) << ttl;
  EXPECT_NE(ttl.find("ex:alice a ex:Person ;"), std::string::npos) << ttl;
}

TEST_F(FormatsTest, DumpTurtleIsTheDefaultGraphAndTrigEveryGraph) {
  std::ostringstream turtle, trig;
  EXPECT_EQ(db->dump(turtle, kg::DumpFormat::kTurtle), 4u);
  EXPECT_EQ(db->dump(trig, kg::DumpFormat::kTriG), 6u);
  EXPECT_NE(turtle.str().find("@prefix rdfs:"), std::string::npos);
  EXPECT_EQ(turtle.str().find("Bob"), std::string::npos);
  EXPECT_NE(trig.str().find("ex:g1 {"), std::string::npos) << trig.str();
  // What TriG wrote loads back as the same store.
  auto copy = kg::Database::open((dir / "copy").string());
  kg::LoadOptions options;
  options.format = "trig";
  copy->loadString(trig.str(), options);
  std::ostringstream a, b;
  db->dump(a);
  copy->dump(b);
  EXPECT_EQ(a.str(), b.str());
  EXPECT_EQ(kg::dumpFormatNamed("turtle"), kg::DumpFormat::kTurtle);
  EXPECT_EQ(kg::dumpFormatNamed("trig"), kg::DumpFormat::kTriG);
}

TEST_F(FormatsTest, LoadsRdfXmlFiles) {
  fs::path file = dir / "people.rdf";
  std::ofstream(file) << "<?xml version=\"1.0\"?>\n"
                         "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
                         "         xmlns:foaf=\"http://xmlns.com/foaf/0.1/\">\n"
                         "  <foaf:Person rdf:about=\"http://example.org/dave\"><foaf:name>Dave</foaf:name></foaf:Person>\n"
                         "</rdf:RDF>\n";
  auto loaded = db->load(file.string());
  EXPECT_EQ(loaded.statements, 2u);
  auto ask = db->query("ASK { <http://example.org/dave> a <http://xmlns.com/foaf/0.1/Person> }");
  EXPECT_TRUE(ask.boolean());
  std::ofstream(dir / "bad.rdf") << "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n<oops>\n</rdf:RDF>\n";
  try {
    db->load((dir / "bad.rdf").string());
    FAIL() << "expected an error";
  } catch (const kg::PositionedError& e) {
    EXPECT_NE(e.file().find("bad.rdf"), std::string::npos);
    EXPECT_EQ(e.line(), 3u) << e.what();  // <oops> has no namespace
  }
}

TEST_F(FormatsTest, DatasetOptionReplacesFrom) {
  kg::QueryOptions options;
  options.dataset = kg::DatasetSpec{{"http://example.org/g1"}, {}};
  auto rows = db->query("SELECT ?n FROM <http://example.org/g2> WHERE { ?s ?p ?n }", options);
  kg::Solution row;
  ASSERT_TRUE(rows.next(row));
  EXPECT_EQ(row[0]->value, "Bob");
  EXPECT_FALSE(rows.next(row));
  options.dataset = kg::DatasetSpec{{}, {"http://example.org/g2"}};
  auto graphs = db->query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", options);
  ASSERT_TRUE(graphs.next(row));
  EXPECT_EQ(row[0]->value, "http://example.org/g2");
  EXPECT_FALSE(graphs.next(row));
}

TEST_F(FormatsTest, UsingDatasetForUpdates) {
  kg::UpdateOptions options;
  options.usingDataset = kg::DatasetSpec{{"http://example.org/g2"}, {}};
  auto result = db->update("INSERT { GRAPH <urn:out> { ?s ?p ?o } } WHERE { ?s ?p ?o }", options);
  EXPECT_EQ(result.inserted, 1u);
  EXPECT_THROW(db->update("INSERT { ?s ?p ?o } USING <urn:x> WHERE { ?s ?p ?o }", options), kg::Error);
  EXPECT_THROW(db->update("WITH <urn:x> INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }", options), kg::Error);
}

TEST_F(FormatsTest, LoadedPrefixesBecomeTheStores) {
  kg::PrefixMap prefixes = db->prefixes();
  EXPECT_EQ(prefixes["ex"], "http://example.org/");  // declared by the TriG in SetUp
  EXPECT_EQ(prefixes["rdfs"], "http://www.w3.org/2000/01/rdf-schema#");
  kg::LoadOptions ttl;
  ttl.format = "ttl";
  // A load that fails records nothing.
  EXPECT_THROW(db->loadString("@prefix bad: <http://bad.example/> .\nbad:a bad:b .\n", ttl), kg::Error);
  EXPECT_EQ(db->prefixes().count("bad"), 0u);
  // The first IRI given to a name stays; the predeclared names keep theirs.
  db->loadString("@prefix ex: <http://elsewhere/> .\n@prefix rdfs: <http://x/> .\n@prefix foaf: <http://xmlns.com/foaf/0.1/> .\n", ttl);
  prefixes = db->prefixes();
  EXPECT_EQ(prefixes["ex"], "http://example.org/");
  EXPECT_EQ(prefixes["rdfs"], "http://www.w3.org/2000/01/rdf-schema#");
  EXPECT_EQ(prefixes["foaf"], "http://xmlns.com/foaf/0.1/");
  std::ostringstream turtle;
  db->dump(turtle, kg::DumpFormat::kTurtle);
  EXPECT_NE(turtle.str().find("ex:alice a ex:Person ;"), std::string::npos) << turtle.str();
}
