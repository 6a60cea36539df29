// The public C++ API (kg/database.h, kg/query.h, kg/transaction.h): every operation, the
// error contract, transactions, snapshots, cancellation and concurrent readers beside a writer.
#include <gtest/gtest.h>

#include <functional>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <thread>

#include "kg/database.h"
#include "kg/transaction.h"

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

const std::string kEx = "http://example.org/";

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "kg-api-test-XXXXXX").string();
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

const char* kPeople = R"(
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:alice ex:name "Alice" ; ex:age 34 ; ex:knows ex:bob .
ex:bob ex:name "Bob" ; ex:age 27 ; ex:knows ex:carol .
ex:carol ex:name "Carol"@en ; ex:age 41 .
)";

kg::LoadOptions turtle() {
  kg::LoadOptions o;
  o.format = "ttl";
  return o;
}

std::vector<kg::Solution> all(kg::QueryResult result) {
  std::vector<kg::Solution> rows;
  kg::Solution row;
  while (result.next(row)) rows.push_back(row);
  return rows;
}

uint64_t countOf(kg::QueryResult result) {
  kg::Solution row;
  EXPECT_TRUE(result.next(row));
  EXPECT_TRUE(row.at(0).has_value());
  return std::stoull(row.at(0)->value);
}

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = kg::Database::open(dir.sub("db"));
    db->loadString(kPeople, turtle());
  }
  TempDir dir;
  std::unique_ptr<kg::Database> db;
};

