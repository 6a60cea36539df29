#include "shell/prefixes.h"

#include <cctype>

#include "kg/term.h"

namespace kg::cli::shell {
namespace {

bool simpleLocalName(std::string_view s) {
  if (s.empty()) return true;
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || c == '_' || c == '-' || c == '.' || u >= 0x80)) return false;
  }
  return s.front() != '.' && s.front() != '-' && s.back() != '.';
}

}  // namespace

PrefixTable::PrefixTable() {
  builtins_ = {{"rdf", std::string(vocab::kRdf)},   {"rdfs", std::string(vocab::kRdfs)},
               {"xsd", std::string(vocab::kXsd)},   {"owl", std::string(vocab::kOwl)},
               {"kg", std::string(vocab::kKg)}};
  prefixes_ = builtins_;
}

void PrefixTable::declare(const std::string& name, const std::string& iri) { prefixes_[name] = iri; }

bool PrefixTable::remove(const std::string& name) { return prefixes_.erase(name) > 0; }

bool PrefixTable::isBuiltin(const std::string& name) const {
  auto it = builtins_.find(name);
  auto mine = prefixes_.find(name);
  return it != builtins_.end() && mine != prefixes_.end() && it->second == mine->second;
}

std::string PrefixTable::compact(std::string_view iri) const {
  const std::pair<const std::string, std::string>* best = nullptr;
  for (const auto& entry : prefixes_) {
    const std::string& ns = entry.second;
    if (ns.empty() || iri.size() < ns.size() || iri.compare(0, ns.size(), ns) != 0) continue;
    if (!simpleLocalName(iri.substr(ns.size()))) continue;
    if (!best || ns.size() > best->second.size()) best = &entry;
  }
  if (!best) return {};
  return best->first + ":" + std::string(iri.substr(best->second.size()));
}

std::string PrefixTable::expand(std::string_view name) const {
  size_t colon = name.find(':');
  if (colon == std::string_view::npos) return {};
  auto it = prefixes_.find(std::string(name.substr(0, colon)));
  if (it == prefixes_.end()) return {};
  return it->second + std::string(name.substr(colon + 1));
}

std::string PrefixTable::prologue() const {
  std::string out;
  for (const auto& [name, iri] : prefixes_) {
    if (isBuiltin(name)) continue;
    if (!out.empty()) out += ' ';
    out += "PREFIX " + name + ": <" + iri + ">";
  }
  if (!out.empty()) out += '\n';
  return out;
}

}  // namespace kg::cli::shell
