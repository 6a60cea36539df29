// kg check --db DIR: verifies a store and says what is wrong with it.
#include <iostream>

#include "cli_common.h"

namespace kg::cli {

int runCheck(const std::vector<std::string>& args) {
  po::options_description desc("kg check [--db DIR]");
  addStoreOptions(desc, false);
  auto vm = parseArgs(args, desc);
  OpenOptions options;
  options.readOnly = true;          // checking changes nothing
  options.createIfMissing = false;  // and a missing store is a finding, not a new store
  auto db = Database::open(resolveDbPath(vm), options);
  CheckResult result = db->check();
  if (result.ok()) {
    std::cout << "ok: " << db->path() << ": " << formatCount(result.quads) << " quads, "
              << formatCount(result.blocks) << " index blocks and " << formatCount(result.terms)
              << " dictionary entries read; checksums, the six index orders, the statistics and "
                 "the dictionary agree\n";
    return kOk;
  }
  std::cerr << "kg check: " << db->path() << " is damaged (" << result.problems.size()
            << (result.problems.size() == 1 ? " problem" : " problems") << "):\n";
  for (const auto& p : result.problems) std::cerr << "  " << p << "\n";
  return kStorageFailure;
}

}  // namespace kg::cli
