// Corpus input for extraction: files, directories, JSON Lines, standard input.
#include "kg/corpus.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unordered_map>

#include "core/utf8.h"
#include "extract/dates.h"
#include "kg/error.h"
#include "kg/extract.h"

namespace kg {

namespace fs = std::filesystem;

namespace {

bool isJsonLinesName(const std::string& path) {
  auto ext = fs::path(path).extension().string();
  return ext == ".jsonl" || ext == ".ndjson";
}

// One flat JSON object: string, number, true/false/null values. Nested values are an error
// (the corpus format has none). Throws a message with the column (1-based) on bad input.
struct JsonError {
  size_t column;
  std::string message;
};

class JsonLine {
 public:
  explicit JsonLine(std::string_view s) : s_(s) {}

  std::unordered_map<std::string, std::string> parse() {
    std::unordered_map<std::string, std::string> out;
    space();
    expect('{');
    space();
    if (peek() == '}') {
      ++i_;
    } else {
      for (;;) {
        space();
        if (peek() != '"') fail("expected a quoted key");
        std::string key = string();
        space();
        expect(':');
        space();
        std::string value = scalar();
        out[key] = value;
        space();
        if (peek() == ',') {
          ++i_;
          continue;
        }
        if (peek() == '}') {
          ++i_;
          break;
        }
        fail("expected ',' or '}'");
      }
    }
    space();
    if (i_ < s_.size()) fail("unexpected text after the object");
    return out;
  }

 private:
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  [[noreturn]] void fail(const std::string& m) const { throw JsonError{i_ + 1, m}; }
  void space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\r')) ++i_;
  }
  void expect(char c) {
    if (peek() != c) fail(std::string("expected '") + c + "'");
    ++i_;
  }
  uint32_t hex4() {
    if (i_ + 4 > s_.size()) fail("expected four hex digits after \\u");
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<uint32_t>(c - 'A' + 10);
      else fail("expected a hex digit in \\u escape");
    }
    return v;
  }
  std::string string() {
    expect('"');
    std::string out;
    for (;;) {
      if (i_ >= s_.size()) fail("unterminated string");
      char c = s_[i_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) {
        --i_;
        fail("control character in a string");
      }
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (i_ >= s_.size()) fail("unterminated escape");
      char e = s_[i_++];
      switch (e) {
        case '"': out.push_back('"'); break;
        case '\\': out.push_back('\\'); break;
        case '/': out.push_back('/'); break;
        case 'b': out.push_back('\b'); break;
        case 'f': out.push_back('\f'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        case 't': out.push_back('\t'); break;
        case 'u': {
          uint32_t cp = hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && i_ + 1 < s_.size() && s_[i_] == '\\' &&
              s_[i_ + 1] == 'u') {
            i_ += 2;
            uint32_t lo = hex4();
            if (lo >= 0xDC00 && lo < 0xE000) cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            else cp = 0xFFFD;
          } else if (cp >= 0xD800 && cp < 0xE000) {
            cp = 0xFFFD;
          }
          appendUtf8(out, cp);
          break;
        }
        default:
          --i_;
          fail("unknown escape");
      }
    }
  }
  std::string scalar() {
    char c = peek();
    if (c == '"') return string();
    if (c == '{' || c == '[') fail("expected a string, number, true, false or null");
    size_t b = i_;
    while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '}' && s_[i_] != ' ') ++i_;
    std::string word(s_.substr(b, i_ - b));
    if (word == "null") return "";
    if (word == "true" || word == "false") return word;
    if (word.empty()) fail("expected a value");
    for (char d : word)
      if (!(std::isdigit(static_cast<unsigned char>(d)) || d == '-' || d == '+' || d == '.' ||
            d == 'e' || d == 'E')) {
        i_ = b;
        fail("expected a string, number, true, false or null");
      }
    return word;
  }

  std::string_view s_;
  size_t i_ = 0;
};

bool hasScheme(std::string_view s) {
  size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon < 2) return false;  // "C:" is a drive, not a scheme
  if (!std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (size_t i = 0; i < colon; ++i) {
    char c = s[i];
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'))
      return false;
  }
  for (char c : s)
    if (c == ' ' || c == '<' || c == '>' || c == '"') return false;
  return true;
}

uint64_t fnv1a(std::string_view s, uint64_t h = 1469598103934665603ULL) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

std::string documentIriForId(std::string_view id) {
  if (hasScheme(id)) return std::string(id);
  std::string out = "urn:kg:doc:";
  for (unsigned char c : id) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ':' || c == '/') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string documentIriFor(const std::string& pathOrIri) {
  if (hasScheme(pathOrIri) && !fs::exists(pathOrIri)) return pathOrIri;
  return fileIri(pathOrIri);
}

