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

// The statement as a history entry: one line that is complete as it stands.
std::string historyEntry(Session& session, const std::string& statement) {
  std::string entry = toOneLine(statement);
  StatementBuffer check([&](const std::string& text) { return session.looksUnfinished(text); });
  if (!check.addLine(entry)) entry += " ;";
  return entry;
}

void printBanner(Session& session, const std::string& note) {
  uint64_t quads = 0;
  try {
    quads = session.db().statistics().quads;
  } catch (const Error&) {
  }
  std::cout << "kg shell: store " << session.db().path() << " (" << formatCount(quads)
            << (quads == 1 ? " quad" : " quads") << (session.db().readOnly() ? ", read-only" : "") << ")\n";
  if (!note.empty()) std::cout << note << "\n";
  std::cout << "Enter SPARQL or .help; Tab completes; Ctrl-C cancels; Ctrl-D leaves.\n";
}

}  // namespace

int runInteractive(Session& session, const std::string& storeNote) {
  printBanner(session, storeNote);
  installInterruptHandler();
  StatementBuffer buffer([&](const std::string& text) { return session.looksUnfinished(text); });
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
    if (buffer.empty()) {
      size_t first = line.find_first_not_of(" \t");
      if (first == std::string::npos) continue;
      std::string trimmed = line.substr(first);
      while (!trimmed.empty() && (trimmed.back() == ' ' || trimmed.back() == '\t')) trimmed.pop_back();
      if (trimmed[0] == '.') {
        editor.addHistory(trimmed);
        runDotCommand(session, trimmed, Location{});
        continue;
      }
      if (trimmed == "quit" || trimmed == "exit" || trimmed == "\\q") break;
    }
    if (buffer.addLine(line)) {
      std::string typed = buffer.text();
      std::string statement = buffer.take();
      editor.addHistory(historyEntry(session, typed));
      session.runStatement(statement, Location{});
    }
  }
  removeInterruptHandler();
  return kOk;
}

}  // namespace kg::cli::shell
