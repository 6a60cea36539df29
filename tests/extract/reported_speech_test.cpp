// Reported speech in news text: speakers before an apposition, "told X that ...", inverted
// comments, trailing attributions, and linkages that misread a reporting clause.
#include <gtest/gtest.h>

#include <string>

#include "extract/extractor.h"

using namespace kg::extract;

namespace {

Extractor& shared() {
  static Extractor ex;
  return ex;
}

std::string dump(const ExtractionResult& r) {
  std::string s;
  for (const auto& f : r.facts)
    s += "  " + f.subject.text + " {" + f.subject.resolved + "} | " + f.relation + " | " +
         f.object.text + (f.graph ? "" : "  [not graph]") + (f.carb ? "" : "  [not carb]") + "\n";
  return s;
}

// A graph statement by `speaker` (surface or resolved) whose object is exactly `what`.
const Fact* statement(const ExtractionResult& r, const std::string& speaker,
                      const std::string& verb, const std::string& what) {
  for (const auto& f : r.facts)
    if (f.graph && f.kind == FactKind::kStatement && f.relation == verb &&
        (f.subject.text == speaker || f.subject.resolved == speaker) && f.object.text == what)
      return &f;
  return nullptr;
}

bool anyFact(const ExtractionResult& r, const std::string& relation, const std::string& subject) {
  for (const auto& f : r.facts)
    if (f.relation == relation &&
        (f.subject.text.find(subject) != std::string::npos || f.subject.resolved == subject))
      return true;
  return false;
}

}  // namespace

// link-grammar ranks first a reading of ", said the journalists" as an inverted comment
// without its closing comma; the subject of "said" then became the subject of "had broken".
TEST(ReportedSpeech, SpeakerBeforeNameAppositionIsNotSubjectOfTheClause) {
  auto r = shared().extract(
      "Its foreign minister, Dariusz Vell, said the journalists had broken national security "
      "laws.",
      "urn:rs1");
  const Fact* f =
      statement(r, "Dariusz Vell", "said", "the journalists had broken national security laws");
  ASSERT_NE(f, nullptr) << dump(r);
  EXPECT_TRUE(f->object.isLiteral);
  for (const auto& x : r.facts) {
    if (x.relation != "had broken") continue;
    EXPECT_EQ(x.subject.text, "the journalists") << dump(r);
  }
}

TEST(ReportedSpeech, SpeakerBeforeAppositionVariants) {
  struct Case {
    const char* text;
    const char* speaker;
    const char* clause;
  };
  const Case cases[] = {
      {"Its defence minister, Ana Petrova, said the pilots had violated the country's airspace.",
       "Ana Petrova", "the pilots had violated the country's airspace"},
      {"A government spokesman, Paul Okafor, said the soldiers had acted in self-defence.",
       "Paul Okafor", "the soldiers had acted in self-defence"},
      {"The company's chief executive, Maria Lopez, said the workers had violated their "
       "contracts.",
       "The company's chief executive", "the workers had violated their contracts"},
      // a name first, its description after it
      {"Joseph Otieno, the union's chairman, said farmers had not been consulted.",
       "Joseph Otieno", "farmers had not been consulted"},
  };
  for (const auto& c : cases) {
    auto r = shared().extract(c.text, "urn:rs2");
    EXPECT_NE(statement(r, c.speaker, "said", c.clause), nullptr) << c.text << "\n" << dump(r);
    // the clause after "said" is no attribution of its own (", said farmers had not ...")
    for (const auto& f : r.facts) {
      if (f.kind != FactKind::kStatement) continue;
      EXPECT_EQ(f.object.text.find(c.speaker), std::string::npos) << c.text << "\n" << dump(r);
    }
  }
}

TEST(ReportedSpeech, ToldReportersThat) {
  auto r = shared().extract(
      "Its interior minister, Amir Hassan, told reporters that the protesters had damaged "
      "public buildings.",
      "urn:rs3");
  // the graph: what was told; open IE: told | speaker | reporters | clause
  ASSERT_NE(statement(r, "Amir Hassan", "told", "the protesters had damaged public buildings"),
            nullptr)
      << dump(r);
  bool carb = false;
  for (const auto& f : r.facts)
    if (f.carb && f.relation == "told" && f.object.text == "reporters" && f.extras.size() == 1 &&
        f.extras[0].text == "the protesters had damaged public buildings")
      carb = true;
  EXPECT_TRUE(carb) << dump(r);
  for (const auto& f : r.facts)
    EXPECT_FALSE(f.graph && f.relation == "told" && f.object.text == "reporters") << dump(r);
}

TEST(ReportedSpeech, ToldReportersWithoutThat) {
  auto r = shared().extract(
      "The union's leader, Grace Njeri, told reporters the strike would continue.", "urn:rs4");
  ASSERT_NE(statement(r, "The union's leader", "told", "the strike would continue"), nullptr)
      << dump(r);
  // not an attribution after the clause ("reporters the strike would continue | told | ...")
  EXPECT_FALSE(anyFact(r, "told", "reporters")) << dump(r);
}

