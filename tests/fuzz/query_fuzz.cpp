// Fuzz target: SPARQL queries parsed, planned and run on the fixed store (fixed_store.h),
// each under a time cap, reading at most a bounded number of rows, then written in one of
// the result formats. Every failure must be a kg::Error; explain and parse are exercised too.
#include <ostream>
#include <streambuf>

#include "fixed_store.h"

namespace {

// Counts what is written and keeps nothing (results of cross products can be large).
class DiscardBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return c == traits_type::eof() ? 0 : c; }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

constexpr std::chrono::milliseconds kTimeCap{500};
constexpr uint64_t kRowCap = 2000;

}  // namespace

// The fixed store is built before the first input, so its setup is never counted against the
// first input's time limit (a busy machine once made that a "timeout" of the empty query).
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  kg::fuzz::fixedStore();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text = kg::fuzz::asText(data, size);
  kg::Database& db = kg::fuzz::fixedStore();
  kg::QueryOptions options;
  options.timeout = kTimeCap;
  options.baseIri = "http://base.example/";
  kg::fuzz::expectOnlyKgErrors([&] { kg::Database::parse(text); });
  kg::fuzz::expectOnlyKgErrors([&] {
    kg::QueryResult result = db.query(text, options);
    if (result.form() == kg::QueryForm::kAsk) {
      result.boolean();
      return;
    }
    kg::Solution row;
    while (result.rowCount() < kRowCap && result.next(row)) {
      if (result.form() == kg::QueryForm::kSelect && row.size() != result.variables().size()) {
        kg::fuzz::broken("a row has " + std::to_string(row.size()) + " cells for " +
                         std::to_string(result.variables().size()) + " variables");
      }
    }
  });
  // The writers, on a fresh run of the same query (the format chosen by the input's size).
  kg::fuzz::expectOnlyKgErrors([&] {
    static const kg::ResultFormat kFormats[] = {
        kg::ResultFormat::kJson,    kg::ResultFormat::kCsv,    kg::ResultFormat::kTsv,
        kg::ResultFormat::kTable,   kg::ResultFormat::kNTriples, kg::ResultFormat::kXml,
        kg::ResultFormat::kTurtle,  kg::ResultFormat::kRdfXml, kg::ResultFormat::kJsonLd};
    kg::QueryResult result = db.query(text, options);
    DiscardBuffer discard;
    std::ostream out(&discard);
    kg::writeResult(result, out, kFormats[size % (sizeof kFormats / sizeof kFormats[0])]);
  });
  kg::fuzz::expectOnlyKgErrors([&] { db.explain(text, size % 7 == 0, options); });
  return 0;
}