TEST_F(ApiTest, OpenCreatesAndReopensReadOnly) {
  EXPECT_EQ(db->path(), dir.sub("db"));
  EXPECT_FALSE(db->readOnly());
  db.reset();
  kg::OpenOptions options;
  options.readOnly = true;
  options.cacheBytes = 8 << 20;
  auto ro = kg::Database::open(dir.sub("db"), options);
  EXPECT_TRUE(ro->readOnly());
  EXPECT_EQ(countOf(ro->query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")), 8u);
  EXPECT_THROW(ro->loadString("<a:x> <a:y> <a:z> .", [] {
    kg::LoadOptions o;
    o.format = "nt";
    return o;
  }()),
               kg::Error);
  try {
    ro->begin();
    FAIL() << "begin on a read-only database";
  } catch (const kg::Error& e) {
    EXPECT_EQ(e.code(), kg::ErrorCode::kUsage);
  }
}

TEST_F(ApiTest, OpenErrors) {
  try {
    kg::Database::open("");
    FAIL();
  } catch (const kg::Error& e) {
    EXPECT_EQ(e.code(), kg::ErrorCode::kUsage);
  }
  kg::OpenOptions noCreate;
  noCreate.createIfMissing = false;
  EXPECT_THROW(kg::Database::open(dir.sub("absent"), noCreate), kg::Error);
}

TEST_F(ApiTest, LoadFromFilesAndStrings) {
  std::string path = dir.sub("more.nt");
  std::ofstream(path) << "<http://example.org/dave> <http://example.org/name> \"Dave\" .\n";
  kg::LoadResult r = db->load(path);
  EXPECT_EQ(r.statements, 1u);
  EXPECT_EQ(r.added, 1u);
  r = db->load(path);  // again: nothing new
  EXPECT_EQ(r.added, 0u);
  EXPECT_EQ(countOf(db->query("SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/name> ?o }")),
            4u);
}

TEST_F(ApiTest, BadInputIsPositionedAndChangesNothing) {
  std::string good = dir.sub("good.nt"), bad = dir.sub("bad.nt");
  std::ofstream(good) << "<http://example.org/x> <http://example.org/p> \"1\" .\n";
  std::ofstream(bad) << "<http://example.org/y> <http://example.org/p> \"2\" .\n"
                        "<http://example.org/y> <http://example.org/p> oops .\n";
  try {
    db->load(std::vector<std::string>{good, bad});
    FAIL() << "no error";
  } catch (const kg::PositionedError& e) {
    EXPECT_EQ(e.code(), kg::ErrorCode::kInvalidInput);
    EXPECT_EQ(e.line(), 2u);
    EXPECT_GT(e.column(), 1u);
    EXPECT_NE(e.file().find("bad.nt"), std::string::npos);
  }
  EXPECT_EQ(countOf(db->query("SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/p> ?o }")),
            0u);
  try {
    db->load(dir.sub("missing.nt"));
    FAIL();
  } catch (const kg::Error& e) {
    EXPECT_EQ(e.code(), kg::ErrorCode::kIo);
  }
}

TEST_F(ApiTest, QueryStreamsTypedTerms) {
  kg::QueryResult result = db->query(
      "PREFIX ex: <http://example.org/> "
      "SELECT ?p ?name ?age WHERE { ?p ex:name ?name ; ex:age ?age } ORDER BY ?age");
  EXPECT_EQ(result.form(), kg::QueryForm::kSelect);
  ASSERT_EQ(result.variables(), (std::vector<std::string>{"p", "name", "age"}));
  kg::Solution row;
  ASSERT_TRUE(result.next(row));
  EXPECT_EQ(result.rowCount(), 1u);
  EXPECT_EQ(*row[0], kg::Term::iri(kEx + "bob"));
  EXPECT_EQ(row[1]->value, "Bob");
  EXPECT_EQ(row[2]->datatype, kg::vocab::kXsdInteger);
  EXPECT_EQ(row[2]->value, "27");
  ASSERT_TRUE(result.next(row));
  ASSERT_TRUE(result.next(row));
  EXPECT_EQ(row[1]->language, "en");
  EXPECT_FALSE(result.next(row));
  EXPECT_EQ(result.rowCount(), 3u);
}

TEST_F(ApiTest, UnboundCellsAreEmpty) {
  auto rows = all(db->query(
      "PREFIX ex: <http://example.org/> "
      "SELECT ?p ?friend WHERE { ?p ex:name ?n OPTIONAL { ?p ex:knows ?friend } } ORDER BY ?p"));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_TRUE(rows[0][1].has_value());
  EXPECT_FALSE(rows[2][1].has_value());  // carol knows nobody
}

TEST_F(ApiTest, AskAndConstruct) {
  auto ask = db->query("ASK { <http://example.org/alice> <http://example.org/knows> ?x }");
  EXPECT_EQ(ask.form(), kg::QueryForm::kAsk);
  EXPECT_TRUE(ask.boolean());
  auto construct = db->query(
      "CONSTRUCT { ?b <http://example.org/knownBy> ?a } WHERE { ?a <http://example.org/knows> ?b }");
  EXPECT_EQ(construct.form(), kg::QueryForm::kConstruct);
  EXPECT_EQ(all(std::move(construct)).size(), 2u);
}

TEST_F(ApiTest, SyntaxErrorsCarryPositions) {
  try {
    db->query("SELECT ?x WHERE {\n  ?x ?y \n}");
    FAIL();
  } catch (const kg::PositionedError& e) {
    EXPECT_EQ(e.code(), kg::ErrorCode::kSyntax);
    EXPECT_EQ(e.line(), 3u);
    EXPECT_GE(e.column(), 1u);
  }
  try {
    db->update("INSERT DATA { <a:x> <a:y> }");
    FAIL();
  } catch (const kg::PositionedError& e) {
    EXPECT_EQ(e.code(), kg::ErrorCode::kSyntax);
    EXPECT_EQ(e.line(), 1u);
    EXPECT_GT(e.column(), 20u);
  }
  EXPECT_THROW(kg::Database::parse("SELEKT *"), kg::PositionedError);
  EXPECT_FALSE(kg::Database::parse("SELECT * WHERE { ?s ?p ?o }").empty());
}

TEST_F(ApiTest, ParametersAreBoundByName) {
  kg::QueryOptions options;
  options.parameters["person"] = kg::Term::iri(kEx + "alice");
  auto rows = all(db->query(
      "SELECT ?name WHERE { ?person <http://example.org/name> ?name }", options));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0]->value, "Alice");

  // A literal with quotes and braces is a value, never query text.
  options.parameters.clear();
  options.parameters["?name"] = kg::Term::literal("x\" } ; DROP ALL ; {");
  EXPECT_TRUE(all(db->query("SELECT ?p WHERE { ?p <http://example.org/name> ?name }", options))
                  .empty());
  options.parameters.clear();
  options.parameters["nosuch"] = kg::Term::literal("1");
  try {
    all(db->query("SELECT ?p WHERE { ?p <http://example.org/name> ?n }", options));
    FAIL();
  } catch (const kg::Error& e) {
    EXPECT_EQ(e.code(), kg::ErrorCode::kUsage);
  }
}