TEST(ReportedSpeech, InvertedCommentInsideTheSentence) {
  auto r = shared().extract("The economy, said the minister, is growing again.", "urn:rs5");
  EXPECT_NE(statement(r, "the minister", "said", "The economy is growing again"), nullptr)
      << dump(r);
  auto r2 = shared().extract(
      "The specialists, a trader said, were livid about the minister's recent remarks.",
      "urn:rs6");
  EXPECT_NE(statement(r2, "a trader", "said",
                      "The specialists were livid about the minister's recent remarks"),
            nullptr)
      << dump(r2);
}

TEST(ReportedSpeech, TrailingPresentTenseAttribution) {
  auto r = shared().extract(
      "The company won't show profits for at least five years, he adds.", "urn:rs7");
  EXPECT_NE(statement(r, "he", "adds", "The company won't show profits for at least five years"),
            nullptr)
      << dump(r);
}

// A position written against its owner ("the union's leader" -> "leader of union") still
// names the person where the sentence's subject repeats the apposition's words.
TEST(ReportedSpeech, PossessiveDescriptionBeforeNameIsThePerson) {
  auto r = shared().extract(
      "The union's leader, Grace Njeri, told reporters the strike would continue.", "urn:rs8");
  const Fact* f = statement(r, "Grace Njeri", "told", "the strike would continue");
  ASSERT_NE(f, nullptr) << dump(r);
  EXPECT_EQ(f->subject.resolved, "Grace Njeri");
}

// "according to X" before, inside or after the clause: X's statement in the graph, and the
// attribution as written for open IE.
TEST(ReportedSpeech, AccordingToAnywhereInTheSentence) {
  const char* texts[] = {
      "According to police, the suspects fled across the border.",
      "The suspects, according to police, fled across the border.",
      "The suspects fled across the border, according to police.",
  };
  for (const char* t : texts) {
    auto r = shared().extract(t, "urn:rs9");
    const Fact* f = nullptr;
    for (const auto& x : r.facts)
      if (x.graph && x.kind == FactKind::kStatement && x.subject.text == "police" &&
          x.relation == "said")
        f = &x;
    ASSERT_NE(f, nullptr) << t << "\n" << dump(r);
    EXPECT_TRUE(f->object.text == "the suspects fled across the border" ||
                f->object.text == "The suspects fled across the border")
        << f->object.text;
    bool written = false;
    for (const auto& x : r.facts)
      if (x.carb && !x.graph && (x.relation == "According to" || x.relation == "according to") &&
          x.object.text == "police")
        written = true;
    EXPECT_TRUE(written) << t << "\n" << dump(r);
  }
}

// A quotation that goes on in the next sentence, without an attribution of its own, is still
// its speaker's: one statement per quoted sentence, in the graph only.
TEST(ReportedSpeech, QuotationOverSeveralSentences) {
  auto r = shared().extract(
      "\"We will not accept this deal,\" said Maria Santos, the head of the farmers' "
      "association. \"It hurts small producers. Prices will fall.\" The talks resume on "
      "Monday. \"Nobody asked us.\"",
      "urn:rs10");
  const Fact* a = statement(r, "Maria Santos", "said", "It hurts small producers");
  const Fact* b = statement(r, "Maria Santos", "said", "Prices will fall");
  ASSERT_NE(a, nullptr) << dump(r);
  ASSERT_NE(b, nullptr) << dump(r);
  EXPECT_FALSE(a->carb);
  EXPECT_EQ(a->subject.entityIri, b->subject.entityIri);
  // a quotation after a sentence without one has no known speaker
  for (const auto& f : r.facts) EXPECT_NE(f.object.text, "Nobody asked us") << dump(r);
}

// Only a quotation with a speech verb next to it is parsed on its own; a quoted phrase of
// the sentence ("accused the company of `` ... ''") is parsed with the sentence.
TEST(ReportedSpeech, UnattributedQuotationIsPartOfItsSentence) {
  auto r = shared().extract(
      "He accused the company of \"using unfair means to obtain the stock at an unfair price.\"",
      "urn:rs11");
  bool accused = false;
  for (const auto& f : r.facts)
    if (f.subject.text == "He" && f.relation.rfind("accused", 0) == 0) accused = true;
  EXPECT_TRUE(accused) << dump(r);
  auto r2 = shared().extract("\"We will not accept this deal,\" said Maria Santos.", "urn:rs12");
  EXPECT_NE(statement(r2, "Maria Santos", "said", "We will not accept this deal"), nullptr)
      << dump(r2);
}

// A quoted phrase inside the clause does not stop an attribution after it.
TEST(ReportedSpeech, TrailingAttributionAfterAQuotedPhrase) {
  auto r = shared().extract(
      "Executions are also \"proper retribution\" for heinous crimes, Mr. Hatch argues.",
      "urn:rs13");
  bool found = false;
  for (const auto& f : r.facts)
    if (f.kind == FactKind::kStatement && f.relation == "argues" &&
        f.subject.text == "Mr. Hatch" && f.object.text.rfind("Executions are also", 0) == 0)
      found = true;
  EXPECT_TRUE(found) << dump(r);
}
