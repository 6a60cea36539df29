// kg extract [--db DIR | --out FILE] [--format nq|carb] FILE...: facts from English text,
// with provenance, into a store or as RDF; kg extract --db DIR --remove DOCUMENT_IRI drops a
// document's contribution.
#include <fstream>
#include <iostream>

#include "cli_common.h"
#include "kg/extract.h"

namespace kg::cli {

int runExtract(const std::vector<std::string>& args) {
  po::options_description desc(
      "kg extract [--db DIR | --out FILE] [--format nq|carb] [--graph IRI] FILE...\n"
      "kg extract --db DIR --remove DOCUMENT_IRI");
  addStoreOptions(desc, false);
  desc.add_options()
      ("out", po::value<std::string>(), "write RDF (or CaRB tuples) to this file instead of a store; - = stdout")
      ("format", po::value<std::string>()->default_value("nq"), "nq (N-Quads with RDF-star provenance) or carb")
      ("graph", po::value<std::string>(), "put facts and provenance in this named graph")
      ("document", po::value<std::string>(), "document IRI (one input file only; default: its file:// IRI)")
      ("sentence-per-line", "treat each input line as one sentence")
      ("remove", po::value<std::string>(), "remove this document's facts (those no other source supports)")
      ("file", po::value<std::vector<std::string>>(), "text files");
  auto vm = parseArgs(args, desc, "file");
  std::string format = vm["format"].as<std::string>();
  if (format != "nq" && format != "carb") throw UsageError("--format must be nq or carb");
  if (vm.count("remove")) {
    auto db = openDatabase(vm, false);
    uint64_t removed = db->removeDocument(vm["remove"].as<std::string>());
    std::cerr << "removed " << formatCount(removed) << " statements\n";
    return kOk;
  }
  if (!vm.count("file")) throw UsageError("no input files");
  auto files = vm["file"].as<std::vector<std::string>>();
  ExtractOptions options;
  if (vm.count("graph")) options.graph = vm["graph"].as<std::string>();
  if (vm.count("document")) {
    if (files.size() != 1) throw UsageError("--document names one document: give one file");
    options.documentIri = vm["document"].as<std::string>();
  }
  options.sentencePerLine = vm.count("sentence-per-line") > 0;
  bool toFile = vm.count("out") > 0;
  if (toFile && vm.count("db")) throw UsageError("give --db or --out, not both");
  if (format == "carb" && !toFile) throw UsageError("--format carb writes to --out");
  if (!toFile) {
    auto db = openDatabase(vm, false);
    ExtractSummary summary = db->extract(files, options);
    for (const auto& w : summary.warnings) std::cerr << "kg: warning: " << w << "\n";
    std::cerr << "extracted " << formatCount(summary.facts) << " facts from "
              << formatCount(summary.sentences) << " sentences in " << summary.documents
              << (summary.documents == 1 ? " document" : " documents") << " ("
              << formatCount(summary.added) << " new statements)\n";
    return kOk;
  }
  // To a file: extract everything first, then write, so a failure leaves no partial file.
  std::vector<ExtractedDocument> docs;
  for (const auto& f : files) docs.push_back(extractFile(f, options));
  std::string path = vm["out"].as<std::string>();
  std::ofstream file;
  if (path != "-") {
    file.open(path, std::ios::binary | std::ios::trunc);
    if (!file) throw Error(ErrorCode::kIo, path + ": cannot write");
  }
  std::ostream& out = path == "-" ? std::cout : file;
  size_t facts = 0;
  for (const auto& doc : docs) {
    for (const auto& w : doc.warnings) std::cerr << "kg: warning: " << doc.documentIri << ": " << w << "\n";
    facts += doc.facts;
    if (format == "carb") {
      out << doc.carb;
    } else {
      for (const auto& q : doc.quads) out << q.toNQuads() << "\n";
    }
  }
  out.flush();
  if (!out) throw Error(ErrorCode::kIo, path + ": write failed");
  std::cerr << "extracted " << formatCount(facts) << " facts\n";
  return kOk;
}

}  // namespace kg::cli