TEST_F(ApiTest, ValueParametersCompareNumbersByValue) {
  db->loadString("<http://example.org/f1> <http://example.org/conf> \"0.900\"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n"
                 "<http://example.org/f2> <http://example.org/conf> \"9E-1\"^^<http://www.w3.org/2001/XMLSchema#double> .\n"
                 "<http://example.org/f3> <http://example.org/conf> \"0.95\"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n",
                 [] {
                   kg::LoadOptions o;
                   o.format = "nt";
                   return o;
                 }());
  const std::string query =
      "SELECT ?f ?c WHERE { ?f <http://example.org/conf> ?c } ORDER BY ?f";
  kg::QueryOptions options;
  // Bound as a term, the double "0.9" matches neither stored spelling.
  options.parameters["c"] = kg::Term::literal("0.9", "http://www.w3.org/2001/XMLSchema#double");
  EXPECT_TRUE(all(db->query(query, options)).empty());
  // Compared by value, it finds both, and the rows keep the stored terms.
  options.parameters.clear();
  options.valueParameters["?c"] = kg::Term::literal("0.9", "http://www.w3.org/2001/XMLSchema#double");
  auto rows = all(db->query(query, options));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0][0]->value, kEx + "f1");
  EXPECT_EQ(rows[0][1]->value, "0.900");
  EXPECT_EQ(rows[1][1]->value, "9E-1");
  // The parsed query is not changed by a run with value parameters.
  kg::PreparedQuery prepared = db->prepare(query);
  EXPECT_EQ(all(prepared.run({}, options)).size(), 2u);
  EXPECT_EQ(all(prepared.run({})).size(), 3u);
  // Unknown variables are refused, as for bound parameters (also one used only in a FILTER).
  options.valueParameters = {{"nosuch", kg::Term::literal("1", "http://www.w3.org/2001/XMLSchema#integer")}};
  EXPECT_THROW(all(db->query(query, options)), kg::Error);
  options.valueParameters = {{"x", kg::Term::literal("1", "http://www.w3.org/2001/XMLSchema#integer")}};
  EXPECT_THROW(all(db->query("SELECT ?f WHERE { ?f ?p ?c FILTER(?x = 1) }", options)), kg::Error);
}

TEST_F(ApiTest, PreparedQueryRunsManyTimes) {
  kg::PreparedQuery prepared = db->prepare(
      "PREFIX ex: <http://example.org/> SELECT ?name WHERE { ?p ex:name ?name ; ex:age ?age }");
  EXPECT_EQ(prepared.form(), kg::QueryForm::kSelect);
  auto age = [](int n) { return kg::Term::literal(std::to_string(n), std::string(kg::vocab::kXsdInteger)); };
  auto rows = all(prepared.run({{"age", age(27)}}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0]->value, "Bob");
  rows = all(prepared.run({{"?age", age(41)}}));
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0]->value, "Carol");
  EXPECT_EQ(all(prepared.run()).size(), 3u);
  // It sees data committed after it was prepared.
  db->update("INSERT DATA { <http://example.org/erin> <http://example.org/name> \"Erin\" ; "
             "<http://example.org/age> 27 }");
  EXPECT_EQ(all(prepared.run({{"age", age(27)}})).size(), 2u);
  EXPECT_THROW(db->prepare("SELECT ?x WHERE {"), kg::PositionedError);
}

