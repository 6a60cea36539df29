// kg dump --db DIR [--format nquads|ntriples]
#include <iostream>

#include "cli_common.h"

namespace kg::cli {

int runDump(const std::vector<std::string>& args) {
  po::options_description desc("kg dump [--db DIR] [--format nquads|ntriples]");
  addStoreOptions(desc);
  desc.add_options()("format", po::value<std::string>()->default_value("nquads"),
                     "nquads (every graph) or ntriples (the default graph)");
  auto vm = parseArgs(args, desc);
  std::string format = vm["format"].as<std::string>();
  DumpFormat dumpFormat;
  if (format == "nquads" || format == "nq") {
    dumpFormat = DumpFormat::kNQuads;
  } else if (format == "ntriples" || format == "nt") {
    dumpFormat = DumpFormat::kNTriples;
  } else {
    throw UsageError("kg dump: unknown format '" + format + "' (use nquads or ntriples)");
  }
  auto db = openDatabase(vm, true);
  std::ios::sync_with_stdio(false);
  db->dump(std::cout, dumpFormat);
  return kOk;
}

}  // namespace kg::cli
