#include "shell/repl.h"

#include <iostream>

#include "cli_common.h"
#include "shell/completer.h"
#include "shell/dot_commands.h"
#include "shell/interrupt.h"
#include "shell/line_editor.h"
#include "shell/sparql_scan.h"
#include "shell/statement_buffer.h"

namespace kg::cli::shell {
namespace {

const char* kPrompt = "kg> ";
const char* kContinuation = "..> ";

// The statement as a history entry: one line that runs as it stands when recalled (a query
// would otherwise wait for a solution modifier).
std::string historyEntry(const std::string& statement) {
  std::string entry = toOneLine(statement);
  StatementKind kind = classifyStatement(entry);
  if (kind != StatementKind::kUpdate && kind != StatementKind::kEmpty) entry += " ;";
  return entry;
}

// Who did or said what, and the sentence it was read from (labels for the entities).
constexpr const char* kFirstProvenanceQuery =
    "SELECT ?subject ?relation ?object ?sentence WHERE { << ?s ?p ?o >> kg:source ?src . "
    "?src kg:text ?sentence . ?s rdfs:label ?subject . ?p rdfs:label ?relation . "
    "OPTIONAL { ?o rdfs:label ?label } BIND(COALESCE(?label, ?o) AS ?object) } LIMIT 5 ;";

void printBanner(Session& session, bool created) {
  uint64_t quads = 0;
  try {
    quads = session.db().statistics().quads;
  } catch (const Error&) {
  }
  std::cout << "kg shell: store " << session.store().path() << " ("
            << (created ? "a new, empty store" : formatCount(quads) + (quads == 1 ? " quad" : " quads")) << ")\n";
  std::cout << "Enter SPARQL or .help; Tab completes; Ctrl-C cancels; Ctrl-D leaves.\n";
  // A store with facts read from text gets one provenance query to try: a newcomer sees the
  // builder (facts with the sentences they came from), not only the store.
  bool extracted = false;
  try {
    extracted = !created && session.db().query("ASK { ?fact <http://kg.local/ns#source> ?sentence }").boolean();
  } catch (const Error&) {
  }
  if (extracted) {
    std::cout << "Facts read from text keep their sentences. Try:\n"
              << "  " << kFirstProvenanceQuery << "\n";
  }
}

}  // namespace

int runInteractive(Session& session, bool storeCreated) {
  printBanner(session, storeCreated);
  installInterruptHandler();
  StatementBuffer buffer(session.grammar(), StatementBuffer::Source::kTyped);
  std::vector<std::string> commands = dotCommandNames();
  LineEditor editor(defaultHistoryPath(), [&](const std::string& before) {
    CompletionContext context;
    context.pendingText = buffer.text();
    context.prefixes = &session.prefixes();
    context.predicates = &session.predicates();
    context.dotCommands = commands;
    context.entitiesByLabel = [&](const std::string& word) { return session.entitiesByLabel(word); };
    return completeInput(context, before);
  });
  while (!session.quitRequested()) {
    std::string line;
    LineEditor::Status status = editor.read(buffer.empty() ? kPrompt : kContinuation, line);
    if (status == LineEditor::Status::kInterrupted) {
      buffer.clear();
      continue;
    }
    if (status == LineEditor::Status::kEndOfInput) {
      std::cout << "\n";
      break;
    }
    auto run = [&](const Statement& statement) {
      editor.addHistory(historyEntry(statement.text));
      session.runStatement(statement.text, Location{});
    };
    if (buffer.empty() || buffer.waiting()) {
      size_t first = line.find_first_not_of(" \t");
      if (first == std::string::npos && buffer.empty()) continue;
      std::string trimmed = first == std::string::npos ? "" : line.substr(first);
      while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t')) trimmed.pop_back();
      bool quitWord = trimmed == "quit" || trimmed == "exit" || trimmed == "\\q";
      if (!trimmed.empty() && (trimmed[0] == '.' || quitWord)) {
        // A dot-command ends the statement waiting for more.
        if (auto statement = buffer.finish()) run(*statement);
        if (quitWord) break;
        editor.addHistory(trimmed);
        runDotCommand(session, trimmed, Location{});
        continue;
      }
    }
    for (const Statement& statement : buffer.addLine(line)) run(statement);
  }
  removeInterruptHandler();
  return kOk;
}

}  // namespace kg::cli::shell