std::string contentHash(const CorpusDocument& doc) {
  uint64_t h = fnv1a(doc.text);
  for (const std::string* f : {&doc.date, &doc.title, &doc.url}) {
    h = fnv1a("\x1f", h);
    h = fnv1a(*f, h);
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

struct CorpusReader::Impl {
  struct Source {
    std::string path;  // "-" = standard input
    bool jsonLines = false;
  };
  std::vector<Source> sources;
  std::vector<CorpusFailure> listingFailures;
  std::istream* stdinStream = nullptr;
  size_t next = 0;
  // the JSON Lines source being read
  std::unique_ptr<std::ifstream> file;
  std::istream* lines = nullptr;
  std::string linesName;
  uint64_t lineNo = 0;
  std::string pendingFirstLine;  // stdin sniffed as JSON Lines
  bool havePending = false;

  void list(const std::string& input) {
    if (input == "-") {
      sources.push_back({"-", false});
      return;
    }
    std::error_code ec;
    if (fs::is_directory(input, ec)) {
      std::vector<std::string> found;
      fs::recursive_directory_iterator it(input, fs::directory_options::skip_permission_denied, ec);
      if (ec) {
        listingFailures.push_back({input, "cannot list the directory: " + ec.message()});
        return;
      }
      for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (!it->is_regular_file(ec)) continue;
        std::string p = it->path().string();
        auto ext = it->path().extension().string();
        if (ext == ".txt" || isJsonLinesName(p)) found.push_back(p);
      }
      std::sort(found.begin(), found.end());
      for (auto& p : found) sources.push_back({p, isJsonLinesName(p)});
      return;
    }
    sources.push_back({input, isJsonLinesName(input)});
  }
};

CorpusReader::CorpusReader(std::vector<std::string> inputs, std::istream* stdinStream)
    : impl_(std::make_unique<Impl>()) {
  impl_->stdinStream = stdinStream ? stdinStream : &std::cin;
  for (const auto& in : inputs) impl_->list(in);
}

CorpusReader::~CorpusReader() = default;

int64_t CorpusReader::countDocuments() const {
  int64_t n = 0;
  for (const auto& s : impl_->sources) {
    if (s.path == "-") return -1;
    if (!s.jsonLines) {
      ++n;
      continue;
    }
    std::ifstream in(s.path, std::ios::binary);
    std::string line;
    while (std::getline(in, line))
      if (line.find_first_not_of(" \t\r") != std::string::npos) ++n;
  }
  return n;
}

bool CorpusReader::next(CorpusDocument* doc, CorpusFailure* failure) {
  Impl& m = *impl_;
  *doc = CorpusDocument{};
  *failure = CorpusFailure{};
  if (!m.listingFailures.empty()) {
    *failure = m.listingFailures.back();
    m.listingFailures.pop_back();
    return true;
  }
  for (;;) {
    if (m.lines) {
      std::string line;
      bool got = false;
      if (m.havePending) {
        line = std::move(m.pendingFirstLine);
        m.havePending = false;
        got = true;
      } else {
        got = static_cast<bool>(std::getline(*m.lines, line));
      }
      if (got) {
        ++m.lineNo;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        std::string where = m.linesName + ":" + std::to_string(m.lineNo);
        try {
          auto fields = JsonLine(line).parse();
          auto text = fields.find("text");
          if (text == fields.end()) throw JsonError{1, "no \"text\" field"};
          doc->text = text->second;
          doc->title = fields["title"];
          doc->url = fields["url"];
          std::string date = fields["date"];
          if (!date.empty()) {
            doc->date = extract::isoDate(date);
            if (doc->date.empty())
              throw JsonError{1, "\"date\" is not a date (YYYY-MM-DD): " + date};
          }
          std::string id = fields["id"];
          if (!id.empty()) doc->iri = documentIriForId(id);
          else if (!doc->url.empty() && hasScheme(doc->url)) doc->iri = doc->url;
          else doc->iri = (m.linesName == "-" ? std::string("urn:kg:stdin") : fileIri(m.linesName)) +
                          "#line=" + std::to_string(m.lineNo);
          doc->origin = where;
        } catch (const JsonError& e) {
          *doc = CorpusDocument{};
          *failure = {where + ":" + std::to_string(e.column), e.message};
        }
        return true;
      }
      if (m.lines->bad() || (m.file && !m.file->eof())) {
        *failure = {m.linesName, "read error"};
        m.lines = nullptr;
        m.file.reset();
        return true;
      }
      m.lines = nullptr;
      m.file.reset();
      continue;
    }
    if (m.next >= m.sources.size()) return false;
    const Impl::Source src = m.sources[m.next++];
    if (src.path == "-") {
      std::istream& in = *m.stdinStream;
      // sniff: JSON Lines when the first non-blank character is '{'
      std::string first;
      while (std::getline(in, first)) {
        if (first.find_first_not_of(" \t\r") != std::string::npos) break;
        first.clear();
      }
      size_t nb = first.find_first_not_of(" \t\r");
      if (nb != std::string::npos && first[nb] == '{') {
        m.lines = &in;
        m.linesName = "-";
        m.lineNo = 0;
        m.pendingFirstLine = first;
        m.havePending = true;
        continue;
      }
      std::stringstream ss;
      ss << in.rdbuf();
      doc->text = first.empty() ? ss.str() : first + "\n" + ss.str();
      doc->iri = "urn:kg:stdin";
      doc->origin = "-";
      return true;
    }
    if (src.jsonLines) {
      m.file = std::make_unique<std::ifstream>(src.path, std::ios::binary);
      if (!*m.file) {
        m.file.reset();
        *failure = {src.path, "cannot open"};
        return true;
      }
      m.lines = m.file.get();
      m.linesName = src.path;
      m.lineNo = 0;
      continue;
    }
    std::ifstream in(src.path, std::ios::binary);
    if (!in) {
      *failure = {src.path, "cannot open"};
      return true;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    if (in.bad()) {
      *failure = {src.path, "cannot read"};
      return true;
    }
    doc->text = ss.str();
    doc->iri = fileIri(src.path);
    doc->origin = src.path;
    return true;
  }
}

}  // namespace kg
