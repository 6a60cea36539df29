// RDF/XML through Raptor 2 (the field's RDF/XML parser). Raptor is a C library: nothing may
// be thrown through it, so its callbacks record the first error (or the sink's exception),
// abort the parse, and the error is thrown once Raptor has returned.
#include <raptor2.h>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "ingest/ingest.h"
#include "ingest/language_tag.h"
#include "ingest/parsers.h"

namespace kg::ingest::detail {
namespace {

struct RaptorParse {
  const ParseOptions* options = nullptr;
  const std::string* fileName = nullptr;
  const QuadSink* sink = nullptr;
  raptor_parser* parser = nullptr;
  uint64_t statements = 0;
  uint64_t anonymous = 0;
  std::exception_ptr sinkError;
  bool failed = false;
  uint64_t line = 0;
  uint64_t column = 0;
  std::string message;
};

std::string raptorUri(raptor_uri* uri) {
  return reinterpret_cast<const char*>(raptor_uri_as_string(uri));
}

Term termOf(const raptor_term* t) {
  switch (t->type) {
    case RAPTOR_TERM_TYPE_URI:
      return Term::iri(raptorUri(t->value.uri));
    case RAPTOR_TERM_TYPE_BLANK:
      return Term::blank(std::string(reinterpret_cast<const char*>(t->value.blank.string),
                                     t->value.blank.string_len));
    case RAPTOR_TERM_TYPE_LITERAL: {
      const auto& lit = t->value.literal;
      std::string lexical(reinterpret_cast<const char*>(lit.string), lit.string_len);
      std::string language =
          lit.language ? std::string(reinterpret_cast<const char*>(lit.language), lit.language_len)
                       : std::string();
      std::string datatype = lit.datatype ? raptorUri(lit.datatype) : std::string();
      return Term::literal(std::move(lexical), std::move(datatype), std::move(language));
    }
    case RAPTOR_TERM_TYPE_UNKNOWN:
      break;
  }
  return Term::blank("_unknown");
}

// Raptor keeps an IRI that is not absolute when its namespace or base is not (xmlns:foo="ht?p:"):
// kg's other parsers and its writers need absolute IRIs, so such a statement fails the parse.
raptor_uri* relativeIri(const raptor_statement* st) {
  for (const raptor_term* t : {st->subject, st->predicate, st->object}) {
    if (!t) continue;
    raptor_uri* iri = t->type == RAPTOR_TERM_TYPE_URI       ? t->value.uri
                      : t->type == RAPTOR_TERM_TYPE_LITERAL ? t->value.literal.datatype
                                                            : nullptr;
    if (iri && !isAbsoluteIri(raptorUri(iri))) return iri;
  }
  return nullptr;
}

void failAtParser(RaptorParse* parse, std::string message) {
  parse->failed = true;
  parse->message = std::move(message);
  if (raptor_locator* where = raptor_parser_get_locator(parse->parser)) {
    parse->line = where->line > 0 ? static_cast<uint64_t>(where->line) : 0;
    parse->column = where->column > 0 ? static_cast<uint64_t>(where->column) : 0;
  }
  raptor_parser_parse_abort(parse->parser);
}

void onStatement(void* data, raptor_statement* st) {
  auto* parse = static_cast<RaptorParse*>(data);
  if (parse->failed || parse->sinkError) return;
  if (raptor_uri* bad = relativeIri(st)) {
    failAtParser(parse, "relative IRI <" + raptorUri(bad) +
                            "> (IRIs must be absolute, with a scheme such as http:)");
    return;
  }
  if (const raptor_term* object = st->object;
      object && object->type == RAPTOR_TERM_TYPE_LITERAL && object->value.literal.language) {
    std::string_view tag(reinterpret_cast<const char*>(object->value.literal.language),
                         object->value.literal.language_len);
    if (!tag.empty() && !isLanguageTag(tag)) {  // xml:lang="" is no language
      failAtParser(parse, "invalid language tag xml:lang=\"" + std::string(tag) +
                              "\" (letters, then '-' and letters or digits)");
      return;
    }
  }
  try {
    Quad quad;
    quad.subject = termOf(st->subject);
    quad.predicate = termOf(st->predicate);
    quad.object = termOf(st->object);
    quad.graph = parse->options->defaultGraph ? *parse->options->defaultGraph : Term::iri("");
    ++parse->statements;
    (*parse->sink)(std::move(quad));
  } catch (...) {
    parse->sinkError = std::current_exception();
    raptor_parser_parse_abort(parse->parser);
  }
}

void onLog(void* data, raptor_log_message* message) {
  auto* parse = static_cast<RaptorParse*>(data);
  if (message->level < RAPTOR_LOG_LEVEL_ERROR || parse->failed) return;
  parse->failed = true;
  parse->message = message->text ? message->text : "malformed RDF/XML";
  // Errors from libxml may come without a locator: the parser's own one knows the line.
  raptor_locator* where = message->locator;
  if ((!where || where->line <= 0) && parse->parser) where = raptor_parser_get_locator(parse->parser);
  if (where) {
    parse->line = where->line > 0 ? static_cast<uint64_t>(where->line) : 0;
    parse->column = where->column > 0 ? static_cast<uint64_t>(where->column) : 0;
  }
  if (parse->parser) raptor_parser_parse_abort(parse->parser);
}

void onNamespace(void* data, raptor_namespace* ns) {
  auto* parse = static_cast<RaptorParse*>(data);
  if (parse->failed || parse->sinkError || !parse->options->prefixSink) return;
  const unsigned char* prefix = raptor_namespace_get_prefix(ns);
  raptor_uri* uri = raptor_namespace_get_uri(ns);
  if (!prefix || !uri) return;  // the default namespace has no prefix name
  try {
    parse->options->prefixSink(reinterpret_cast<const char*>(prefix), raptorUri(uri));
  } catch (...) {
    parse->sinkError = std::current_exception();
    raptor_parser_parse_abort(parse->parser);
  }
}

// Blank node labels follow the Turtle parser's rules (ingest.h): rdf:nodeID labels as
// written, '_' added in front of one that starts with '_'; unnamed nodes are "_anon<N>".
unsigned char* onBlankNode(void* data, unsigned char* userLabel) {
  auto* parse = static_cast<RaptorParse*>(data);
  std::string label;
  if (userLabel) {
    label = reinterpret_cast<const char*>(userLabel);
    std::free(userLabel);
    if (!label.empty() && label[0] == '_') label.insert(label.begin(), '_');
  } else {
    label = "_anon" + std::to_string(++parse->anonymous);
  }
  auto* out = static_cast<unsigned char*>(std::malloc(label.size() + 1));
  if (out) std::memcpy(out, label.c_str(), label.size() + 1);
  return out;
}

struct WorldDeleter {
  void operator()(raptor_world* w) const { raptor_free_world(w); }
};
struct ParserDeleter {
  void operator()(raptor_parser* p) const { raptor_free_parser(p); }
};
struct UriDeleter {
  void operator()(raptor_uri* u) const { raptor_free_uri(u); }
};

}  // namespace

uint64_t parseRdfXml(InputSource& in, const ParseOptions& options, const std::string& fileName,
                     const QuadSink& sink, const ProgressCallback& progress) {
  RaptorParse parse;
  parse.options = &options;
  parse.fileName = &fileName;
  parse.sink = &sink;

  std::unique_ptr<raptor_world, WorldDeleter> world(raptor_new_world());
  if (!world || raptor_world_open(world.get()) != 0) {
    throw IoError(fileName + ": cannot start the RDF/XML parser");
  }
  raptor_world_set_log_handler(world.get(), &parse, onLog);
  raptor_world_set_generate_bnodeid_handler(world.get(), &parse, onBlankNode);
  std::unique_ptr<raptor_parser, ParserDeleter> parser(raptor_new_parser(world.get(), "rdfxml"));
  if (!parser) throw IoError(fileName + ": cannot start the RDF/XML parser");
  parse.parser = parser.get();
  // A document never makes kg read the network or other files (external entities, DTDs).
  raptor_parser_set_option(parser.get(), RAPTOR_OPTION_NO_NET, nullptr, 1);
  raptor_parser_set_option(parser.get(), RAPTOR_OPTION_NO_FILE, nullptr, 1);
  raptor_parser_set_option(parser.get(), RAPTOR_OPTION_LOAD_EXTERNAL_ENTITIES, nullptr, 0);
  raptor_parser_set_statement_handler(parser.get(), &parse, onStatement);
  raptor_parser_set_namespace_handler(parser.get(), &parse, onNamespace);

  // RDF/XML needs a base IRI; without one, relative IRIs resolve against the file's name.
  std::string base = options.baseIri.empty() ? "file:///" + fileName : options.baseIri;
  std::unique_ptr<raptor_uri, UriDeleter> baseUri(
      raptor_new_uri(world.get(), reinterpret_cast<const unsigned char*>(base.c_str())));
  if (!baseUri || raptor_parser_parse_start(parser.get(), baseUri.get()) != 0) {
    throw ParseError(fileName, 1, 1, "invalid base IRI <" + base + ">");
  }

  std::vector<char> buffer(size_t{1} << 16);
  uint64_t lastProgress = 0;
  while (!parse.failed && !parse.sinkError) {
    size_t got = in.read(buffer.data(), buffer.size());
    int status = raptor_parser_parse_chunk(parser.get(), reinterpret_cast<unsigned char*>(buffer.data()),
                                           got, got == 0 ? 1 : 0);
    if (progress && in.bytesConsumed() - lastProgress >= (uint64_t{1} << 20)) {
      lastProgress = in.bytesConsumed();
      progress(lastProgress);
    }
    if (status != 0 && !parse.failed && !parse.sinkError) {
      parse.failed = true;
      parse.message = "malformed RDF/XML";
    }
    if (got == 0) break;
  }
  if (parse.sinkError) std::rethrow_exception(parse.sinkError);
  if (parse.failed) {
    throw ParseError(fileName, parse.line ? parse.line : 1, parse.column ? parse.column : 1,
                     "RDF/XML: " + parse.message);
  }
  if (progress) progress(in.bytesConsumed());
  return parse.statements;
}

}  // namespace kg::ingest::detail
