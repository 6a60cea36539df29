#include "shell/dot_commands.h"

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "cli_common.h"
#include "shell/interrupt.h"
#include "shell/script_runner.h"
#include "shell/table_renderer.h"
#include "shell/term_display.h"

namespace kg::cli::shell {
namespace {

struct Invocation {
  Session& session;
  std::vector<std::string> args;  // the words after the command
  std::string rest;               // the raw text after the command
  const Location& where;
};

using Handler = int (*)(Invocation&);

struct DotCommand {
  const char* name;
  const char* arguments;
  const char* help;
  Handler run;
};

// Splits on spaces; "double quotes" keep spaces in a word.
std::vector<std::string> splitWords(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  bool inQuotes = false, any = false;
  for (char c : text) {
    if (c == '"') {
      inQuotes = !inQuotes;
      any = true;
    } else if ((c == ' ' || c == '\t') && !inQuotes) {
      if (any) words.push_back(word);
      word.clear();
      any = false;
    } else {
      word += c;
      any = true;
    }
  }
  if (any) words.push_back(word);
  return words;
}

int usage(Invocation& in, const std::string& message) { return in.session.reportProblem(message, in.where); }

bool parseOnOff(const std::string& word, bool& value) {
  if (word == "on" || word == "1" || word == "yes") {
    value = true;
    return true;
  }
  if (word == "off" || word == "0" || word == "no") {
    value = false;
    return true;
  }
  return false;
}

bool parseCount(const std::string& word, size_t& value) {
  if (word.empty() || word.find_first_not_of("0123456789") != std::string::npos) return false;
  value = static_cast<size_t>(std::stoull(word));
  return true;
}

int cmdHelp(Invocation& in);

int cmdQuit(Invocation& in) {
  in.session.requestQuit();
  return kOk;
}

int cmdLoad(Invocation& in) {
  if (in.args.empty() || in.args.size() > 2) return usage(in, "usage: .load FILE [GRAPH]");
  LoadOptions options;
  if (in.args.size() == 2) {
    std::string graph = in.args[1];
    if (graph.size() > 1 && graph.front() == '<' && graph.back() == '>') {
      graph = graph.substr(1, graph.size() - 2);
    } else if (graph.find("://") == std::string::npos) {
      std::string expanded = in.session.prefixes().expand(graph);
      if (expanded.empty()) return usage(in, "unknown prefix in graph name '" + graph + "'");
      graph = expanded;
    }
    options.graph = graph;
  }
  try {
    CancelScope busy(nullptr);
    WriteScope write(in.session.store());
    LoadResult result = write.db().load(in.args[0], options);
    in.session.storeChanged();
    std::string line = "Loaded " + formatCount(result.statements) +
                       (result.statements == 1 ? " statement (" : " statements (") +
                       formatCount(result.added) + " new)";
    if (in.session.settings().timer) line += " in " + Session::formatDuration(result.seconds);
    in.session.out() << line << "\n";
    in.session.out().flush();
  } catch (const Error& e) {
    return in.session.reportError(e, "", 0, in.where);
  }
  return kOk;
}

int cmdRead(Invocation& in) {
  if (in.args.size() != 1) return usage(in, "usage: .read SCRIPT");
  return runScriptFile(in.session, in.args[0], false);
}

int cmdExtract(Invocation& in) {
  if (in.args.empty()) return usage(in, "usage: .extract FILE...");
  try {
    CancelScope busy(nullptr);
    auto start = std::chrono::steady_clock::now();
    WriteScope write(in.session.store());
    ExtractSummary summary = write.db().extract(in.args);
    in.session.storeChanged();
    for (const auto& w : summary.warnings) std::cerr << "warning: " << w << "\n";
    std::string line = "Extracted " + formatCount(summary.facts) + (summary.facts == 1 ? " fact" : " facts") +
                       " from " + formatCount(summary.sentences) +
                       (summary.sentences == 1 ? " sentence (" : " sentences (") + formatCount(summary.added) +
                       " new quads)";
    if (in.session.settings().timer) {
      line += " in " + Session::formatDuration(
                           std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
    in.session.out() << line << "\n";
    in.session.out().flush();
  } catch (const Error& e) {
    return in.session.reportError(e, "", 0, in.where);
  }
  return kOk;
}

int cmdExplain(Invocation& in) {
  Settings& s = in.session.settings();
  if (in.args.empty()) {
    const char* mode = s.explain == ExplainMode::kOff ? "off" : s.explain == ExplainMode::kOn ? "on" : "analyze";
    in.session.out() << "explain: " << mode << "\n";
    return kOk;
  }
  if (in.args.size() == 1) {
    if (in.args[0] == "on") {
      s.explain = ExplainMode::kOn;
      return kOk;
    }
    if (in.args[0] == "off") {
      s.explain = ExplainMode::kOff;
      return kOk;
    }
    if (in.args[0] == "analyze") {
      s.explain = ExplainMode::kAnalyze;
      return kOk;
    }
  }
  std::string query = in.rest;
  bool analyze = false;
  if (in.args[0] == "analyze" || in.args[0] == "ANALYZE") {
    analyze = true;
    query = query.substr(query.find(in.args[0]) + in.args[0].size());
  }
  return in.session.runExplain(query, analyze, in.where);
}

int cmdMode(Invocation& in) {
  Settings& s = in.session.settings();
  if (in.args.empty()) {
    in.session.out() << "mode: " << outputModeName(s.mode) << "\n";
    return kOk;
  }
  if (in.args.size() != 1 || !parseOutputMode(in.args[0], s.mode)) {
    return usage(in, "usage: .mode table|box|csv|tsv|json|markdown|ntriples");
  }
  return kOk;
}

int cmdTimer(Invocation& in) {
  if (in.args.size() != 1 || !parseOnOff(in.args[0], in.session.settings().timer)) {
    return usage(in, "usage: .timer on|off");
  }
  return kOk;
}

int cmdMaxRows(Invocation& in) {
  if (in.args.empty()) {
    in.session.out() << "maxrows: " << in.session.settings().maxRows << " (0 = all)\n";
    return kOk;
  }
  if (in.args.size() != 1 || !parseCount(in.args[0], in.session.settings().maxRows)) {
    return usage(in, "usage: .maxrows N (0 = all rows)");
  }
  return kOk;
}

int cmdWidth(Invocation& in) {
  if (in.args.empty()) {
    in.session.out() << "width: " << in.session.settings().width << " (0 = the terminal's)\n";
    return kOk;
  }
  if (in.args.size() != 1 || !parseCount(in.args[0], in.session.settings().width)) {
    return usage(in, "usage: .width N (0 = the terminal's width)");
  }
  return kOk;
}

int cmdPrefixes(Invocation& in) {
  for (const auto& [name, iri] : in.session.prefixes().all()) {
    in.session.out() << std::left << std::setw(8) << (name + ":") << " <" << iri << ">"
                     << (in.session.prefixes().isBuiltin(name) ? "  (built in)" : "") << "\n";
  }
  return kOk;
}

int cmdPrefix(Invocation& in) {
  if (in.args.empty()) return cmdPrefixes(in);
  std::string name = in.args[0];
  if (name.empty() || name.back() != ':') return usage(in, "usage: .prefix NAME: <IRI>");
  name.pop_back();
  if (in.args.size() == 1) {
    if (!in.session.prefixes().remove(name)) return usage(in, "no prefix '" + name + ":' is declared");
    return kOk;
  }
  if (in.args.size() != 2) return usage(in, "usage: .prefix NAME: <IRI>");
  std::string iri = in.args[1];
  if (iri.size() > 1 && iri.front() == '<' && iri.back() == '>') iri = iri.substr(1, iri.size() - 2);
  if (iri.empty() || iri.find_first_of("<>\" {}|^`\\") != std::string::npos) {
    return usage(in, "not an IRI: " + in.args[1]);
  }
  in.session.prefixes().declare(name, iri);
  return kOk;
}

int cmdStats(Invocation& in) {
  try {
    StoreStatistics stats = in.session.db().statistics();
    std::ostream& os = in.session.out();
    os << "store       " << in.session.store().path() << "\n"
       << "quads       " << formatCount(stats.quads) << "\n"
       << "terms       " << formatCount(stats.terms) << "\n"
       << "graphs      " << formatCount(stats.graphs.size()) << "\n"
       << "predicates  " << formatCount(stats.predicates.size()) << "\n"
       << "disk        " << formatBytes(stats.diskBytes) << "\n";
    if (!stats.predicates.empty()) {
      TableBuilder table({"predicate", "quads", "subjects", "objects"}, 0);
      const PrefixTable& prefixes = in.session.prefixes();
      auto number = [](uint64_t n) { return Cell{formatCount(n), CellStyle::kNumber}; };
      for (const auto& p : stats.predicates) {
        table.add({displayCell(p.predicate, prefixes), number(p.quads), number(p.distinctSubjects),
                   number(p.distinctObjects)});
      }
      TableOptions options;
      options.style = in.session.settings().mode == OutputMode::kBox ? TableStyle::kBox : TableStyle::kAscii;
      options.maxWidth = in.session.tableWidth();
      options.color = in.session.useColor();
      table.render(os, options);
    }
    os.flush();
  } catch (const Error& e) {
    return in.session.reportError(e, "", 0, in.where);
  }
  return kOk;
}

// The absolute, resolved form of a path (the path itself when it does not exist yet).
std::string resolvedPath(const std::string& path) {
  char buf[PATH_MAX];
  return ::realpath(path.c_str(), buf) ? std::string(buf) : path;
}

int cmdOpen(Invocation& in) {
  if (in.args.size() != 1) return usage(in, "usage: .open DIR");
  try {
    bool created = false;
    if (resolvedPath(in.args[0]) != resolvedPath(in.session.store().path())) {
      // Open the new store first: on failure the current one stays open.
      in.session.replaceStore(SessionStore::open(in.args[0], created));
    }
    StoreStatistics stats = in.session.db().statistics();
    in.session.out() << "Opened " << in.session.store().path() << " ("
                     << (created ? "a new, empty store" : formatCount(stats.quads) + (stats.quads == 1 ? " quad" : " quads"))
                     << ")\n";
  } catch (const Error& e) {
    return in.session.reportError(e, "", 0, in.where);
  }
  return kOk;
}

int cmdOutput(Invocation& in) {
  if (in.args.size() > 1) return usage(in, "usage: .output [FILE]   (no FILE: back to the screen)");
  std::string path = in.args.empty() ? "" : in.args[0];
  if (!in.session.redirectOutput(path)) {
    in.session.reportProblem(path + ": cannot open for writing", in.where);
    return kStorageFailure;
  }
  return kOk;
}

const DotCommand kCommands[] = {
    {".help", "[COMMAND]", "show this help", cmdHelp},
    {".load", "FILE [GRAPH]", "load an RDF file (.nt .nq .ttl .trig .rdf .owl .xml .tsv, .gz ok), optionally into GRAPH", cmdLoad},
    {".read", "SCRIPT", "run the statements and dot-commands in a file", cmdRead},
    {".extract", "FILE...", "extract facts (with provenance) from English text files", cmdExtract},
    {".explain", "QUERY | on|off|analyze", "show a query's plan; or show plans instead of results", cmdExplain},
    {".mode", "table|box|csv|tsv|json|markdown|ntriples", "how results are printed", cmdMode},
    {".timer", "on|off", "show how long each statement took", cmdTimer},
    {".maxrows", "N", "show at most N rows of a table (0 = all)", cmdMaxRows},
    {".width", "N", "fit tables to N columns (0 = the terminal's width)", cmdWidth},
    {".prefix", "NAME: <IRI>", "declare a prefix for statements and output (NAME: alone removes it)", cmdPrefix},
    {".prefixes", "", "list the declared prefixes", cmdPrefixes},
    {".stats", "", "counts, size and predicates of the store", cmdStats},
    {".open", "DIR", "close this store and open (or create) another", cmdOpen},
    {".output", "[FILE]", "send results to FILE (no FILE: back to the screen)", cmdOutput},
    {".quit", "", "leave (also .exit or Ctrl-D)", cmdQuit},
    {".exit", "", "leave", cmdQuit},
};

int cmdHelp(Invocation& in) {
  std::ostream& os = in.session.out();
  for (const auto& c : kCommands) {
    std::string name = c.name;
    if (!in.args.empty() && name != in.args[0] && name != "." + in.args[0]) continue;
    if (name == ".exit" && in.args.empty()) continue;
    std::string usageText = name + (*c.arguments ? std::string(" ") + c.arguments : "");
    os << "  " << std::left << std::setw(52) << usageText << c.help << "\n";
  }
  if (in.args.empty()) {
    os << "\nStatements: SPARQL queries and updates; one ends when its braces close and it is\n"
          "complete, at a ';' ending a line, or at a blank line. EXPLAIN [ANALYZE] before a\n"
          "query shows its plan. Prefixes declared with .prefix apply to every statement.\n"
          "Keys: Tab completes, Up/Down walk the history, Ctrl-C cancels, Ctrl-D leaves.\n";
  }
  return kOk;
}

size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::vector<std::string> dotCommandNames() {
  std::vector<std::string> names;
  for (const auto& c : kCommands) names.push_back(c.name);
  return names;
}

std::string nearestName(const std::string& name, const std::vector<std::string>& names) {
  std::string best;
  size_t bestDistance = 0;
  for (const auto& candidate : names) {
    size_t d = editDistance(name, candidate);
    if (candidate.rfind(name, 0) == 0 && name.size() > 1) d = 1;  // a prefix of it
    if (best.empty() || d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  size_t limit = std::max<size_t>(2, name.size() / 2);
  return bestDistance <= limit ? best : std::string();
}

int runDotCommand(Session& session, const std::string& line, const Location& where) {
  size_t end = line.find_first_of(" \t");
  std::string name = line.substr(0, end);
  std::string rest = end == std::string::npos ? "" : line.substr(end + 1);
  for (const auto& c : kCommands) {
    if (name == c.name) {
      Invocation in{session, splitWords(rest), rest, where};
      session.store().refresh();  // see what other processes wrote meanwhile
      return c.run(in);
    }
  }
  std::string suggestion = nearestName(name, dotCommandNames());
  return session.reportProblem("unknown command " + name +
                                   (suggestion.empty() ? "" : " (did you mean " + suggestion + "?)") +
                                   "; .help lists the commands",
                               where);
}

}  // namespace kg::cli::shell
