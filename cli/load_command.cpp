// kg load --db DIR [--graph IRI] [--format nt|nq|ttl|trig|tsv] FILE...
#include <cstdio>
#include <iostream>

#include "cli_common.h"

namespace kg::cli {
namespace {

// One progress line on a terminal, redrawn in place, shown once a load passes one second.
class ProgressLine {
 public:
  void update(const LoadProgress& p) {
    if (!enabled_ || p.seconds < 1.0) return;
    if (p.seconds - lastDraw_ < 0.2) return;
    lastDraw_ = p.seconds;
    double rate = p.statements / p.seconds;
    std::string line = "\rloading: " + formatBytes(p.bytesRead);
    if (p.totalBytes > 0) line += " of " + formatBytes(p.totalBytes);
    line += ", " + formatCount(p.statements) + " statements, " +
            formatCount(static_cast<uint64_t>(rate)) + "/s";
    if (p.totalBytes > 0 && p.bytesRead > 0 && p.bytesRead < p.totalBytes) {
      double eta = p.seconds * (static_cast<double>(p.totalBytes) / p.bytesRead - 1.0);
      line += ", ETA " + std::to_string(static_cast<int>(eta + 0.5)) + "s";
    }
    line += "   ";
    std::cerr << line << std::flush;
    drawn_ = true;
  }
  void finish() {
    if (drawn_) std::cerr << "\r\033[K" << std::flush;
  }

 private:
  bool enabled_ = stderrIsTerminal();
  bool drawn_ = false;
  double lastDraw_ = 0;
};

}  // namespace

int runLoad(const std::vector<std::string>& args) {
  po::options_description desc("kg load [--db DIR] [--graph IRI] [--format FORMAT] [--memory SIZE] FILE...");
  addStoreOptions(desc, false);
  desc.add_options()
      ("graph", po::value<std::string>(), "load into this named graph")
      ("format", po::value<std::string>(), "nt, nq, ttl, trig or tsv (default: from the file name)")
      ("base", po::value<std::string>(), "base IRI for relative IRIs")
      ("memory", po::value<std::string>(),
       "memory for the load's quads and new terms, e.g. 2G (default: a quarter of RAM, at most 2G); "
       "larger loads sort through files beside the store")
      ("file", po::value<std::vector<std::string>>(), "input files (.gz ok, - = stdin)");
  auto vm = parseArgs(args, desc, "file");
  if (!vm.count("file")) throw UsageError("kg load: no input files (use - for standard input)");
  auto files = vm["file"].as<std::vector<std::string>>();
  auto db = openDatabase(vm, false);
  LoadOptions options;
  if (vm.count("graph")) options.graph = vm["graph"].as<std::string>();
  if (vm.count("format")) options.format = vm["format"].as<std::string>();
  if (vm.count("base")) options.baseIri = vm["base"].as<std::string>();
  if (vm.count("memory")) options.memoryBudget = parseByteSize(vm["memory"].as<std::string>(), "--memory");
  ProgressLine progress;
  options.progress = [&progress](const LoadProgress& p) { progress.update(p); };
  LoadResult result;
  try {
    result = db->load(files, options);
  } catch (...) {
    progress.finish();
    throw;
  }
  progress.finish();
  double rate = result.seconds > 0 ? result.statements / result.seconds : 0;
  std::cerr << "loaded " << formatCount(result.statements) << " statements ("
            << formatCount(result.added) << " new) in " << std::to_string(result.seconds).substr(0, 5)
            << " s, " << formatCount(static_cast<uint64_t>(rate)) << " statements/s\n";
  return kOk;
}

}  // namespace kg::cli
