// Entities across documents through the public API: merges that move a merged entity's
// statements (and their provenance) onto the canonical entity, splits that restore the store
// exactly, chains of merges, extraction after a merge, document removal while merged, and
// the resolution rules (short names, acronyms, the alias table) applied at extraction.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "api/entity_resolution.h"
#include "kg/database.h"

namespace fs = std::filesystem;

namespace {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "kg-entities-test-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string sub(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

// Two documents as extraction writes them: Acme Holdings (document a) and AH Group (document
// b) both signed with Kenya; AH Group also opened an office. No resolution rule relates the
// two names, so only a merge by hand does.
const char* kStore = R"(
@prefix kg: <http://kg.local/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
kg:e.Acme_Holdings rdfs:label "Acme Holdings" ; a kg:Organization ; kg:r.signed kg:e.Kenya .
<< kg:e.Acme_Holdings rdfs:label "Acme Holdings" >> kg:source kg:src.a.0 .
<< kg:e.Acme_Holdings a kg:Organization >> kg:source kg:src.a.0 .
<< kg:e.Acme_Holdings kg:r.signed kg:e.Kenya >> kg:source kg:src.a.0 ; kg:evidence kg:ev.a0 .
kg:e.AH_Group rdfs:label "AH Group" ; a kg:Organization ; kg:r.signed kg:e.Kenya ;
  kg:r.opened "an office in Nairobi" .
<< kg:e.AH_Group rdfs:label "AH Group" >> kg:source kg:src.b.0 , kg:src.b.1 .
<< kg:e.AH_Group a kg:Organization >> kg:source kg:src.b.0 .
<< kg:e.AH_Group kg:r.signed kg:e.Kenya >> kg:source kg:src.b.0 ; kg:evidence kg:ev.b0 .
<< kg:e.AH_Group kg:r.opened "an office in Nairobi" >> kg:source kg:src.b.1 ; kg:evidence kg:ev.b1 .
kg:e.Kenya rdfs:label "Kenya" ; a kg:Country .
<< kg:e.Kenya rdfs:label "Kenya" >> kg:source kg:src.a.0 , kg:src.b.0 .
<< kg:e.Kenya a kg:Country >> kg:source kg:src.a.0 , kg:src.b.0 .
kg:src.a.0 a kg:Source ; kg:document <urn:doc:a> ; kg:text "Acme Holdings signed with Kenya." .
kg:src.b.0 a kg:Source ; kg:document <urn:doc:b> ; kg:text "AH Group signed with Kenya." .
kg:src.b.1 a kg:Source ; kg:document <urn:doc:b> ; kg:text "AH Group opened an office in Nairobi." .
kg:ev.a0 a kg:Evidence ; kg:source kg:src.a.0 ; kg:document <urn:doc:a> .
kg:ev.b0 a kg:Evidence ; kg:source kg:src.b.0 ; kg:document <urn:doc:b> .
kg:ev.b1 a kg:Evidence ; kg:source kg:src.b.1 ; kg:document <urn:doc:b> .
)";

// A third name for the same company, in document c: AH Holdings signed with Kenya too.
const char* kThird = R"(
@prefix kg: <http://kg.local/ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
kg:e.AH_Holdings rdfs:label "AH Holdings" ; kg:r.signed kg:e.Kenya .
<< kg:e.AH_Holdings rdfs:label "AH Holdings" >> kg:source kg:src.c.0 .
<< kg:e.AH_Holdings kg:r.signed kg:e.Kenya >> kg:source kg:src.c.0 .
kg:src.c.0 a kg:Source ; kg:document <urn:doc:c> ; kg:text "AH Holdings signed with Kenya." .
)";

kg::LoadOptions turtle() {
  kg::LoadOptions o;
  o.format = "ttl";
  return o;
}