TEST_F(ApiTest, UpdateIsAtomic) {
  kg::UpdateResult r = db->update(
      "PREFIX ex: <http://example.org/> "
      "DELETE { ?p ex:age ?a } INSERT { ?p ex:age ?b } WHERE { ?p ex:age ?a BIND(?a + 1 AS ?b) }");
  EXPECT_EQ(r.inserted, 3u);
  EXPECT_EQ(r.deleted, 3u);
  // The second operation fails (LOAD of a missing file): the first is undone too.
  EXPECT_THROW(db->update("INSERT DATA { <http://example.org/z> <http://example.org/p> 1 } ; "
                          "LOAD <file:///nonexistent/kg-nothing.nt>"),
               kg::Error);
  EXPECT_FALSE(db->query("ASK { <http://example.org/z> ?p ?o }").boolean());
}

TEST_F(ApiTest, ExplainAndStatistics) {
  std::string plan = db->explain("SELECT * WHERE { ?s <http://example.org/name> ?o }");
  EXPECT_FALSE(plan.empty());
  std::string analyzed = db->explain("SELECT * WHERE { ?s <http://example.org/name> ?o }", true);
  EXPECT_NE(analyzed.find("total: 3 rows"), std::string::npos) << analyzed;
  kg::StoreStatistics stats = db->statistics();
  EXPECT_EQ(stats.quads, 8u);
  ASSERT_FALSE(stats.predicates.empty());
  EXPECT_EQ(stats.predicates[0].quads, 3u);
}

TEST_F(ApiTest, TransactionGroupsLoadsAndUpdates) {
  kg::Transaction tx = db->begin();
  EXPECT_TRUE(tx.active());
  tx.loadString("<http://example.org/dave> <http://example.org/name> \"Dave\" .", [] {
    kg::LoadOptions o;
    o.format = "nt";
    return o;
  }());
  tx.update("INSERT DATA { <http://example.org/dave> <http://example.org/age> 50 }");
  // The transaction sees its writes; other readers do not.
  EXPECT_TRUE(tx.query("ASK { <http://example.org/dave> <http://example.org/age> 50 }").boolean());
  EXPECT_FALSE(db->query("ASK { <http://example.org/dave> ?p ?o }").boolean());
  // A failing statement inside leaves the transaction as it was.
  EXPECT_THROW(tx.loadString("<http://example.org/x> <http://example.org/p> broken", [] {
    kg::LoadOptions o;
    o.format = "nt";
    return o;
  }()),
               kg::PositionedError);
  EXPECT_THROW(tx.update("INSERT DATA { <a:b> }"), kg::PositionedError);
  EXPECT_TRUE(tx.active());
  kg::Transaction::CommitResult r = tx.commit();
  EXPECT_EQ(r.added, 2u);
  EXPECT_FALSE(tx.active());
  EXPECT_TRUE(db->query("ASK { <http://example.org/dave> <http://example.org/age> 50 }").boolean());
  EXPECT_FALSE(db->query("ASK { <http://example.org/x> ?p ?o }").boolean());
  try {
    tx.update("INSERT DATA { <a:b> <a:c> <a:d> }");
    FAIL();
  } catch (const kg::Error& e) {
    EXPECT_EQ(e.code(), kg::ErrorCode::kUsage);
  }
}

TEST_F(ApiTest, RollbackAndDestructorDiscard) {
  {
    kg::Transaction tx = db->begin();
    tx.update("INSERT DATA { <http://example.org/t1> <http://example.org/p> 1 }");
    tx.rollback();
    EXPECT_FALSE(tx.active());
    tx.rollback();  // no-op
  }
  {
    kg::Transaction tx = db->begin();
    tx.update("INSERT DATA { <http://example.org/t2> <http://example.org/p> 1 }");
  }  // destroyed: rolled back, writer lock released
  EXPECT_FALSE(db->query("ASK { ?s <http://example.org/p> 1 }").boolean());
  db->update("INSERT DATA { <http://example.org/t3> <http://example.org/p> 1 }");
  EXPECT_TRUE(db->query("ASK { ?s <http://example.org/p> 1 }").boolean());
}

TEST_F(ApiTest, SecondBeginOnSameThreadIsAnError) {
  kg::Transaction tx = db->begin();
  try {
    db->begin();
    FAIL();
  } catch (const kg::Error& e) {
    EXPECT_EQ(e.code(), kg::ErrorCode::kUsage);
  }
  tx.commit();
  kg::Transaction again = db->begin();  // fine once the first ended
  again.rollback();
}

