// kg dump --db DIR [--format nquads|ntriples|turtle|trig] [--output FILE]
#include <iostream>

#include "cli_common.h"

namespace kg::cli {
namespace {

// N-Triples holds the default graph only: say so when named graphs are left out.
void warnAboutLeftOutGraphs(const Database& db, DumpFormat format) {
  if (format != DumpFormat::kNTriples) return;
  uint64_t leftOut = 0, graphs = 0;
  for (const auto& g : db.statistics().graphs) {
    if (g.graph.value.empty() || g.quads == 0) continue;
    leftOut += g.quads;
    ++graphs;
  }
  if (leftOut == 0) return;
  std::cerr << "kg dump: warning: N-Triples holds the default graph only: left out "
            << formatCount(leftOut) << (leftOut == 1 ? " quad" : " quads") << " in " << formatCount(graphs)
            << (graphs == 1 ? " named graph" : " named graphs") << " (use --format nquads)\n";
}

}  // namespace

int runDump(const std::vector<std::string>& args) {
  po::options_description desc("kg dump [--db DIR] [--format nquads|ntriples|turtle|trig] [--output FILE]");
  addStoreOptions(desc);
  desc.add_options()("format", po::value<std::string>()->default_value("nquads"),
                     "nquads or trig (every graph), ntriples or turtle (the default graph); "
                     "Turtle and TriG use the store's prefixes")(
      "output,o", po::value<std::string>(),
      "write to FILE, atomically (replaced only once the dump is complete); default stdout");
  auto vm = parseArgs(args, desc);
  std::string format = vm["format"].as<std::string>();
  DumpFormat dumpFormat;
  try {
    dumpFormat = dumpFormatNamed(format);
  } catch (const Error& e) {
    throw UsageError(e.what());
  }
  auto db = openDatabase(vm, true);
  warnAboutLeftOutGraphs(*db, dumpFormat);
  if (vm.count("output")) {
    uint64_t n = db->dumpFile(vm["output"].as<std::string>(), dumpFormat);
    std::cerr << "dumped " << n << " statements to " << vm["output"].as<std::string>() << "\n";
    return kOk;
  }
  std::ios::sync_with_stdio(false);
  db->dump(std::cout, dumpFormat);
  return kOk;
}

}  // namespace kg::cli
