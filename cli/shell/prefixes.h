// The REPL's prefix table: names declared with .prefix (and the parser's predeclared ones),
// used to shorten IRIs in output, to complete prefixed names, and prepended to statements.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kg::cli::shell {

class PrefixTable {
 public:
  PrefixTable();  // rdf rdfs xsd owl kg, as the parser predeclares them

  void declare(const std::string& name, const std::string& iri);
  bool remove(const std::string& name);
  // name -> IRI, sorted by name.
  const std::map<std::string, std::string>& all() const { return prefixes_; }
  bool isBuiltin(const std::string& name) const;

  // "ex:name" for an IRI under a declared namespace with a simple local part; else empty.
  std::string compact(std::string_view iri) const;
  // The IRI of a prefixed name ("ex:a" -> "http://.../a"); empty if the prefix is unknown.
  std::string expand(std::string_view prefixedName) const;

  // PREFIX declarations for what the user declared (the parser knows the builtins), all on
  // one line followed by a newline; empty when there is nothing to declare.
  std::string prologue() const;

 private:
  std::map<std::string, std::string> prefixes_;
  std::map<std::string, std::string> builtins_;
};

}  // namespace kg::cli::shell
