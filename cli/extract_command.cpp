// kg extract [--db DIR | --out FILE] [--format nq|carb] INPUT...: facts from English text,
// with provenance, into a store or as RDF. Inputs are text files, directories (*.txt and JSON
// Lines, recursively), JSON Lines files ({"id","text","date","title","url"} per line) and "-"
// (standard input). kg extract --remove DOCUMENT drops a document's contribution.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli_common.h"
#include "kg/corpus.h"
#include "kg/extract.h"

namespace kg::cli {

namespace {

// "12/200 documents  38.4 sentences/s  ETA 0:42" on one terminal line.
void showProgress(const CorpusProgress& p) {
  double rate = p.seconds > 0 ? static_cast<double>(p.sentences) / p.seconds : 0;
  std::string line = "\r" + formatCount(p.documents);
  if (p.total >= 0) line += "/" + formatCount(static_cast<uint64_t>(p.total));
  char buf[96];
  std::snprintf(buf, sizeof buf, " documents  %.1f sentences/s", rate);
  line += buf;
  if (p.total > 0 && p.documents > 0 && p.documents < static_cast<uint64_t>(p.total)) {
    double eta = p.seconds / static_cast<double>(p.documents) *
                 static_cast<double>(static_cast<uint64_t>(p.total) - p.documents);
    std::snprintf(buf, sizeof buf, "  ETA %d:%02d", static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
    line += buf;
  }
  std::cerr << line << "   " << std::flush;
}

// The facts of a document under their sentences (--show).
void showFacts(std::ostream& out, const ExtractedDocument& doc) {
  out << "# " << doc.documentIri << "\n";
  size_t shownSentence = static_cast<size_t>(-1);
  for (const auto& f : doc.factList) {
    if (f.sentence != shownSentence) {
      shownSentence = f.sentence;
      if (f.sentence < doc.sentenceTexts.size())
        out << "[" << f.sentence << "] " << doc.sentenceTexts[f.sentence] << "\n";
    }
    char conf[16];
    std::snprintf(conf, sizeof conf, "%.2f", f.confidence);
    out << "    " << conf << " " << f.kind << "  " << f.subject << " | " << f.relation << " | "
        << f.object << (f.inGraph ? "" : "   (not stored)") << "\n";
  }
  if (doc.factList.empty()) out << "    (no facts)\n";
}

}  // namespace

int runExtract(const std::vector<std::string>& args) {
  po::options_description desc(
      "kg extract [--db DIR | --out FILE] [--format nq|carb] [--jobs N] [--show] INPUT...\n"
      "  INPUT: a text file, a directory (*.txt, *.jsonl, recursively), a JSON Lines file\n"
      "  ({\"id\", \"text\", \"date\", \"title\", \"url\"} per line) or - (standard input)\n"
      "kg extract --db DIR --remove DOCUMENT   (the path used when extracting, or the IRI)");
  addStoreOptions(desc, false);
  desc.add_options()
      ("out", po::value<std::string>(), "write RDF (or CaRB tuples) to this file instead of a store; - = stdout")
      ("format", po::value<std::string>()->default_value("nq"), "nq (N-Quads with RDF-star provenance) or carb")
      ("graph", po::value<std::string>(), "put facts and provenance in this named graph")
      ("document", po::value<std::string>(), "document IRI (one input only; default: its file:// IRI)")
      ("sentence-per-line", "treat each input line as one sentence")
      ("jobs,j", po::value<unsigned>()->default_value(0), "extraction threads (default: the machine's cores)")
      ("batch", po::value<size_t>()->default_value(32), "documents per atomic commit")
      ("show", "list the facts read, under their sentences, on standard output")
      ("quiet,q", "no progress display")
      ("remove", po::value<std::string>(), "remove this document's facts (those no other source supports)")
      ("file", po::value<std::vector<std::string>>(), "inputs");
  auto vm = parseArgs(args, desc, "file");
  std::string format = vm["format"].as<std::string>();
  if (format != "nq" && format != "carb") throw UsageError("--format must be nq or carb");
  if (vm.count("remove")) {
    if (vm.count("file")) throw UsageError("--remove takes no inputs");
    auto db = openDatabase(vm, false);
    std::string iri = documentIriFor(vm["remove"].as<std::string>());
    uint64_t removed = db->removeDocument(iri);
    std::cerr << "removed " << formatCount(removed) << " statements of <" << iri << ">\n";
    return kOk;
  }
  if (!vm.count("file")) throw UsageError("no inputs (files, directories, JSON Lines or -)");
  auto inputs = vm["file"].as<std::vector<std::string>>();
  // A missing input is a mistake in the command: nothing is extracted. A document that fails
  // inside the corpus (an unreadable file in a directory, a bad JSON line) is reported and
  // skipped.
  for (const auto& in : inputs) {
    std::error_code ec;
    if (in != "-" && !std::filesystem::exists(in, ec))
      throw Error(ErrorCode::kIo, in + ": cannot open (no such file or directory)");
  }
  CorpusOptions options;
  if (vm.count("graph")) options.extract.graph = vm["graph"].as<std::string>();
  std::string documentIri;
  if (vm.count("document")) {
    if (inputs.size() != 1) throw UsageError("--document names one document: give one input");
    documentIri = vm["document"].as<std::string>();
  }
  options.extract.sentencePerLine = vm.count("sentence-per-line") > 0;
  options.jobs = vm["jobs"].as<unsigned>();
  options.batchDocuments = vm["batch"].as<size_t>();
  if (options.batchDocuments == 0) throw UsageError("--batch must be at least 1");
  bool show = vm.count("show") > 0;
  bool toFile = vm.count("out") > 0;
  if (toFile && vm.count("db")) throw UsageError("give --db or --out, not both");
  if (format == "carb" && !toFile) throw UsageError("--format carb writes to --out");
  if (toFile && show && vm["out"].as<std::string>() == "-")
    throw UsageError("--show and --out - both write to standard output");
  bool progress = !vm.count("quiet") && stderrIsTerminal();

  // --document renames the one input's documents (a single text document).
  auto rename = [&](CorpusDocument& d) {
    if (!documentIri.empty()) d.iri = documentIri;
  };
  uint64_t failed = 0;
  options.failure = [&](const CorpusFailure& f) {
    if (progress) std::cerr << "\r";
    std::cerr << "kg: " << f.origin << ": " << f.message << " (skipped)\n";
    ++failed;
  };
  auto warn = [&](const ExtractedDocument& doc) {
    for (const auto& w : doc.warnings) {
      if (progress) std::cerr << "\r";
      std::cerr << "kg: warning: " << doc.documentIri << ": " << w << "\n";
    }
  };

  if (!toFile) {
    auto db = openDatabase(vm, false);
    CorpusReader corpus(inputs);
    if (!documentIri.empty()) {
      // one document under the given IRI: read it here and store it as a one-document corpus
      CorpusDocument d;
      CorpusFailure f;
      if (!corpus.next(&d, &f)) throw UsageError("no document in " + inputs[0]);
      if (!f.message.empty()) throw Error(ErrorCode::kIo, f.origin + ": " + f.message);
      rename(d);
      ExtractOptions o = options.extract;
      o.documentIri = d.iri;
      o.documentDate = d.date;
      o.documentTitle = d.title;
      o.documentUrl = d.url;
      o.aliases = db->aliases();
      ExtractSummary s = db->extractText(d.text, o);
      ExtractedDocument shown;
      if (show || !s.warnings.empty()) shown = extractText(d.text, o);
      if (show) showFacts(std::cout, shown);
      for (const auto& w : s.warnings) std::cerr << "kg: warning: " << d.iri << ": " << w << "\n";
      std::cerr << "extracted " << formatCount(s.facts) << " facts from "
                << formatCount(s.sentences) << " sentences in 1 document ("
                << formatCount(s.added) << " new statements)";
      if (s.merged) std::cerr << "; " << formatCount(s.merged) << " entities merged across documents";
      std::cerr << "\n";
      return kOk;
    }
    options.extracted = [&](const ExtractedDocument& doc) {
      warn(doc);
      if (show) showFacts(std::cout, doc);
    };
    if (progress) options.progress = showProgress;
    ExtractSummary summary = db->extractCorpus(corpus, options);
    if (progress) std::cerr << "\r";
    std::cerr << "extracted " << formatCount(summary.facts) << " facts from "
              << formatCount(summary.sentences) << " sentences in " << formatCount(summary.documents)
              << (summary.documents == 1 ? " document" : " documents") << " ("
              << formatCount(summary.added) << " new statements)";
    if (summary.skipped) std::cerr << "; " << formatCount(summary.skipped) << " unchanged, skipped";
    if (summary.failed) std::cerr << "; " << formatCount(summary.failed) << " failed";
    if (summary.merged)
      std::cerr << "; " << formatCount(summary.merged) << " entities merged across documents";
    std::cerr << "\n";
    return summary.failed ? kBadInput : kOk;
  }
  // To a file: extract everything first, then write, so a failure leaves no partial file.
  CorpusReader corpus(inputs);
  std::vector<ExtractedDocument> docs;
  CorpusDocument d;
  CorpusFailure f;
  while (corpus.next(&d, &f)) {
    if (!f.message.empty()) throw Error(ErrorCode::kIo, f.origin + ": " + f.message);
    rename(d);
    ExtractOptions o = options.extract;
    o.documentIri = d.iri;
    o.documentDate = d.date;
    o.documentTitle = d.title;
    o.documentUrl = d.url;
    docs.push_back(extractText(d.text, o));
  }
  std::string path = vm["out"].as<std::string>();
  std::ofstream file;
  if (path != "-") {
    file.open(path, std::ios::binary | std::ios::trunc);
    if (!file) throw Error(ErrorCode::kIo, path + ": cannot write");
  }
  std::ostream& out = path == "-" ? std::cout : file;
  size_t facts = 0;
  for (const auto& doc : docs) {
    warn(doc);
    if (show) showFacts(std::cout, doc);
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
