// kg: the command-line client of the kg engine.
#include <cstring>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "cli_common.h"
#include "kg/version.h"

namespace {

const char* kUsageText =
    "usage: kg <command> [options]\n"
    "\n"
    "commands (every option; 'kg <command> --help' explains each):\n"
    "  load     [--db DIR] [--graph IRI] [--format nt|nq|ttl|trig|rdf|tsv] [--base IRI] [--memory SIZE] FILE...\n"
    "           load RDF files in one atomic step (.gz ok, - = stdin)\n"
    "  dump     [--db DIR] [--format nquads|ntriples|turtle|trig] [--output FILE]\n"
    "           write the store as RDF (to FILE atomically)\n"
    "  stats    [--db DIR] [--compact]\n"
    "           counts, size and predicates (--compact: compact the store first)\n"
    "  check    [--db DIR]\n"
    "           verify the store's files, index orders, statistics and dictionary\n"
    "  query    [--db DIR] [--format table|json|xml|csv|tsv|turtle|trig|nt|nq] [--timeout SECONDS]\n"
    "           [--memory-limit SIZE] (QUERY | --file FILE)\n"
    "           run SPARQL queries (a file may hold several)\n"
    "  update   [--db DIR] [--allow-load DIR] (UPDATE | --file FILE)\n"
    "           run a SPARQL update request (all of it or nothing)\n"
    "  explain  [--db DIR] [--analyze] [--memory-limit SIZE] (QUERY | --file FILE)\n"
    "           show the query plan (--analyze: run it, with actual rows and times)\n"
    "  parse    (QUERY | --file FILE)\n"
    "           check the syntax of a query or update\n"
    "  extract  [--db DIR | --out FILE] [--format nq|carb] [--graph IRI] [--document IRI]\n"
    "           [--sentence-per-line] [--jobs N] [--batch N] [--show] [--quiet] INPUT...\n"
    "           facts from English text, with provenance (files, directories, .jsonl, -)\n"
    "  extract  --db DIR --remove DOCUMENT      drop a document's facts\n"
    "  entities [--db DIR] (load FILE | list | merge A B [--reason TEXT] | split A B | resolve)\n"
    "           entities across documents: the alias table (TSV), merges and their undoing\n"
    "  index    [--db DIR] text [--on|--off] [--predicates IRI...|--all] | rebuild | labels PREFIX [--limit N]\n"
    "           the full-text index: its settings, a rebuild, entities by label prefix\n"
    "  shell    [--db DIR] [--keep-going] [--memory-limit SIZE]   the interactive REPL (also plain 'kg')\n"
    "  run      [--db DIR] [--keep-going] [--memory-limit SIZE] SCRIPT\n"
    "           run a script of statements and dot-commands (- = stdin)\n"
    "  serve    [--db DIR] [--bind ADDRESS] [--port 7878] [--update-token TOKEN] [--cors ORIGIN]\n"
    "           [--timeout SECONDS] [--max-queries N] [--max-connections N] [--max-request-size MIB]\n"
    "           [--web-root DIR]\n"
    "           SPARQL over HTTP and the web workbench\n"
    "  version  kg's version and store format (also --version)\n"
    "\n"
    "Without --db, the store is $KG_DB, then ./kg.db. query, explain, dump and stats only read\n"
    "(--read-only is implied) and never create a store; load, update, extract, shell and run\n"
    "create a missing one.\n"
    "exit codes: 0 success, 1 bad query or input, 2 wrong usage, 3 storage or I/O failure\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace kg::cli;
  std::map<std::string, Command> commands = {
      {"load", runLoad},
      {"dump", runDump},
      {"stats", runStats},
      {"check", runCheck},
      {"query", runQuery},
      {"update", runUpdate},
      {"explain", runExplain},
      {"parse", runParse},
      {"extract", runExtract},
      {"entities", runEntities},
      {"index", runIndex},
      {"shell", runShell},
      {"run", runScript},
      {"serve", runServe},
  };
  if (argc >= 2 && (std::strcmp(argv[1], "--version") == 0 || std::strcmp(argv[1], "version") == 0)) {
    std::cout << "kg " << kg::version() << " (store format " << kg::storeFormat() << ")\n";
    return kOk;
  }
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