// The store's quads, sorted (two stores number their terms differently), without the time a
// merge was made.
std::vector<std::string> sortedDump(kg::Database& db) {
  std::ostringstream out;
  db.dump(out);
  std::vector<std::string> lines;
  std::istringstream in(out.str());
  std::string line;
  while (std::getline(in, line))
    if (line.find("ns#created>") == std::string::npos) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

bool ask(kg::Database& db, const std::string& where) {
  auto r = db.query("PREFIX kg: <http://kg.local/ns#> ASK { " + where + " }");
  return r.boolean();
}

class EntityMergeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = kg::Database::open(dir.sub("db"));
    db->loadString(kStore, turtle());
  }
  std::unique_ptr<kg::Database> fresh(const std::string& name) {
    auto other = kg::Database::open(dir.sub(name));
    other->loadString(kStore, turtle());
    return other;
  }
  TempDir dir;
  std::unique_ptr<kg::Database> db;
};

}  // namespace

TEST_F(EntityMergeTest, MergeMovesStatementsAndSplitRestoresThemExactly) {
  auto before = sortedDump(*db);
  kg::EntityMerge m = db->mergeEntities("Acme Holdings", "kg:e.AH_Group", "same company");
  EXPECT_EQ(m.canonical, "http://kg.local/ns#e.Acme_Holdings");
  EXPECT_EQ(m.merged, "http://kg.local/ns#e.AH_Group");
  EXPECT_EQ(m.mergedLabel, "AH Group");
  EXPECT_EQ(m.canonicalLabel, "Acme Holdings");
  EXPECT_EQ(m.origin, "user");
  EXPECT_FALSE(m.created.empty());
  // facts about B are facts about A, with their provenance; B's label is an alias
  EXPECT_TRUE(ask(*db, "kg:e.Acme_Holdings kg:r.opened \"an office in Nairobi\""));
  EXPECT_TRUE(ask(*db, "<< kg:e.Acme_Holdings kg:r.opened \"an office in Nairobi\" >> kg:source kg:src.b.1 ; kg:evidence kg:ev.b1"));
  EXPECT_TRUE(ask(*db, "<< kg:e.Acme_Holdings kg:r.signed kg:e.Kenya >> kg:source kg:src.a.0 , kg:src.b.0"));
  EXPECT_TRUE(ask(*db, "kg:e.Acme_Holdings kg:alias \"AH Group\""));
  EXPECT_TRUE(ask(*db, "<< kg:e.Acme_Holdings kg:alias \"AH Group\" >> kg:source kg:src.b.1"));
  EXPECT_FALSE(ask(*db, "kg:e.Acme_Holdings <http://www.w3.org/2000/01/rdf-schema#label> \"AH Group\""));
  // the mention stays visible, the merge is recorded with its reason and origin
  EXPECT_TRUE(ask(*db, "kg:e.Acme_Holdings kg:mention kg:e.AH_Group"));
  EXPECT_TRUE(ask(*db, "?m a kg:Merge ; kg:canonical kg:e.Acme_Holdings ; kg:merged kg:e.AH_Group ; "
                       "kg:reason \"same company\" ; kg:origin \"user\" ; kg:created ?t"));
  EXPECT_FALSE(ask(*db, "kg:e.AH_Group ?p ?o"));
  EXPECT_FALSE(ask(*db, "<< kg:e.AH_Group ?p ?o >> kg:source ?s"));
  ASSERT_EQ(db->entityMerges().size(), 1u);
  EXPECT_EQ(db->findEntity("AH Group"), "http://kg.local/ns#e.Acme_Holdings");
  // one fact (signed Kenya) with two sources, not two facts
  auto r = db->query("PREFIX kg: <http://kg.local/ns#> SELECT ?o WHERE { kg:e.Acme_Holdings kg:r.signed ?o }");
  size_t rows = 0;
  kg::Solution row;
  while (r.next(row)) ++rows;
  EXPECT_EQ(rows, 1u);

  kg::EntityMerge s = db->splitEntities("Acme Holdings", "AH Group");
  EXPECT_EQ(s.record, m.record);
  EXPECT_EQ(sortedDump(*db), before);
  EXPECT_TRUE(db->entityMerges().empty());
}

