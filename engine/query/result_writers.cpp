// Result formats: an aligned table for people, and the W3C SPARQL 1.1 JSON, XML, CSV and TSV
// formats; N-Triples, N-Quads, Turtle, TriG, RDF/XML and JSON-LD for graphs.
#include <algorithm>
#include <ostream>

#include "core/jsonld_writer.h"
#include "core/markup_escape.h"
#include "core/rdfxml_writer.h"
#include "core/turtle_writer.h"

#include "kg/error.h"
#include "kg/query.h"

namespace kg {
namespace {

std::string jsonTerm(const Term& t) {
  switch (t.kind) {
    case TermKind::kIri:
      return "{\"type\":\"uri\",\"value\":\"" + jsonEscape(t.value) + "\"}";
    case TermKind::kBlank:
      return "{\"type\":\"bnode\",\"value\":\"" + jsonEscape(t.value) + "\"}";
    case TermKind::kLiteral: {
      std::string out = "{\"type\":\"literal\",\"value\":\"" + jsonEscape(t.value) + "\"";
      if (!t.language.empty()) {
        out += ",\"xml:lang\":\"" + jsonEscape(t.language) + "\"";
      } else if (t.datatype != vocab::kXsdString) {
        out += ",\"datatype\":\"" + jsonEscape(t.datatype) + "\"";
      }
      return out + "}";
    }
    case TermKind::kTriple:
      return "{\"type\":\"triple\",\"value\":{\"subject\":" + jsonTerm(t.triple->subject) +
             ",\"predicate\":" + jsonTerm(t.triple->predicate) +
             ",\"object\":" + jsonTerm(t.triple->object) + "}}";
  }
  return "null";
}

std::string csvCell(const Term& t) {
  std::string v;
  switch (t.kind) {
    case TermKind::kIri: v = t.value; break;
    case TermKind::kBlank: v = "_:" + t.value; break;
    case TermKind::kLiteral: v = t.value; break;
    case TermKind::kTriple: v = t.toNTriples(); break;
  }
  if (v.find_first_of(",\"\r\n") != std::string::npos) {
    std::string quoted = "\"";
    for (char c : v) {
      if (c == '"') quoted += '"';
      quoted += c;
    }
    return quoted + "\"";
  }
  return v;
}

// One term inside <binding>: <uri>, <bnode>, <literal>, or <triple> (SPARQL-star results).
std::string xmlTerm(const Term& t) {
  switch (t.kind) {
    case TermKind::kIri: return "<uri>" + xmlEscape(t.value) + "</uri>";
    case TermKind::kBlank: return "<bnode>" + xmlEscape(t.value) + "</bnode>";
    case TermKind::kLiteral: {
      std::string open = "<literal";
      if (!t.language.empty()) {
        open += " xml:lang=\"" + xmlEscape(t.language) + "\"";
      } else if (t.datatype != vocab::kXsdString) {
        open += " datatype=\"" + xmlEscape(t.datatype) + "\"";
      }
      if (!xmlCanHold(t.value)) {
        // Written anyway, the document would not parse; JSON, CSV and TSV hold any text.
        throw Error(ErrorCode::kQuery,
                    "SPARQL XML results cannot hold a literal with a control character (XML 1.0 "
                    "has no form for it); ask for JSON, CSV or TSV");
      }
      return open + ">" + xmlEscape(t.value) + "</literal>";
    }
    case TermKind::kTriple:
      return "<triple><subject>" + xmlTerm(t.triple->subject) + "</subject><predicate>" +
             xmlTerm(t.triple->predicate) + "</predicate><object>" + xmlTerm(t.triple->object) +
             "</object></triple>";
  }
  return {};
}

uint64_t writeXml(QueryResult& result, std::ostream& out) {
  out << "<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
      << "<head>";
  const auto& vars = result.variables();
  if (result.form() == QueryForm::kAsk) {
    out << "</head>\n<boolean>" << (result.boolean() ? "true" : "false") << "</boolean>\n</sparql>\n";
    return 1;
  }
  for (const auto& v : vars) out << "<variable name=\"" << xmlEscape(v) << "\"/>";
  out << "</head>\n<results>\n";
  Solution row;
  uint64_t n = 0;
  std::string line;
  while (result.next(row)) {
    line = "<result>";
    for (size_t i = 0; i < vars.size(); ++i) {
      if (!row[i]) continue;
      line += "<binding name=\"" + xmlEscape(vars[i]) + "\">" + xmlTerm(*row[i]) + "</binding>";
    }
    line += "</result>\n";
    out << line;
    ++n;
  }
  out << "</results>\n</sparql>\n";
  return n;
}

// Display width of UTF-8 text (code points; good enough for aligned tables).
size_t displayWidth(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

uint64_t writeGraph(QueryResult& result, std::ostream& out) {
  Solution row;
  uint64_t n = 0;
  while (result.next(row)) {
    out << row[0]->toNTriples() << ' ' << row[1]->toNTriples() << ' ' << row[2]->toNTriples();
    if (row.size() > 3 && row[3]) out << ' ' << row[3]->toNTriples();
    out << " .\n";
    ++n;
  }
  return n;
}

// Feeds the statements of a graph result to a TurtleWriter, RdfXmlWriter or JsonLdWriter.
template <typename Writer>
uint64_t writeStatements(QueryResult& result, Writer& writer) {
  Solution row;
  uint64_t n = 0;
  Quad quad;
  while (result.next(row)) {
    quad.subject = std::move(*row[0]);
    quad.predicate = std::move(*row[1]);
    quad.object = std::move(*row[2]);
    quad.graph = row.size() > 3 && row[3] ? std::move(*row[3]) : Term::iri("");
    writer.write(quad);
    ++n;
  }
  writer.finish();
  return n;
}

PrefixMap withQueryPrefixes(QueryResult& result, PrefixMap prefixes) {
  for (const auto& [name, iri] : result.prefixes()) prefixes[name] = iri;
  return prefixes;
}

uint64_t writeTurtle(QueryResult& result, std::ostream& out, const PrefixMap& extra, bool trig) {
  TurtleWriter writer(out, withQueryPrefixes(result, extra), trig);
  return writeStatements(result, writer);
}

}  // namespace

bool isSolutionFormat(ResultFormat format) {
  switch (format) {
    case ResultFormat::kTable:
    case ResultFormat::kJson:
    case ResultFormat::kCsv:
    case ResultFormat::kTsv:
    case ResultFormat::kXml:
      return true;
    case ResultFormat::kNTriples:
    case ResultFormat::kTurtle:
    case ResultFormat::kTriG:
    case ResultFormat::kNQuads:
    case ResultFormat::kRdfXml:
    case ResultFormat::kJsonLd:
      return false;
  }
  return false;
}

uint64_t writeResult(QueryResult& result, std::ostream& out, ResultFormat format) {
  return writeResult(result, out, format, PrefixMap{});
}

uint64_t writeResult(QueryResult& result, std::ostream& out, ResultFormat format,
                     const PrefixMap& prefixes) {
  QueryForm form = result.form();
  if (form == QueryForm::kConstruct || form == QueryForm::kDescribe) {
    switch (format) {
      case ResultFormat::kTable: break;  // People get the triples as a table too.
      case ResultFormat::kXml:
        throw Error(ErrorCode::kUsage,
                    "SPARQL XML results are for SELECT and ASK; a graph can be written as "
                    "Turtle, TriG, N-Triples, N-Quads, RDF/XML (rdfxml) or JSON-LD (jsonld)");
      case ResultFormat::kTurtle: return writeTurtle(result, out, prefixes, false);
      case ResultFormat::kTriG: return writeTurtle(result, out, prefixes, true);
      case ResultFormat::kRdfXml: {
        RdfXmlWriter writer(out, withQueryPrefixes(result, prefixes));
        return writeStatements(result, writer);
      }
      case ResultFormat::kJsonLd: {
        JsonLdWriter writer(out);
        return writeStatements(result, writer);
      }
      default: return writeGraph(result, out);
    }
  }
  if (!isSolutionFormat(format)) {
    throw Error(ErrorCode::kUsage,
                "graph formats (Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD) are for CONSTRUCT and DESCRIBE "
                "queries; solutions can be written as a table, JSON, XML, CSV or TSV");
  }
  if (format == ResultFormat::kXml) return writeXml(result, out);
  if (form == QueryForm::kAsk) {
    bool answer = result.boolean();
    switch (format) {
      case ResultFormat::kJson:
        out << "{\"head\":{},\"boolean\":" << (answer ? "true" : "false") << "}\n";
        break;
      case ResultFormat::kCsv:
        // The CSV/TSV result formats define no form for a boolean: the answer alone (no
        // made-up column), as the table shows it.
        out << (answer ? "true" : "false") << "\r\n";
        break;
      default:
        out << (answer ? "true" : "false") << "\n";
    }
    return 1;
  }
  const auto& vars = result.variables();
  Solution row;
  uint64_t n = 0;
  switch (format) {
    case ResultFormat::kJson: {
      out << "{\"head\":{\"vars\":[";
      for (size_t i = 0; i < vars.size(); ++i) out << (i ? "," : "") << '"' << jsonEscape(vars[i]) << '"';
      out << "]},\"results\":{\"bindings\":[";
      while (result.next(row)) {
        out << (n ? ",\n" : "\n") << "{";
        bool first = true;
        for (size_t i = 0; i < vars.size(); ++i) {
          if (!row[i]) continue;
          out << (first ? "" : ",") << '"' << jsonEscape(vars[i]) << "\":" << jsonTerm(*row[i]);
          first = false;
        }
        out << "}";
        ++n;
      }
      out << "\n]}}\n";
      return n;
    }
    case ResultFormat::kCsv: {
      for (size_t i = 0; i < vars.size(); ++i) out << (i ? "," : "") << vars[i];
      out << "\r\n";
      while (result.next(row)) {
        for (size_t i = 0; i < vars.size(); ++i) {
          if (i) out << ',';
          if (row[i]) out << csvCell(*row[i]);
        }
        out << "\r\n";
        ++n;
      }
      return n;
    }
    case ResultFormat::kTsv: {
      for (size_t i = 0; i < vars.size(); ++i) out << (i ? "\t" : "") << "?" << vars[i];
      out << "\n";
      while (result.next(row)) {
        for (size_t i = 0; i < vars.size(); ++i) {
          if (i) out << '\t';
          if (row[i]) out << row[i]->toNTriples();
        }
        out << "\n";
        ++n;
      }
      return n;
    }
    default: {
      std::vector<std::vector<std::string>> cells;
      std::vector<size_t> widths;
      for (const auto& v : vars) widths.push_back(displayWidth(v) + 1);
      while (result.next(row)) {
        std::vector<std::string> line;
        for (size_t i = 0; i < vars.size(); ++i) {
          std::string text = row[i] ? row[i]->toNTriples() : "";
          widths[i] = std::max(widths[i], displayWidth(text));
          line.push_back(std::move(text));
        }
        cells.push_back(std::move(line));
        ++n;
      }
      auto pad = [](const std::string& s, size_t w) {
        return s + std::string(w > displayWidth(s) ? w - displayWidth(s) : 0, ' ');
      };
      for (size_t i = 0; i < vars.size(); ++i) {
        out << (i ? " | " : "") << pad("?" + vars[i], widths[i]);
      }
      out << "\n";
      for (size_t i = 0; i < vars.size(); ++i) out << (i ? "-+-" : "") << std::string(widths[i], '-');
      out << "\n";
      for (const auto& line : cells) {
        for (size_t i = 0; i < line.size(); ++i) out << (i ? " | " : "") << pad(line[i], widths[i]);
        out << "\n";
      }
      out << "(" << n << (n == 1 ? " row" : " rows") << ")\n";
      return n;
    }
  }
  return n;
}

}  // namespace kg
