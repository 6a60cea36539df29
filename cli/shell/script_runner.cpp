#include "shell/script_runner.h"

#include <fstream>

#include "cli_common.h"
#include "shell/dot_commands.h"
#include "shell/statement_buffer.h"

namespace kg::cli::shell {

int runScriptStream(Session& session, std::istream& in, const std::string& name, bool keepGoing) {
  StatementBuffer buffer(session.grammar(), StatementBuffer::Source::kFile);
  int firstFailure = kOk;
  auto record = [&](int code) {
    if (code != kOk && firstFailure == kOk) firstFailure = code;
    return code == kOk || keepGoing;
  };
  auto run = [&](const Statement& statement) {
    return record(session.runStatement(statement.text, Location{name, statement.line}));
  };
  std::string line;
  int lineNumber = 0;
  while (!session.quitRequested() && std::getline(in, line)) {
    ++lineNumber;
    if (lineNumber == 1 && line.rfind("#!", 0) == 0) continue;  // a #!/usr/bin/env kg run line
    if (buffer.empty() || buffer.waiting()) {
      size_t first = line.find_first_not_of(" \t");
      if (first != std::string::npos && line[first] == '.') {
        // A dot-command ends the statement waiting for more.
        if (auto statement = buffer.finish(); statement && !run(*statement)) return firstFailure;
        if (!record(runDotCommand(session, line.substr(first), Location{name, lineNumber}))) break;
        continue;
      }
    }
    for (const Statement& statement : buffer.addLine(line, lineNumber)) {
      if (!run(statement)) return firstFailure;
    }
  }
  if (!session.quitRequested() && (firstFailure == kOk || keepGoing)) {
    if (auto statement = buffer.finish()) run(*statement);
  }
  return firstFailure;
}

int runScriptFile(Session& session, const std::string& path, bool keepGoing) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    session.reportProblem(path + ": cannot open", Location{});
    return kStorageFailure;
  }
  return runScriptStream(session, in, path, keepGoing);
}

}  // namespace kg::cli::shell