TEST_F(EntityMergeTest, MergeErrors) {
  auto before = sortedDump(*db);
  auto fails = [&](const std::function<void()>& f, const std::string& words) {
    try {
      f();
      ADD_FAILURE() << "no error; expected: " << words;
    } catch (const kg::Error& e) {
      EXPECT_EQ(e.code(), kg::ErrorCode::kInvalidInput) << e.what();
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  fails([&] { db->mergeEntities("Acme Holdings", "Nobody Known"); }, "no entity named");
  fails([&] { db->mergeEntities("Acme Holdings", "Acme Holdings"); }, "into itself");
  fails([&] { db->mergeEntities("Acme Holdings", "kg:e.Nobody"); }, "says nothing about");
  fails([&] { db->splitEntities("Acme Holdings", "AH Group"); }, "no merge");
  EXPECT_EQ(sortedDump(*db), before);
  db->mergeEntities("Acme Holdings", "AH Group");
  fails([&] { db->mergeEntities("Kenya", "AH Group"); }, "already merged");
  fails([&] { db->mergeEntities("kg:e.AH_Group", "Kenya"); }, "is merged into");
  fails([&] { db->mergeEntities("Kenya", "Acme Holdings"); }, "canonical entity of other merges");
}

TEST_F(EntityMergeTest, ChainOfMergesSplitsOneAtATime) {
  db->loadString(kThird, turtle());
  auto original = sortedDump(*db);
  db->mergeEntities("Acme Holdings", "AH Group");
  db->mergeEntities("Acme Holdings", "AH Holdings");
  EXPECT_TRUE(ask(*db, "<< kg:e.Acme_Holdings kg:r.signed kg:e.Kenya >> kg:source kg:src.a.0 , kg:src.b.0 , kg:src.c.0"));
  EXPECT_EQ(db->entityMerges().size(), 2u);
  // splitting the first leaves exactly the store with the second merge only
  db->splitEntities("Acme Holdings", "AH Group");
  auto reference = fresh("reference");
  reference->loadString(kThird, turtle());
  reference->mergeEntities("Acme Holdings", "AH Holdings");
  EXPECT_EQ(sortedDump(*db), sortedDump(*reference));
  EXPECT_TRUE(ask(*db, "kg:e.Acme_Holdings kg:alias \"AH Holdings\""));
  EXPECT_TRUE(ask(*db, "kg:e.AH_Group kg:r.opened \"an office in Nairobi\""));
  db->splitEntities("Acme Holdings", "AH Holdings");
  EXPECT_EQ(sortedDump(*db), original);
}

TEST_F(EntityMergeTest, ChainSplitInTheOtherOrder) {
  db->loadString(kThird, turtle());
  auto original = sortedDump(*db);
  db->mergeEntities("Acme Holdings", "AH Group");
  db->mergeEntities("Acme Holdings", "AH Holdings");
  db->splitEntities("Acme Holdings", "AH Holdings");
  auto reference = fresh("reference");
  reference->loadString(kThird, turtle());
  reference->mergeEntities("Acme Holdings", "AH Group");
  EXPECT_EQ(sortedDump(*db), sortedDump(*reference));
  db->splitEntities("Acme Holdings", "AH Group");
  EXPECT_EQ(sortedDump(*db), original);
}

TEST_F(EntityMergeTest, ExtractionAfterAMergeGoesOntoTheCanonicalEntity) {
  kg::ExtractOptions o;
  o.documentIri = "urn:doc:later";
  const std::string text = "AH Group opened a factory in Mombasa.";
  db->mergeEntities("Acme Holdings", "AH Group");
  db->extractText(text, o);
  EXPECT_TRUE(ask(*db, "kg:e.Acme_Holdings ?p ?o . ?p <http://www.w3.org/2000/01/rdf-schema#label> \"opened\" . "
                       "<< kg:e.Acme_Holdings ?p ?o >> kg:source/kg:document <urn:doc:later>"));
  EXPECT_FALSE(ask(*db, "kg:e.AH_Group ?p ?o"));
  // the split gives what extracting without the merge gives
  db->splitEntities("Acme Holdings", "AH Group");
  auto reference = fresh("reference");
  reference->extractText(text, o);
  EXPECT_EQ(sortedDump(*db), sortedDump(*reference));
}

TEST_F(EntityMergeTest, RemovingADocumentWhileMerged) {
  db->mergeEntities("Acme Holdings", "AH Group");
  db->removeDocument("urn:doc:b");
  // what only document b supported is gone, from the canonical entity too
  EXPECT_FALSE(ask(*db, "kg:e.Acme_Holdings kg:r.opened ?o"));
  EXPECT_FALSE(ask(*db, "kg:e.Acme_Holdings kg:alias \"AH Group\""));
  EXPECT_TRUE(ask(*db, "kg:e.Acme_Holdings kg:r.signed kg:e.Kenya"));
  EXPECT_FALSE(ask(*db, "<< kg:e.Acme_Holdings kg:r.signed kg:e.Kenya >> kg:source kg:src.b.0"));
  // a merge by hand stays; splitting it gives the store without document b
  EXPECT_EQ(db->entityMerges().size(), 1u);
  db->splitEntities("Acme Holdings", "AH Group");
  auto reference = fresh("reference");
  reference->removeDocument("urn:doc:b");
  EXPECT_EQ(sortedDump(*db), sortedDump(*reference));
}

TEST_F(EntityMergeTest, RemovingTheCanonicalDocumentWhileMerged) {
  db->mergeEntities("Acme Holdings", "AH Group");
  db->removeDocument("urn:doc:a");
  EXPECT_TRUE(ask(*db, "kg:e.Acme_Holdings kg:r.opened \"an office in Nairobi\""));
  EXPECT_FALSE(ask(*db, "<< kg:e.Acme_Holdings kg:r.signed kg:e.Kenya >> kg:source kg:src.a.0"));
  db->splitEntities("Acme Holdings", "AH Group");
  auto reference = fresh("reference");
  reference->removeDocument("urn:doc:a");
  EXPECT_EQ(sortedDump(*db), sortedDump(*reference));
}

// Resolution at extraction: documents that name one person differently.
class EntityResolutionTest : public ::testing::Test {
 protected:
  std::unique_ptr<kg::Database> open(const std::string& name) { return kg::Database::open(dir.sub(name)); }
  static void extract(kg::Database& db, const std::string& iri, const std::string& text) {
    kg::ExtractOptions o;
    o.documentIri = iri;
    db.extractText(text, o);
  }
  TempDir dir;
  const std::string full = "President Xi Jinping criticized Washington for moving too fast.";
  const std::string shortForm = "Xi said China would respond.";
};

TEST_F(EntityResolutionTest, ShortNameInAnotherDocumentIsTheSamePerson) {
  auto db = open("db");
  extract(*db, "urn:doc:full", full);
  extract(*db, "urn:doc:short", shortForm);
  EXPECT_TRUE(ask(*db, "kg:e.Xi_Jinping kg:r.said \"China would respond\""));
  EXPECT_TRUE(ask(*db, "kg:e.Xi_Jinping kg:alias \"Xi\" ; kg:mention kg:e.Xi"));
  EXPECT_TRUE(ask(*db, "kg:e.Xi_Jinping kg:r.criticized kg:e.United_States"));
  auto merges = db->entityMerges();
  ASSERT_EQ(merges.size(), 1u);
  EXPECT_EQ(merges[0].origin, "automatic");
  EXPECT_NE(merges[0].reason.find("short form"), std::string::npos) << merges[0].reason;
  // the other order gives the same store
  auto other = open("other");
  extract(*other, "urn:doc:short", shortForm);
  extract(*other, "urn:doc:full", full);
  EXPECT_EQ(sortedDump(*db), sortedDump(*other));
}

TEST_F(EntityResolutionTest, RemovingEitherDocumentUndoesTheMerge) {
  auto onlyFull = open("full");
  extract(*onlyFull, "urn:doc:full", full);
  auto onlyShort = open("short");
  extract(*onlyShort, "urn:doc:short", shortForm);
  auto db = open("db");
  extract(*db, "urn:doc:full", full);
  extract(*db, "urn:doc:short", shortForm);
  db->removeDocument("urn:doc:short");
  EXPECT_EQ(sortedDump(*db), sortedDump(*onlyFull));
  auto db2 = open("db2");
  extract(*db2, "urn:doc:short", shortForm);
  extract(*db2, "urn:doc:full", full);
  db2->removeDocument("urn:doc:full");
  EXPECT_EQ(sortedDump(*db2), sortedDump(*onlyShort));
}

TEST_F(EntityResolutionTest, SplittingAnAutomaticMergeKeepsThemApart) {
  auto db = open("db");
  extract(*db, "urn:doc:full", full);
  extract(*db, "urn:doc:short", shortForm);
  db->splitEntities("Xi Jinping", "Xi");
  EXPECT_TRUE(ask(*db, "kg:e.Xi kg:r.said \"China would respond\""));
  extract(*db, "urn:doc:again", "Xi said the tariffs were unfair.");
  EXPECT_TRUE(db->entityMerges().empty());
  EXPECT_TRUE(ask(*db, "kg:e.Xi kg:keptApart kg:e.Xi_Jinping"));
}

TEST_F(EntityResolutionTest, AliasTableMergesEntitiesAlreadyExtracted) {
  auto db = open("db");
  extract(*db, "urn:doc:1", "Acme Holdings signed a deal with Kenya.");
  extract(*db, "urn:doc:2", "AH Group opened an office in Nairobi.");
  EXPECT_TRUE(db->entityMerges().empty());
  db->addAliases({{"Acme Holdings", "AH Group"}});
  auto merges = db->entityMerges();
  ASSERT_EQ(merges.size(), 1u);
  EXPECT_EQ(merges[0].origin, "alias table");
  EXPECT_EQ(merges[0].canonicalLabel, "Acme Holdings");
  EXPECT_TRUE(ask(*db, "kg:e.Acme_Holdings kg:alias \"AH Group\""));
}

TEST(EntityRules, ShortNamesAcronymsAndTheAliasTable) {
  using kg::entities::NamedEntity;
  auto person = [](std::string iri, std::string label) {
    NamedEntity e{std::move(iri), std::move(label)};
    e.person = true;
    return e;
  };
  std::vector<NamedEntity> es = {
      person("p:laura", "Laura Chen"),      NamedEntity{"p:chen", "Chen"},
      person("p:xi", "Xi Jinping"),         NamedEntity{"p:xishort", "Xi"},
      NamedEntity{"o:kfu", "Kenya Farmers Union"}, NamedEntity{"o:kfu2", "KFU"},
      person("p:wei", "Wei Li"),            person("p:liq", "Li Qiang"),
      NamedEntity{"p:li", "Li"},            NamedEntity{"c:kenya", "Kenya"},
      person("p:kenyan", "Kenya Smith"),    NamedEntity{"x:ah", "AH Group"},
      NamedEntity{"x:acme", "Acme Holdings"}, NamedEntity{"x:paris", "Paris"},
      person("p:paris", "Paris Hilton"),    NamedEntity{"p:boston", "Boston"},
      person("p:bc", "Boston College"),     NamedEntity{"p:american", "American"},
      person("p:ap", "American politician"), NamedEntity{"p:mitsu", "Mitsubishi"},
      person("p:me", "Mitsubishi Motors")};
  es[9].country = true;
  auto got = kg::entities::proposeMerges(es, {{"Acme Holdings", "AH Group"}});
  std::vector<std::string> pairs;
  for (const auto& p : got) pairs.push_back(p.merged + " -> " + p.canonical);
  std::sort(pairs.begin(), pairs.end());
  // Li is ambiguous (Wei Li, Li Qiang); Kenya is a country; Paris is a capital city; Boston
  // College and American politician are no person's names; Mitsubishi is too long to be a
  // family name before a given name
  EXPECT_EQ(pairs, (std::vector<std::string>{"o:kfu2 -> o:kfu", "p:chen -> p:laura",
                                             "p:xishort -> p:xi", "x:ah -> x:acme"}));
}
