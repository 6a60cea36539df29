#include "shell/completer.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>

#include "shell/sparql_scan.h"

namespace kg::cli::shell {
namespace {

const char* const kKeywords[] = {
    "SELECT", "DISTINCT", "REDUCED", "WHERE", "FROM", "NAMED", "PREFIX", "BASE", "ASK",
    "CONSTRUCT", "DESCRIBE", "ORDER", "BY", "ASC", "DESC", "LIMIT", "OFFSET", "GROUP", "HAVING",
    "OPTIONAL", "UNION", "MINUS", "FILTER", "BIND", "VALUES", "GRAPH", "SERVICE", "SILENT", "AS",
    "NOT", "EXISTS", "IN", "UNDEF", "INSERT", "DELETE", "DATA", "WITH", "USING", "DEFAULT", "ALL",
    "LOAD", "INTO", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "TO", "COUNT", "SUM", "MIN",
    "MAX", "AVG", "SAMPLE", "GROUP_CONCAT", "SEPARATOR", "STR", "LANG", "LANGMATCHES", "DATATYPE",
    "BOUND", "IRI", "URI", "BNODE", "RAND", "ABS", "CEIL", "FLOOR", "ROUND", "CONCAT", "STRLEN",
    "UCASE", "LCASE", "ENCODE_FOR_URI", "CONTAINS", "STRSTARTS", "STRENDS", "STRBEFORE",
    "STRAFTER", "YEAR", "MONTH", "DAY", "HOURS", "MINUTES", "SECONDS", "TIMEZONE", "TZ", "NOW",
    "UUID", "STRUUID", "MD5", "SHA1", "SHA256", "SHA384", "SHA512", "COALESCE", "IF", "STRLANG",
    "STRDT", "SAMETERM", "ISIRI", "ISURI", "ISBLANK", "ISLITERAL", "ISNUMERIC", "REGEX", "SUBSTR",
    "REPLACE", "TRIPLE", "SUBJECT", "PREDICATE", "OBJECT", "ISTRIPLE", "EXPLAIN", "ANALYZE"};

bool startsWith(const std::string& s, const std::string& prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool startsWithNoCase(const std::string& s, const std::string& prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Arguments a dot-command takes from a fixed list.
std::vector<std::string> fixedArguments(const std::string& command) {
  if (command == ".mode") return {"table", "box", "csv", "tsv", "json", "markdown", "ntriples"};
  if (command == ".timer") return {"on", "off"};
  if (command == ".explain") return {"on", "off", "analyze"};
  return {};
}

bool takesPath(const std::string& command) {
  return command == ".load" || command == ".read" || command == ".extract" || command == ".output" ||
         command == ".open" || command == ".cd";
}

size_t wordStartIn(const std::string& line) {
  size_t start = line.size();
  while (start > 0) {
    char c = line[start - 1];
    if (isNameChar(c) || c == '.' ) {
      --start;
      continue;
    }
    if (c == '?' || c == '$') --start;
    break;
  }
  // A leading '.' belongs to the previous triple ("ex:a ex:b ex:c.ex:d" is rare): drop it.
  while (start < line.size() && line[start] == '.') ++start;
  // An IRI being typed: from an unclosed '<' with no space after it.
  size_t lt = line.rfind('<');
  if (lt != std::string::npos && line.find_first_of(" \t>", lt) == std::string::npos) start = lt;
  return start;
}

}  // namespace

std::vector<std::string> completePath(const std::string& word) {
  std::vector<std::string> out;
  size_t slash = word.rfind('/');
  std::string dirPart = slash == std::string::npos ? "" : word.substr(0, slash + 1);
  std::string base = slash == std::string::npos ? word : word.substr(slash + 1);
  std::string dir = dirPart.empty() ? "." : dirPart;
  if (startsWith(dir, "~/")) {
    if (const char* home = std::getenv("HOME")) dir = std::string(home) + dir.substr(1);
  }
  DIR* d = ::opendir(dir.c_str());
  if (!d) return out;
  while (dirent* entry = ::readdir(d)) {
    std::string name = entry->d_name;
    if (name == "." || name == "..") continue;
    if (name[0] == '.' && (base.empty() || base[0] != '.')) continue;
    if (!startsWith(name, base)) continue;
    struct stat st {};
    bool isDir = ::stat((dir + "/" + name).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
    out.push_back(dirPart + name + (isDir ? "/" : ""));
  }
  ::closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

CompletionResult completeInput(const CompletionContext& ctx, const std::string& line) {
  CompletionResult result;
  size_t first = line.find_first_not_of(" \t");
  // Dot-commands (only at the start of a statement).
  if (ctx.pendingText.empty() && first != std::string::npos && line[first] == '.') {
    size_t space = line.find_first_of(" \t", first);
    if (space == std::string::npos) {
      result.wordStart = first;
      std::string word = line.substr(first);
      for (const auto& c : ctx.dotCommands) {
        if (startsWith(c, word)) result.candidates.push_back(c);
      }
      return result;
    }
    std::string command = line.substr(first, space - first);
    size_t wordStart = line.find_last_of(" \t") + 1;
    std::string word = line.substr(wordStart);
    result.wordStart = wordStart;
    if (takesPath(command)) {
      result.candidates = completePath(word);
      return result;
    }
    if (command == ".help") {
      for (const auto& c : ctx.dotCommands) {
        if (startsWith(c, word) || startsWith(c.substr(1), word)) result.candidates.push_back(c);
      }
      return result;
    }
    auto fixed = fixedArguments(command);
    bool firstArgument = line.find_first_not_of(" \t", space) == wordStart;
    if (!fixed.empty() && firstArgument) {
      for (const auto& a : fixed) {
        if (startsWith(a, word)) result.candidates.push_back(a);
      }
      if (command != ".explain") return result;
    }
    if (command != ".explain" && command != ".prefix") return result;
    // .explain QUERY and .prefix p: <iri> fall through to statement completion.
  }

  size_t start = wordStartIn(line);
  result.wordStart = start;
  std::string word = line.substr(start);
  std::string statement = ctx.pendingText + "\n" + line.substr(0, start);

  if (!word.empty() && (word[0] == '?' || word[0] == '$')) {
    for (const auto& v : variablesIn(statement + " " + line.substr(start + word.size()))) {
      std::string candidate = word.substr(0, 1) + v;
      if (startsWith(candidate, word) && candidate != word) result.candidates.push_back(candidate);
    }
    return result;
  }

  // Prefixes: the REPL's, then those the statement declares itself.
  PrefixTable prefixes = ctx.prefixes ? *ctx.prefixes : PrefixTable();
  for (const auto& [name, iri] : prefixesDeclaredIn(statement)) prefixes.declare(name, iri);

  std::vector<std::string> predicates = ctx.predicates ? *ctx.predicates : std::vector<std::string>{};
  if (!word.empty() && word[0] == '<') {
    for (const auto& iri : predicates) {
      std::string candidate = "<" + iri + ">";
      if (startsWith(candidate, word)) result.candidates.push_back(candidate);
    }
    return result;
  }

  if (word.empty()) return result;
  std::set<std::string> seen;
  auto offer = [&](const std::string& c) {
    if (seen.insert(c).second) result.candidates.push_back(c);
  };
  if (word.find(':') != std::string::npos) {
    for (const auto& iri : predicates) {
      std::string name = prefixes.compact(iri);
      if (!name.empty() && startsWith(name, word)) offer(name);
    }
    return result;
  }
  bool lowerCase = lower(word) == word;
  for (const char* k : kKeywords) {
    std::string keyword = k;
    if (startsWithNoCase(keyword, word)) offer(lowerCase ? lower(keyword) : keyword);
  }
  for (const auto& entry : prefixes.all()) {
    if (startsWith(entry.first + ":", word)) offer(entry.first + ":");
  }
  // A word that starts like a name: entities by label, as prefixed names where possible.
  if (ctx.entitiesByLabel && word.size() >= 2 && std::isalpha(static_cast<unsigned char>(word[0]))) {
    for (const auto& iri : ctx.entitiesByLabel(word)) {
      std::string name = prefixes.compact(iri);
      offer(name.empty() ? "<" + iri + ">" : name);
    }
  }
  return result;
}

}  // namespace kg::cli::shell
