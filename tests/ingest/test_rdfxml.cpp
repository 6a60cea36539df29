// RDF/XML input through Raptor: terms, blank node labels, graphs, and errors with positions.
#include <gtest/gtest.h>

#include <map>
#include <stdexcept>

#include "iso.h"
#include "test_util.h"

using namespace kg;
using namespace kg::ingest;
using namespace kg::ingest::testing;

namespace {
const char* kHeader =
    "<?xml version=\"1.0\"?>\n"
    "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"\n"
    "         xmlns:ex=\"http://example.org/\">\n";
}  // namespace

TEST(RdfXml, FormatNames) {
  EXPECT_EQ(formatFromPath("univ-bench.owl"), RdfFormat::kRdfXml);
  EXPECT_EQ(formatFromPath("data.rdf.gz"), RdfFormat::kRdfXml);
  EXPECT_EQ(formatFromPath("data.XML"), RdfFormat::kRdfXml);
  EXPECT_EQ(formatFromName("rdfxml"), RdfFormat::kRdfXml);
  EXPECT_EQ(formatFromName("rdf/xml"), RdfFormat::kRdfXml);
  EXPECT_FALSE(formatHasGraphs(RdfFormat::kRdfXml));
}

TEST(RdfXml, TermsOfEveryKind) {
  std::string doc = std::string(kHeader) +
                    "  <rdf:Description rdf:about=\"http://example.org/a\">\n"
                    "    <ex:name xml:lang=\"en\">Ann</ex:name>\n"
                    "    <ex:age rdf:datatype=\"http://www.w3.org/2001/XMLSchema#integer\">42</ex:age>\n"
                    "    <ex:note>plain</ex:note>\n"
                    "    <ex:knows rdf:resource=\"b\"/>\n"
                    "    <ex:friend><rdf:Description><ex:name>anon</ex:name></rdf:Description></ex:friend>\n"
                    "  </rdf:Description>\n"
                    "</rdf:RDF>\n";
  ParseOptions options;
  options.baseIri = "http://example.org/doc";
  auto quads = parseAll(doc, RdfFormat::kRdfXml, options);
  ASSERT_EQ(quads.size(), 6u);
  auto objectOf = [&](const std::string& predicate) -> Term {
    for (const auto& q : quads) {
      if (q.predicate == Term::iri("http://example.org/" + predicate) &&
          q.subject == Term::iri("http://example.org/a")) {
        return q.object;
      }
    }
    ADD_FAILURE() << "no ex:" << predicate;
    return {};
  };
  EXPECT_EQ(objectOf("name"), Term::literal("Ann", "", "en"));
  EXPECT_EQ(objectOf("age"), Term::literal("42", std::string(vocab::kXsdInteger)));
  EXPECT_EQ(objectOf("note"), Term::literal("plain"));
  EXPECT_EQ(objectOf("knows"), Term::iri("http://example.org/b"));  // resolved against the base
  Term friendNode = objectOf("friend");
  EXPECT_TRUE(friendNode.isBlank());
  bool found = false;
  for (const auto& q : quads) {
    if (q.object == Term::literal("anon")) {
      found = true;
      EXPECT_EQ(q.subject, friendNode);
    }
  }
  EXPECT_TRUE(found);
  for (const auto& q : quads) EXPECT_TRUE(q.inDefaultGraph());
}

TEST(RdfXml, NodeIdLabelsNeverMeetGeneratedOnes) {
  std::string doc = std::string(kHeader) +
                    "  <rdf:Description rdf:nodeID=\"_anon1\"><ex:p>x</ex:p></rdf:Description>\n"
                    "  <rdf:Description rdf:nodeID=\"n1\"><ex:p>y</ex:p></rdf:Description>\n"
                    "  <rdf:Description><ex:p>z</ex:p></rdf:Description>\n"
                    "</rdf:RDF>\n";
  auto quads = parseAll(doc, RdfFormat::kRdfXml, {});
  ASSERT_EQ(quads.size(), 3u);
  EXPECT_EQ(quads[0].subject.value, "__anon1");
  EXPECT_EQ(quads[1].subject.value, "n1");
  EXPECT_EQ(quads[2].subject.value, "_anon1");
}

TEST(RdfXml, LoadsIntoTheGivenGraph) {
  std::string doc = std::string(kHeader) +
                    "  <rdf:Description rdf:about=\"http://example.org/a\"><ex:p>x</ex:p></rdf:Description>\n"
                    "</rdf:RDF>\n";
  ParseOptions options;
  options.defaultGraph = Term::iri("http://example.org/g");
  auto quads = parseAll(doc, RdfFormat::kRdfXml, options);
  ASSERT_EQ(quads.size(), 1u);
  EXPECT_EQ(quads[0].graph, Term::iri("http://example.org/g"));
}

