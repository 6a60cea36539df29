// kg shell [--db DIR] and kg run [--db DIR] [--keep-going] SCRIPT: the entry points.
#include <iostream>

#include "cli_common.h"
#include "shell/repl.h"
#include "shell/script_runner.h"
#include "shell/session.h"
#include "shell/terminal.h"

namespace kg::cli {

int runShell(const std::vector<std::string>& args) {
  po::options_description desc("kg shell [--db DIR] [--keep-going]   (plain 'kg' does the same)");
  addStoreOptions(desc, false);
  desc.add_options()("keep-going", "when reading a script from stdin, go on after a failed statement");
  addMemoryLimitOption(desc);
  auto vm = parseArgs(args, desc);
  uint64_t memoryLimit = memoryLimitFrom(vm);
  bool created = false;
  auto store = shell::SessionStore::open(resolveDbPath(vm), created);
  bool interactive = shell::stdinIsTerminal();
  shell::Session session(std::move(store), interactive);
  session.settings().memoryLimit = memoryLimit;
  if (interactive) return shell::runInteractive(session, created);
  if (created) std::cerr << "kg: no store at " << session.store().path() << ": created an empty one\n";
  return shell::runScriptStream(session, std::cin, "<stdin>", vm.count("keep-going") > 0);
}

int runScript(const std::vector<std::string>& args) {
  po::options_description desc("kg run [--db DIR] [--keep-going] SCRIPT");
  addStoreOptions(desc, false);
  desc.add_options()
      ("keep-going", "run every statement even after one fails (the exit code still says so)")
      ("script", po::value<std::string>(), "the script file (statements and dot-commands; - = stdin)");
  addMemoryLimitOption(desc);
  auto vm = parseArgs(args, desc, "script", 1);
  uint64_t memoryLimit = memoryLimitFrom(vm);
  if (!vm.count("script")) throw UsageError("give a script file");
  std::string path = vm["script"].as<std::string>();
  bool created = false;
  auto store = shell::SessionStore::open(resolveDbPath(vm), created);
  if (created) std::cerr << "kg: no store at " << store->path() << ": created an empty one\n";
  shell::Session session(std::move(store), false);
  session.settings().memoryLimit = memoryLimit;
  bool keepGoing = vm.count("keep-going") > 0;
  if (path == "-") return shell::runScriptStream(session, std::cin, "<stdin>", keepGoing);
  return shell::runScriptFile(session, path, keepGoing);
}

}  // namespace kg::cli
