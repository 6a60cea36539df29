// kg entities load FILE | list | merge A B | split A B | resolve: the store's alias table (TSV:
// entity label, alias), which extraction uses to name one entity whatever a document calls it,
// and the merges of entities across documents (kg::Database::mergeEntities and friends).
#include <fstream>
#include <iostream>

#include "cli_common.h"

namespace kg::cli {

namespace {

// (label, alias) pairs of a TSV file; a line without both columns is an error with its
// position, and nothing is loaded.
std::vector<std::pair<std::string, std::string>> readAliasFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::kIo, path + ": cannot open");
  std::vector<std::pair<std::string, std::string>> out;
  std::string line;
  uint64_t lineNo = 0;
  auto trim = [](std::string s) {
    size_t b = s.find_first_not_of(" \t\r");
    size_t e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
  };
  while (std::getline(in, line)) {
    ++lineNo;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    size_t tab = line.find('\t');
    if (tab == std::string::npos)
      throw PositionedError(ErrorCode::kInvalidInput, path, lineNo, line.size() + 1,
                            "expected a tab between the entity label and the alias");
    std::string label = trim(line.substr(0, tab));
    std::string rest = line.substr(tab + 1);
    size_t tab2 = rest.find('\t');  // a third column is a note
    std::string alias = trim(tab2 == std::string::npos ? rest : rest.substr(0, tab2));
    if (label.empty())
      throw PositionedError(ErrorCode::kInvalidInput, path, lineNo, 1, "empty entity label");
    if (alias.empty())
      throw PositionedError(ErrorCode::kInvalidInput, path, lineNo, tab + 2, "empty alias");
    out.push_back({label, alias});
  }
  if (in.bad()) throw Error(ErrorCode::kIo, path + ": cannot read");
  return out;
}

}  // namespace

namespace {

void printMerge(const char* verb, const EntityMerge& m) {
  auto name = [](const std::string& label, const std::string& iri) {
    return label.empty() ? "<" + iri + ">" : label + " <" + iri + ">";
  };
  std::cerr << verb << " " << name(m.mergedLabel, m.merged) << " -> "
            << name(m.canonicalLabel, m.canonical) << " (" << m.reason << ")\n";
}

}  // namespace

int runEntities(const std::vector<std::string>& args) {
  po::options_description desc(
      "kg entities load FILE       add a TSV alias table (entity label <TAB> alias) to the store\n"
      "kg entities list            print the alias table, then the merges\n"
      "kg entities merge A B       merge entity B into A (IRI, kg:e.Name or label)\n"
      "kg entities split A B       undo the merge of B into A\n"
      "kg entities resolve         apply the resolution rules to the whole store");
  addStoreOptions(desc, false);
  desc.add_options()("reason", po::value<std::string>(), "why (kg entities merge)");
  desc.add_options()("args", po::value<std::vector<std::string>>(), "subcommand and its arguments");
  auto vm = parseArgs(args, desc, "args");
  std::vector<std::string> rest;
  if (vm.count("args")) rest = vm["args"].as<std::vector<std::string>>();
  if (rest.empty()) throw UsageError("kg entities: give load FILE, list, merge A B, split A B or resolve");
  if (rest[0] == "load") {
    if (rest.size() != 2) throw UsageError("kg entities load takes one file");
    auto pairs = readAliasFile(rest[1]);
    auto db = openDatabase(vm, false);
    size_t before = db->entityMerges().size();
    uint64_t added = db->addAliases(pairs);
    size_t after = db->entityMerges().size();
    size_t merged = after > before ? after - before : 0;
    std::cerr << "loaded " << formatCount(pairs.size()) << " aliases (" << formatCount(added)
              << " new statements); " << formatCount(merged)
              << " stored entities merged by them; they apply to documents extracted from now on\n";
    return kOk;
  }
  if (rest[0] == "list") {
    if (rest.size() != 1) throw UsageError("kg entities list takes no arguments");
    auto db = openDatabase(vm, true);
    // Aliases first, as `kg entities load` reads them; merges as comments below.
    for (const auto& [label, alias] : db->aliases()) std::cout << label << "\t" << alias << "\n";
    auto merges = db->entityMerges();
    if (!merges.empty())
      std::cout << "# merges: canonical\tmerged\treason\torigin\tcanonical IRI\tmerged IRI\n";
    for (const auto& m : merges)
      std::cout << "# " << m.canonicalLabel << "\t" << m.mergedLabel << "\t" << m.reason << "\t"
                << m.origin << "\t<" << m.canonical << ">\t<" << m.merged << ">\n";
    return kOk;
  }
  if (rest[0] == "merge" || rest[0] == "split") {
    if (rest.size() != 3) throw UsageError("kg entities " + rest[0] + " takes two entities: A B");
    auto db = openDatabase(vm, false);
    if (rest[0] == "merge") {
      std::string reason = vm.count("reason") ? vm["reason"].as<std::string>() : std::string();
      printMerge("merged", db->mergeEntities(rest[1], rest[2], reason));
    } else {
      printMerge("split", db->splitEntities(rest[1], rest[2]));
    }
    return kOk;
  }
  if (rest[0] == "resolve") {
    if (rest.size() != 1) throw UsageError("kg entities resolve takes no arguments");
    auto db = openDatabase(vm, false);
    uint64_t made = db->resolveEntities();
    std::cerr << formatCount(made) << " merges made\n";
    return kOk;
  }
  throw UsageError("kg entities: unknown subcommand '" + rest[0] + "' (load, list, merge, split, resolve)");
}

}  // namespace kg::cli
