// kg: the command-line client of the kg engine.
#include <cstring>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "cli_common.h"

namespace {

const char* kUsageText =
    "usage: kg <command> [options]\n"
    "\n"
    "commands:\n"
    "  load     --db DIR [--graph IRI] [--format nt|nq|ttl|trig|tsv] FILE...   load RDF (.gz ok, - = stdin)\n"
    "  dump     --db DIR [--format nquads|ntriples]                           write the store as RDF\n"
    "  stats    --db DIR                                                       counts and size\n"
    "  query    --db DIR [--format table|json|csv|tsv|nt] (QUERY | --file FILE) run a SPARQL query\n"
    "  update   --db DIR (UPDATE | --file FILE)                                run a SPARQL update\n"
    "  explain  --db DIR [--analyze] (QUERY | --file FILE)                     show the query plan\n"
    "  parse    (QUERY | --file FILE)                                          check syntax\n"
    "  extract  [--db DIR | --out FILE] [--jobs N] [--show] INPUT...          facts from English text (files, dirs, .jsonl, -)\n"
    "  entities --db DIR (load FILE | list)                                   the store's entity alias table (TSV)\n"
    "  index    text [--on|--off] [--predicates IRI...] | rebuild | labels PREFIX  the text index\n"
    "  shell    [--db DIR]                                                     the interactive REPL (also plain 'kg')\n"
    "  run      [--db DIR] [--keep-going] SCRIPT                               run a script of statements and dot-commands\n"
    "\n"
    "Without --db, the store is $KG_DB, then ./kg.db. 'kg <command> --help' describes a command.\n"
    "exit codes: 0 success, 1 bad query or input, 2 wrong usage, 3 storage or I/O failure\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace kg::cli;
  std::map<std::string, Command> commands = {
      {"load", runLoad},
      {"dump", runDump},
      {"stats", runStats},
      {"query", runQuery},
      {"update", runUpdate},
      {"explain", runExplain},
      {"parse", runParse},
      {"extract", runExtract},
      {"entities", runEntities},
      {"index", runIndex},
      {"shell", runShell},
      {"run", runScript},
  };
  if (argc >= 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
                    std::strcmp(argv[1], "help") == 0)) {
    std::cout << kUsageText;
    return kOk;
  }
  // Plain `kg` opens the REPL; so do options without a command (`kg --db DIR`).
  bool shellOptions = argc >= 2 && std::strncmp(argv[1], "--", 2) == 0;
  std::string name = argc < 2 || shellOptions ? "shell" : argv[1];
  int firstArg = argc < 2 || shellOptions ? 1 : 2;
  auto it = commands.find(name);
  if (it == commands.end()) {
    std::cerr << "kg: unknown command '" << name << "'\n" << kUsageText;
    return kUsage;
  }
  std::vector<std::string> args(argv + firstArg, argv + argc);
  try {
    return it->second(args);
  } catch (const HelpShown&) {
    return kOk;
  } catch (const UsageError& e) {
    std::cerr << "kg " << name << ": " << e.what() << "\n";
    return kUsage;
  } catch (const kg::Error& e) {
    return reportError(e);
  } catch (const std::exception& e) {
    std::cerr << "kg: internal error: " << e.what() << "\n";
    return kStorageFailure;
  }
}
