#include "core/jsonld_writer.h"

#include <ostream>

#include "core/markup_escape.h"
#include "kg/error.h"

namespace kg {
namespace {

std::string quoted(std::string_view s) { return "\"" + jsonEscape(s) + "\""; }

std::string nodeReference(const Term& node) {
  switch (node.kind) {
    case TermKind::kIri: return quoted(node.value);
    case TermKind::kBlank: return quoted("_:" + node.value);
    case TermKind::kTriple:
      throw Error(ErrorCode::kQuery,
                  "JSON-LD cannot hold quoted triples (RDF-star); ask for Turtle or N-Triples");
    case TermKind::kLiteral: break;
  }
  throw Error(ErrorCode::kQuery, "JSON-LD cannot write a literal as a subject or predicate: " +
                                     node.toNTriples());
}

std::string valueObject(const Term& object) {
  if (!object.isLiteral()) return "{\"@id\":" + nodeReference(object) + "}";
  std::string out = "{\"@value\":" + quoted(object.value);
  if (!object.language.empty()) {
    out += ",\"@language\":" + quoted(object.language);
  } else if (!object.datatype.empty() && object.datatype != vocab::kXsdString) {
    out += ",\"@type\":" + quoted(object.datatype);
  }
  return out + "}";
}

}  // namespace

JsonLdWriter::JsonLdWriter(std::ostream& out) : out_(out) {}

void JsonLdWriter::write(const Quad& quad) {
  // Everything that can throw comes before any change, so a refused statement writes nothing.
  std::string subject = nodeReference(quad.subject);
  if (!quad.predicate.isIri()) {
    throw Error(ErrorCode::kQuery, "JSON-LD cannot write a predicate that is not an IRI: " +
                                       quad.predicate.toNTriples());
  }
  std::string value = valueObject(quad.object);
  if (subject_ && (*subject_ != quad.subject || values_ >= kMaxValuesPerNode)) flushNode();
  if (!subject_) subject_ = quad.subject;
  auto [place, added] = propertyIndex_.emplace(quad.predicate.value, properties_.size());
  if (added) properties_.emplace_back(quad.predicate.value, std::vector<std::string>{});
  properties_[place->second].second.push_back(std::move(value));
  ++values_;
}

void JsonLdWriter::flushNode() {
  if (!subject_) return;
  std::string node = wroteNode_ ? ",\n{\"@id\":" : "[\n{\"@id\":";
  node += nodeReference(*subject_);
  for (const auto& [predicate, values] : properties_) {
    node += "," + quoted(predicate) + ":[";
    for (size_t i = 0; i < values.size(); ++i) node += (i ? "," : "") + values[i];
    node += "]";
  }
  out_ << node << "}";
  wroteNode_ = true;
  subject_.reset();
  properties_.clear();
  propertyIndex_.clear();
  values_ = 0;
}

void JsonLdWriter::finish() {
  flushNode();
  out_ << (wroteNode_ ? "\n]\n" : "[]\n");
}

}  // namespace kg