TEST_F(ApiTest, WritersOnOtherThreadsWaitForTheTransaction) {
  kg::Transaction tx = db->begin();
  std::atomic<bool> done{false};
  std::thread writer([&] {
    db->update("INSERT DATA { <http://example.org/w> <http://example.org/p> 2 }");
    done = true;
  });
  std::this_thread::sleep_for(200ms);
  EXPECT_FALSE(done.load());
  // Readers are not blocked meanwhile.
  EXPECT_EQ(countOf(db->query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")), 8u);
  tx.update("INSERT DATA { <http://example.org/v> <http://example.org/p> 1 }");
  tx.commit();
  writer.join();
  EXPECT_TRUE(done.load());
  EXPECT_EQ(countOf(db->query("SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/p> ?o }")),
            2u);
}

TEST_F(ApiTest, SnapshotIsStable) {
  kg::Snapshot snap = db->snapshot();
  db->update("INSERT DATA { <http://example.org/new> <http://example.org/name> \"New\" }");
  const char* count = "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/name> ?o }";
  EXPECT_EQ(countOf(snap.query(count)), 3u);
  EXPECT_EQ(countOf(db->query(count)), 4u);
  EXPECT_EQ(snap.statistics().quads, 8u);
  kg::PreparedQuery prepared = db->prepare("SELECT ?o WHERE { ?s <http://example.org/name> ?o }");
  EXPECT_EQ(all(snap.query(prepared)).size(), 3u);
  EXPECT_EQ(all(snap.query(prepared, {{"s", kg::Term::iri(kEx + "new")}})).size(), 0u);
  EXPECT_EQ(all(db->snapshot().query(prepared, {{"s", kg::Term::iri(kEx + "new")}})).size(), 1u);
}

// A write through the Database on the thread that holds an open transaction would wait for
// itself forever: it is refused with a usage error instead, and works again after commit.
TEST_F(ApiTest, WritesBesideAnOpenTransactionOnTheSameThreadAreRefused) {
  kg::LoadOptions nt;
  nt.format = "nt";
  {
    kg::Transaction tx = db->begin();
    for (auto write : std::vector<std::function<void()>>{
             [&] { db->loadString("<a:x> <a:y> <a:z> .", nt); },
             [&] { db->update("INSERT DATA { <a:x> <a:y> <a:w> }"); },
             [&] { db->removeDocument("urn:doc:none"); },
         }) {
      try {
        write();
        FAIL() << "a nested write went through";
      } catch (const kg::Error& e) {
        EXPECT_EQ(e.code(), kg::ErrorCode::kUsage) << e.what();
      }
    }
    tx.commit();
  }
  db->loadString("<a:x> <a:y> <a:z> .", nt);
  EXPECT_EQ(countOf(db->query("SELECT (COUNT(*) AS ?n) WHERE { <a:x> ?p ?o }")), 1u);
}

class BigApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = kg::Database::open(dir.sub("db"));
    std::ostringstream nt;
    for (int i = 0; i < 1000; ++i) {
      nt << "<http://example.org/a" << i << "> <http://example.org/p> " << i << " .\n";
      nt << "<http://example.org/b" << i << "> <http://example.org/q> " << i << " .\n";
    }
    kg::LoadOptions o;
    o.format = "ttl";  // bare numbers
    db->loadString(nt.str(), o);
  }
  static constexpr const char* kCross =
      "SELECT ?a ?b WHERE { ?a <http://example.org/p> ?x . ?b <http://example.org/q> ?y }";
  TempDir dir;
  std::unique_ptr<kg::Database> db;
};

TEST_F(BigApiTest, MillionRowsStream) {
  kg::QueryResult result = db->query(kCross);
  kg::Solution row;
  uint64_t n = 0;
  while (result.next(row)) ++n;
  EXPECT_EQ(n, 1000000u);
}

TEST_F(BigApiTest, Timeout) {
  kg::QueryOptions options;
  options.timeout = 20ms;
  try {
    all(db->query(kCross, options));
    FAIL() << "no timeout";
  } catch (const kg::Error& e) {
    EXPECT_EQ(e.code(), kg::ErrorCode::kTimeout);
  }
}

