// kg stats --db DIR
#include <iomanip>
#include <iostream>

#include "cli_common.h"

namespace kg::cli {

int runStats(const std::vector<std::string>& args) {
  po::options_description desc("kg stats [--db DIR] [--compact]");
  addStoreOptions(desc);
  desc.add_options()("compact", "compact the store first (reports size after compaction)");
  auto vm = parseArgs(args, desc);
  bool compact = vm.count("compact") > 0;
  auto db = openDatabase(vm, !compact, false);
  if (compact) db->compact();
  StoreStatistics stats = db->statistics();
  std::cout << "store:       " << db->path() << "\n";
  std::cout << "quads:       " << formatCount(stats.quads) << "\n";
  std::cout << "terms:       " << formatCount(stats.terms) << "\n";
  std::cout << "graphs:      " << formatCount(stats.graphs.size()) << "\n";
  std::cout << "predicates:  " << formatCount(stats.predicates.size()) << "\n";
  std::cout << "disk:        " << formatBytes(stats.diskBytes);
  if (stats.quads > 0) {
    std::cout << " (" << std::fixed << std::setprecision(1)
              << static_cast<double>(stats.diskBytes) / stats.quads << " bytes per quad)";
  }
  std::cout << "\n";
  if (!stats.graphs.empty()) {
    std::cout << "\ngraph quads\n";
    for (const auto& g : stats.graphs) {
      std::cout << "  " << (g.graph.value.empty() ? std::string("(default graph)") : g.graph.toNTriples())
                << "  " << formatCount(g.quads) << "\n";
    }
  }
  if (!stats.predicates.empty()) {
    std::cout << "\npredicate  quads  distinct-subjects  distinct-objects\n";
    for (const auto& p : stats.predicates) {
      std::cout << "  " << p.predicate.toNTriples() << "  " << formatCount(p.quads) << "  "
                << formatCount(p.distinctSubjects) << "  " << formatCount(p.distinctObjects) << "\n";
    }
  }
  return kOk;
}

}  // namespace kg::cli
