// Fuzz target: the store's dump. A TriG document that parses is loaded into an empty store;
// its dump, loaded into a second empty store, dumps the same statements (dump -> load -> dump
// is stable; blank node labels are scoped per load, so those statements are counted), and the
// statistics agree with the dump.
#include <algorithm>
#include <sstream>
#include <vector>

#include "fuzz_support.h"
#include "kg/database.h"

namespace {

kg::Database& store(int which) {
  static std::unique_ptr<kg::Database> first = kg::Database::open(kg::fuzz::scratchDirectory("dump1"));
  static std::unique_ptr<kg::Database> second = kg::Database::open(kg::fuzz::scratchDirectory("dump2"));
  return which == 0 ? *first : *second;
}

std::string dumpOf(const kg::Database& db) {
  std::ostringstream out;
  db.dump(out);
  return out.str();
}

uint64_t lines(const std::string& s) {
  uint64_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

// The statements without blank nodes, sorted.
std::vector<std::string> groundLines(const std::string& dump) {
  std::vector<std::string> out;
  std::istringstream in(dump);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find("_:") == std::string::npos) out.push_back(line);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

// The stores open before the first input (see query_fuzz.cpp).
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  store(0);
  store(1);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  kg::Database& a = store(0);
  kg::Database& b = store(1);
  a.update("DROP SILENT ALL");
  b.update("DROP SILENT ALL");
  kg::LoadOptions trig;
  trig.format = "trig";
  trig.baseIri = "http://base.example/";
  try {
    a.loadString(kg::fuzz::asText(data, size), trig);
  } catch (const kg::Error&) {
    if (a.statistics().quads != 0) kg::fuzz::broken("a failed load left quads in the store");
    return 0;
  }
  const std::string first = dumpOf(a);
  if (lines(first) != a.statistics().quads) kg::fuzz::broken("dump and statistics disagree");
  kg::LoadOptions nquads;
  nquads.format = "nq";
  try {
    b.loadString(first, nquads);
  } catch (const kg::Error& e) {
    kg::fuzz::broken(std::string("a dump does not load: ") + e.what() + "\n" + first);
  }
  // Blank node labels are scoped anew by each load, so statements with blank nodes are
  // compared by count, the others exactly.
  const std::string second = dumpOf(b);
  if (lines(second) != lines(first) || groundLines(second) != groundLines(first)) {
    kg::fuzz::broken("dump -> load -> dump changed:\n" + first + "---\n" + second);
  }
  return 0;
}
