// kg index text [--on | --off] [--predicates IRI...]   show or change what the text index takes
// kg index rebuild                                      write the text index afresh
// kg index labels PREFIX [--limit N]                    entities by the start of their label
#include <iostream>

#include "cli_common.h"

namespace kg::cli {
namespace {

void printSettings(const TextIndexSettings& s) {
  std::cout << "text index:  " << (s.enabled ? "on" : "off") << "\n";
  if (s.enabled) {
    if (s.predicates.empty()) {
      std::cout << "literals:    every string and language-tagged literal\n";
    } else {
      std::cout << "literals:    strings and language-tagged literals of\n";
      for (const auto& p : s.predicates) std::cout << "  <" << p << ">\n";
    }
  }
}

int runText(const std::vector<std::string>& args) {
  po::options_description desc("kg index text [--db DIR] [--on | --off] [--predicates IRI... | --all]");
  addStoreOptions(desc, false);
  desc.add_options()("on", "index text (the default)")("off", "no text index")(
      "predicates", po::value<std::vector<std::string>>()->multitoken(),
      "index only the objects of these predicates (full IRIs)")("all", "index the objects of every predicate");
  auto vm = parseArgs(args, desc);
  bool change = vm.count("on") || vm.count("off") || vm.count("predicates") || vm.count("all");
  if (vm.count("on") && vm.count("off")) throw UsageError("--on and --off exclude each other");
  if (vm.count("predicates") && vm.count("all")) throw UsageError("--predicates and --all exclude each other");
  auto db = openDatabase(vm, !change);
  TextIndexSettings settings = db->textIndex();
  if (change) {
    if (vm.count("on")) settings.enabled = true;
    if (vm.count("off")) settings.enabled = false;
    if (vm.count("all")) settings.predicates.clear();
    if (vm.count("predicates")) {
      settings.enabled = !vm.count("off");
      settings.predicates.clear();
      for (std::string p : vm["predicates"].as<std::vector<std::string>>()) {
        if (p.size() >= 2 && p.front() == '<' && p.back() == '>') p = p.substr(1, p.size() - 2);
        settings.predicates.push_back(p);
      }
    }
    uint64_t n = db->setTextIndex(settings);
    std::cout << "indexed " << formatCount(n) << " literals\n";
  }
  printSettings(db->textIndex());
  return kOk;
}

int runRebuild(const std::vector<std::string>& args) {
  po::options_description desc("kg index rebuild [--db DIR]");
  addStoreOptions(desc, false);
  auto vm = parseArgs(args, desc);
  auto db = openDatabase(vm, false);
  uint64_t n = db->rebuildTextIndex();
  std::cout << "indexed " << formatCount(n) << " literals\n";
  return kOk;
}

int runLabels(const std::vector<std::string>& args) {
  po::options_description desc("kg index labels [--db DIR] [--limit N] PREFIX");
  addStoreOptions(desc);
  desc.add_options()("limit", po::value<size_t>()->default_value(10), "at most N entities")(
      "prefix", po::value<std::vector<std::string>>(), "the start of a label");
  auto vm = parseArgs(args, desc, "prefix");
  if (!vm.count("prefix")) throw UsageError("kg index labels needs a PREFIX");
  std::string prefix;
  for (const auto& part : vm["prefix"].as<std::vector<std::string>>()) prefix += (prefix.empty() ? "" : " ") + part;
  auto db = openDatabase(vm, true);
  for (const auto& m : db->lookupLabels(prefix, vm["limit"].as<size_t>())) {
    std::cout << m.entity.toNTriples() << "\t" << m.label.toNTriples() << "\n";
  }
  return kOk;
}

}  // namespace

int runIndex(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::cout << "kg index text [--db DIR] [--on | --off] [--predicates IRI... | --all]\n"
                 "kg index rebuild [--db DIR]\n"
                 "kg index labels [--db DIR] [--limit N] PREFIX\n";
    if (args.empty()) throw UsageError("kg index needs a subcommand: text, rebuild or labels");
    return kOk;
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "text") return runText(rest);
  if (args[0] == "rebuild") return runRebuild(rest);
  if (args[0] == "labels") return runLabels(rest);
  throw UsageError("unknown 'kg index' subcommand '" + args[0] + "' (text, rebuild or labels)");
}

}  // namespace kg::cli
