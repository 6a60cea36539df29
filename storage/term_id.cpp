#include "storage/term_id.h"

#include <array>
#include <cstring>

#include "kg/error.h"

namespace kg::storage {
namespace {

constexpr int64_t kInlineIntLimit = int64_t{1} << 55;

// Datatypes common enough to get a one-byte code in dictionary keys.
constexpr std::array<std::string_view, 12> kCommonDatatypes = {
    "http://www.w3.org/2001/XMLSchema#integer",
    "http://www.w3.org/2001/XMLSchema#decimal",
    "http://www.w3.org/2001/XMLSchema#double",
    "http://www.w3.org/2001/XMLSchema#float",
    "http://www.w3.org/2001/XMLSchema#boolean",
    "http://www.w3.org/2001/XMLSchema#dateTime",
    "http://www.w3.org/2001/XMLSchema#date",
    "http://www.w3.org/2001/XMLSchema#time",
    "http://www.w3.org/2001/XMLSchema#int",
    "http://www.w3.org/2001/XMLSchema#long",
    "http://www.w3.org/2001/XMLSchema#gYear",
    "http://www.w3.org/2001/XMLSchema#anyURI",
};

// Literal sub-kinds in dictionary keys.
constexpr char kSimple = 's';
constexpr char kLang = '@';
constexpr char kCommonTyped = '#';
constexpr char kTyped = '^';

bool canonicalInteger(std::string_view s, int64_t* out) {
  if (s.empty()) return false;
  size_t i = 0;
  bool negative = false;
  if (s[0] == '-') {
    negative = true;
    i = 1;
  }
  if (i >= s.size() || s.size() - i > 17) return false;
  if (s[i] == '0' && (s.size() - i > 1 || negative)) return false;  // leading zero or "-0"
  int64_t v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  if (negative) v = -v;
  if (v >= kInlineIntLimit || v < -kInlineIntLimit) return false;
  *out = v;
  return true;
}

}  // namespace

IdTag tagForKind(TermKind kind) {
  switch (kind) {
    case TermKind::kIri: return IdTag::kIri;
    case TermKind::kBlank: return IdTag::kBlank;
    case TermKind::kLiteral: return IdTag::kLiteral;
    case TermKind::kTriple: return IdTag::kTriple;
  }
  return IdTag::kNone;
}

std::optional<TermId> inlineIdOf(const Term& term) {
  if (term.kind != TermKind::kLiteral || !term.language.empty()) return std::nullopt;
  if (term.datatype == vocab::kXsdInteger) {
    int64_t v;
    if (!canonicalInteger(term.value, &v)) return std::nullopt;
    return makeId(IdTag::kInlineInteger, static_cast<uint64_t>(v + kInlineIntLimit));
  }
  if (term.datatype == vocab::kXsdBoolean) {
    if (term.value == "true") return makeId(IdTag::kInlineBoolean, 1);
    if (term.value == "false") return makeId(IdTag::kInlineBoolean, 0);
    return std::nullopt;
  }
  if (term.datatype == vocab::kXsdString && term.value.size() <= 7 &&
      term.value.find('\0') == std::string::npos) {
    uint64_t payload = 0;
    for (size_t i = 0; i < 7; ++i) {
      payload <<= 8;
      if (i < term.value.size()) payload |= static_cast<unsigned char>(term.value[i]);
    }
    return makeId(IdTag::kInlineString, payload);
  }
  return std::nullopt;
}

Term decodeInline(TermId id) {
  uint64_t payload = payloadOf(id);
  switch (tagOf(id)) {
    case IdTag::kInlineInteger: {
      int64_t v = static_cast<int64_t>(payload) - kInlineIntLimit;
      return Term::literal(std::to_string(v), std::string(vocab::kXsdInteger));
    }
    case IdTag::kInlineBoolean:
      return Term::literal(payload ? "true" : "false", std::string(vocab::kXsdBoolean));
    case IdTag::kInlineString: {
      std::string s;
      for (int i = 6; i >= 0; --i) {
        char c = static_cast<char>((payload >> (8 * i)) & 0xff);
        if (c == '\0') break;
        s += c;
      }
      return Term::literal(std::move(s));
    }
    default:
      throw Error(ErrorCode::kStorage, "corrupt store: id " + std::to_string(id) + " is not inline");
  }
}

std::string dictionaryKey(const Term& term) {
  std::string key;
  key += static_cast<char>(tagForKind(term.kind));
  switch (term.kind) {
    case TermKind::kIri:
    case TermKind::kBlank:
      key += term.value;
      break;
    case TermKind::kLiteral:
      if (!term.language.empty()) {
        // Language tags are case-insensitive (RDF 1.1 3.3): the store keeps them lower-case.
        key += kLang;
        for (char c : term.language) key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
        key += '\0';
      } else if (term.datatype == vocab::kXsdString || term.datatype.empty()) {
        key += kSimple;
      } else {
        bool common = false;
        for (size_t i = 0; i < kCommonDatatypes.size(); ++i) {
          if (term.datatype == kCommonDatatypes[i]) {
            key += kCommonTyped;
            key += static_cast<char>('a' + i);
            common = true;
            break;
          }
        }
        if (!common) {
          key += kTyped;
          key += term.datatype;
          key += '\0';
        }
      }
      key += term.value;
      break;
    case TermKind::kTriple:
      throw Error(ErrorCode::kUsage, "dictionaryKey: quoted triples are keyed by component ids");
  }
  return key;
}

std::string dictionaryKeyForTriple(TermId s, TermId p, TermId o) {
  std::string key(25, '\0');
  key[0] = static_cast<char>(IdTag::kTriple);
  putBigEndian64(&key[1], s);
  putBigEndian64(&key[9], p);
  putBigEndian64(&key[17], o);
  return key;
}

DecodedKey decodeDictionaryKey(std::string_view key) {
  DecodedKey out;
  auto corrupt = [] { return Error(ErrorCode::kStorage, "corrupt store: bad dictionary entry"); };
  if (key.empty()) throw corrupt();
  IdTag tag = static_cast<IdTag>(key[0]);
  std::string_view rest = key.substr(1);
  switch (tag) {
    case IdTag::kIri:
      out.term = Term::iri(std::string(rest));
      break;
    case IdTag::kBlank:
      out.term = Term::blank(std::string(rest));
      break;
    case IdTag::kLiteral: {
      if (rest.empty()) throw corrupt();
      char sub = rest[0];
      rest.remove_prefix(1);
      if (sub == kSimple) {
        out.term = Term::literal(std::string(rest));
      } else if (sub == kLang || sub == kTyped) {
        size_t nul = rest.find('\0');
        if (nul == std::string_view::npos) throw corrupt();
        std::string extra(rest.substr(0, nul));
        std::string lexical(rest.substr(nul + 1));
        out.term = sub == kLang ? Term::literal(std::move(lexical), {}, std::move(extra))
                                : Term::literal(std::move(lexical), std::move(extra));
      } else if (sub == kCommonTyped) {
        if (rest.empty()) throw corrupt();
        size_t index = static_cast<size_t>(rest[0] - 'a');
        if (index >= kCommonDatatypes.size()) throw corrupt();
        out.term = Term::literal(std::string(rest.substr(1)), std::string(kCommonDatatypes[index]));
      } else {
        throw corrupt();
      }
      break;
    }
    case IdTag::kTriple:
      if (rest.size() != 24) throw corrupt();
      out.isTriple = true;
      out.s = getBigEndian64(rest.data());
      out.p = getBigEndian64(rest.data() + 8);
      out.o = getBigEndian64(rest.data() + 16);
      break;
    default:
      throw corrupt();
  }
  return out;
}

}  // namespace kg::storage
