// Fuzz target: SPARQL Update on a scratch store that starts as the fixed data. An update
// either succeeds or throws a kg::Error, and one that fails changes nothing: the store's
// dump is the same before and after. The store is reset now and then so it stays small.
#include <sstream>

#include "fixed_store.h"

namespace {

kg::Database& scratchStore() {
  static std::unique_ptr<kg::Database> db = kg::Database::open(kg::fuzz::scratchDirectory("update"));
  return *db;
}

void reset(kg::Database& db) {
  db.update("DROP SILENT ALL");
  kg::LoadOptions o;
  o.format = "trig";
  db.loadString(kg::fuzz::kFixedData, o);
}

std::string dumpOf(const kg::Database& db) {
  std::ostringstream out;
  db.dump(out);
  return out.str();
}

}  // namespace

// The scratch store opens before the first input (see query_fuzz.cpp).
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  scratchStore();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static int runs = 0;
  kg::Database& db = scratchStore();
  if (runs++ % 64 == 0 || db.statistics().quads > 2000) reset(db);
  static const std::string noFiles = kg::fuzz::scratchDirectory("update-load");
  kg::UpdateOptions options;
  options.timeout = std::chrono::milliseconds(500);
  options.baseIri = "http://base.example/";
  options.allowedLoadDirectories = {noFiles};
  const std::string before = dumpOf(db);
  try {
    db.update(kg::fuzz::asText(data, size), options);
  } catch (const kg::Error& e) {
    if (dumpOf(db) != before) kg::fuzz::broken(std::string("a failed update changed the store: ") + e.what());
  }
  return 0;
}