TEST_F(BigApiTest, CancelFromAnotherThread) {
  kg::QueryOptions options;
  options.cancel = std::make_shared<kg::CancelToken>();
  kg::QueryResult result = db->query(kCross, options);
  kg::Solution row;
  ASSERT_TRUE(result.next(row));
  std::thread canceller([&] { options.cancel->cancel(); });
  canceller.join();
  try {
    while (result.next(row)) {
    }
    FAIL() << "not cancelled";
  } catch (const kg::Error& e) {
    EXPECT_EQ(e.code(), kg::ErrorCode::kCancelled);
  }
}

// Four readers query while a writer adds batches (plain loads and transactions). Each batch
// adds kPerBatch members of a group plus the group's declared size, in one atomic step; a
// reader must never see a group whose member count differs from its size, and two queries on
// one Snapshot must agree with each other.
TEST(ApiConcurrency, ReadersSeeConsistentSnapshotsWhileAWriterLoads) {
  TempDir dir;
  auto db = kg::Database::open(dir.sub("db"));
  constexpr int kBatches = 40;
  constexpr int kPerBatch = 50;
  auto batch = [&](int b) {
    std::ostringstream nt;
    for (int j = 0; j < kPerBatch; ++j) {
      nt << "<http://example.org/g" << b << "> <http://example.org/member> <http://example.org/m"
         << b << "_" << j << "> .\n";
    }
    return nt.str();
  };
  std::atomic<bool> stop{false};
  std::atomic<int> failures{0};
  std::atomic<uint64_t> queries{0};
  auto reader = [&] {
    uint64_t lastGroups = 0;
    while (!stop.load()) {
      try {
        auto rows = all(db->query(
            "SELECT ?g ?size (COUNT(?m) AS ?n) WHERE { ?g <http://example.org/size> ?size . "
            "?g <http://example.org/member> ?m } GROUP BY ?g ?size"));
        for (const auto& row : rows) {
          if (row[1]->value != row[2]->value) ++failures;
        }
        if (rows.size() < lastGroups) ++failures;  // snapshots only move forward
        lastGroups = rows.size();
        kg::Snapshot snap = db->snapshot();
        uint64_t members =
            countOf(snap.query("SELECT (COUNT(*) AS ?n) WHERE { ?g <http://example.org/member> ?m }"));
        uint64_t groups =
            countOf(snap.query("SELECT (COUNT(*) AS ?n) WHERE { ?g <http://example.org/size> ?s }"));
        if (members != groups * kPerBatch) ++failures;
        queries += 3;
      } catch (const std::exception& e) {
        ADD_FAILURE() << "reader: " << e.what();
        ++failures;
        return;
      }
    }
  };
  std::vector<std::thread> readers;
  for (int i = 0; i < 4; ++i) readers.emplace_back(reader);
  while (queries.load() < 12 && failures.load() == 0) std::this_thread::sleep_for(1ms);
  uint64_t before = queries.load();
  kg::LoadOptions ttl;
  ttl.format = "ttl";  // bare numbers
  try {
    for (int b = 0; b < kBatches; ++b) {
      std::string size = "<http://example.org/g" + std::to_string(b) +
                         "> <http://example.org/size> " + std::to_string(kPerBatch) + " .\n";
      if (b % 2 == 0) {
        db->loadString(batch(b) + size, ttl);
      } else {
        kg::Transaction tx = db->begin();
        tx.loadString(batch(b), ttl);
        tx.update("INSERT DATA { " + size + " }");
        tx.commit();
      }
    }
  } catch (const std::exception& e) {
    ADD_FAILURE() << "writer: " << e.what();
  }
  stop = true;
  for (auto& t : readers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(queries.load(), before);  // reads overlapped the writes
  std::cout << "[ info ] " << (queries.load() - before) << " reader queries ran during "
            << kBatches << " writes\n";
  EXPECT_EQ(countOf(db->query("SELECT (COUNT(*) AS ?n) WHERE { ?g <http://example.org/member> ?m }")),
            uint64_t{kBatches} * kPerBatch);
}

}  // namespace
