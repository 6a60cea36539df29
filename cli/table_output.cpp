#include "table_output.h"

#include "cli_common.h"
#include "shell/sparql_scan.h"
#include "shell/table_renderer.h"
#include "shell/terminal.h"

namespace kg::cli {

void writeTable(QueryResult& result, const std::string& queryText, std::ostream& out) {
  if (result.form() == QueryForm::kAsk) {
    out << (result.boolean() ? "true" : "false") << "\n";
    return;
  }
  shell::PrefixTable prefixes;
  for (const auto& [name, iri] : shell::prefixesDeclaredIn(queryText)) prefixes.declare(name, iri);
  shell::TableBuilder table = shell::collectTable(result, prefixes, 0);
  shell::TableOptions options;
  bool terminal = shell::stdoutIsTerminal();
  options.style = terminal ? shell::TableStyle::kBox : shell::TableStyle::kAscii;
  options.maxWidth = terminal ? shell::terminalWidth() : 0;
  options.color = terminal && shell::colorWanted();
  table.render(out, options);
  bool triples = result.form() == QueryForm::kConstruct || result.form() == QueryForm::kDescribe;
  uint64_t n = table.rowCount();
  out << formatCount(n) << (triples ? (n == 1 ? " triple" : " triples") : (n == 1 ? " row" : " rows")) << "\n";
}

}  // namespace kg::cli
