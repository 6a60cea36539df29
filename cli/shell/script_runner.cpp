#include "shell/script_runner.h"

#include <fstream>

#include "cli_common.h"
#include "shell/dot_commands.h"
#include "shell/statement_buffer.h"

namespace kg::cli::shell {

int runScriptStream(Session& session, std::istream& in, const std::string& name, bool keepGoing) {
  StatementBuffer buffer([&](const std::string& text) { return session.looksUnfinished(text); });
  int firstFailure = kOk;
  auto record = [&](int code) {
    if (code != kOk && firstFailure == kOk) firstFailure = code;
    return code == kOk || keepGoing;
  };
  std::string line;
  int lineNumber = 0;
  while (!session.quitRequested() && std::getline(in, line)) {
    ++lineNumber;
    if (lineNumber == 1 && line.rfind("#!", 0) == 0) continue;  // a #!/usr/bin/env kg run line
    if (buffer.empty()) {
      size_t first = line.find_first_not_of(" \t");
      if (first != std::string::npos && line[first] == '.') {
        if (!record(runDotCommand(session, line.substr(first), Location{name, lineNumber}))) break;
        continue;
      }
    }
    if (buffer.addLine(line, lineNumber)) {
      int start = buffer.startLine();
      std::string statement = buffer.take();
      if (!record(session.runStatement(statement, Location{name, start}))) return firstFailure;
    }
  }
  if (!buffer.empty() && !session.quitRequested() && (firstFailure == kOk || keepGoing)) {
    int start = buffer.startLine();
    record(session.runStatement(buffer.take(), Location{name, start}));
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