TEST(RdfXml, MalformedXmlNamesFileAndLine) {
  std::string doc = std::string(kHeader) +
                    "  <rdf:Description rdf:about=\"http://example.org/a\">\n"
                    "    <ex:p>x</ex:q>\n"
                    "  </rdf:Description>\n"
                    "</rdf:RDF>\n";
  ParseOptions options;
  options.fileName = "bad.rdf";
  auto e = parseError(doc, RdfFormat::kRdfXml, options);
  EXPECT_EQ(e.line, 5u);
  EXPECT_GE(e.column, 1u);
  EXPECT_NE(e.what.find("bad.rdf:5:"), std::string::npos) << e.what;
  EXPECT_NE(e.message.find("RDF/XML"), std::string::npos) << e.message;
}

TEST(RdfXml, InvalidRdfIsAnError) {
  std::string doc = std::string(kHeader) +
                    "  <rdf:Description rdf:about=\"http://example.org/a\" rdf:nodeID=\"x\"/>\n"
                    "</rdf:RDF>\n";
  auto e = parseError(doc, RdfFormat::kRdfXml, {});
  EXPECT_EQ(e.line, 4u);
}

// A namespace that is no absolute IRI makes its properties relative: kg's writers could not
// write them back as N-Triples, so the document is refused where the statement ends.
TEST(RdfXml, PropertiesInARelativeNamespaceAreAnError) {
  std::string doc =
      "<?xml version=\"1.0\"?>\n"
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:foo=\"ht?p://foo/\">\n"
      "  <rdf:Description rdf:about=\"http://example.org/a\">\n"
      "    <foo:bar>x</foo:bar>\n"
      "  </rdf:Description>\n"
      "</rdf:RDF>\n";
  auto e = parseError(doc, RdfFormat::kRdfXml, {});
  EXPECT_EQ(e.line, 4u);
  EXPECT_NE(e.message.find("relative IRI <ht?p://foo/bar>"), std::string::npos) << e.message;
}

// Raptor passes any xml:lang; one that is no language tag could not be written back as
// N-Triples, so the document is refused. xml:lang="" means no language and stays allowed.
TEST(RdfXml, XmlLangMustBeALanguageTag) {
  std::string doc = std::string(kHeader) +
                    "  <rdf:Description rdf:about=\"http://example.org/a\">\n"
                    "    <ex:p xml:lang=\"en-\">x</ex:p>\n"
                    "  </rdf:Description>\n</rdf:RDF>\n";
  auto e = parseError(doc, RdfFormat::kRdfXml, {});
  EXPECT_NE(e.message.find("invalid language tag xml:lang=\"en-\""), std::string::npos) << e.message;
  std::string unset = std::string(kHeader) +
                      "  <rdf:Description rdf:about=\"http://example.org/a\" xml:lang=\"\">\n"
                      "    <ex:p>x</ex:p><ex:q xml:lang=\"en-GB-x-1\">y</ex:q>\n"
                      "  </rdf:Description>\n</rdf:RDF>\n";
  auto quads = parseAll(unset, RdfFormat::kRdfXml);
  ASSERT_EQ(quads.size(), 2u);
  EXPECT_EQ(quads[0].object.language, "");
  EXPECT_EQ(quads[1].object.language, "en-gb-x-1");  // Raptor writes tags in lower case
}

TEST(RdfXml, SinkExceptionsPassThrough) {
  std::string doc = std::string(kHeader) +
                    "  <rdf:Description rdf:about=\"http://example.org/a\"><ex:p>x</ex:p><ex:p>y</ex:p></rdf:Description>\n"
                    "</rdf:RDF>\n";
  int seen = 0;
  EXPECT_THROW(parseRdfString(doc, RdfFormat::kRdfXml, {},
                              [&](Quad&&) {
                                ++seen;
                                throw std::runtime_error("stop");
                              }),
               std::runtime_error);
  EXPECT_EQ(seen, 1);
}

TEST(RdfXml, ExternalEntitiesAreNotRead) {
  std::string doc =
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE rdf:RDF [<!ENTITY secret SYSTEM \"file:///etc/hostname\">]>\n"
      "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"http://example.org/\">\n"
      "  <rdf:Description rdf:about=\"http://example.org/a\"><ex:p>&secret;</ex:p></rdf:Description>\n"
      "</rdf:RDF>\n";
  std::vector<Quad> quads;
  try {
    quads = parseAll(doc, RdfFormat::kRdfXml, {});
  } catch (const ParseError&) {
    return;  // refusing the document is fine too
  }
  for (const auto& q : quads) EXPECT_TRUE(q.object.value.empty()) << q.object.value;
}

TEST(RdfXml, ReportsNamespacesAsPrefixes) {
  std::string doc = std::string(kHeader) + "</rdf:RDF>\n";
  std::map<std::string, std::string> seen;
  ParseOptions options;
  options.prefixSink = [&](const std::string& name, const std::string& iri) { seen[name] = iri; };
  parseRdfString(doc, RdfFormat::kRdfXml, options, [](Quad&&) {});
  EXPECT_EQ(seen["ex"], "http://example.org/");
  EXPECT_EQ(seen["rdf"], std::string(vocab::kRdf));
}
