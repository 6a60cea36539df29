// 64-bit term ids. The top byte is a tag; dictionary terms carry a sequence number in the
// low 56 bits, small values are inlined so that they need no dictionary lookup and, for
// integers, sort by value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kg/term.h"

namespace kg::storage {

using TermId = uint64_t;

// Id 0 names the default graph in the graph position, and "no term" elsewhere.
inline constexpr TermId kDefaultGraph = 0;
// Marks an unbound position in a scan pattern. Never a real id.
inline constexpr TermId kAny = ~0ULL;

enum class IdTag : uint8_t {
  kNone = 0x00,
  kIri = 0x01,
  kBlank = 0x02,
  kLiteral = 0x03,
  kTriple = 0x04,
  kInlineInteger = 0x10,  // xsd:integer in canonical form, |v| < 2^55
  kInlineBoolean = 0x11,  // "true"/"false"^^xsd:boolean
  kInlineString = 0x12,   // simple literal of at most 7 bytes without NUL
};

inline constexpr int kTagShift = 56;
inline constexpr uint64_t kPayloadMask = (1ULL << kTagShift) - 1;

inline IdTag tagOf(TermId id) { return static_cast<IdTag>(id >> kTagShift); }
inline uint64_t payloadOf(TermId id) { return id & kPayloadMask; }
inline TermId makeId(IdTag tag, uint64_t payload) {
  return (static_cast<uint64_t>(tag) << kTagShift) | (payload & kPayloadMask);
}
inline bool isInline(TermId id) { return static_cast<uint8_t>(tagOf(id)) >= 0x10; }

// The inline id of a term, when the term can be inlined.
std::optional<TermId> inlineIdOf(const Term& term);
// Decodes an inline id (isInline(id) must hold).
Term decodeInline(TermId id);

// The dictionary key of a non-inline term. Quoted triples are keyed by their components' ids,
// so the caller passes them in (resolved beforehand).
std::string dictionaryKey(const Term& term);
std::string dictionaryKeyForTriple(TermId s, TermId p, TermId o);
// The dictionary key of any non-inline term, with `idOf(part)` giving a quoted triple's
// component ids: nullopt when a component has none (then the triple has none either).
template <typename IdOf>
std::optional<std::string> dictionaryKeyVia(const Term& term, IdOf&& idOf) {
  if (!term.isTriple()) return dictionaryKey(term);
  std::optional<TermId> s = idOf(term.triple->subject);
  std::optional<TermId> p = s ? idOf(term.triple->predicate) : std::nullopt;
  std::optional<TermId> o = p ? idOf(term.triple->object) : std::nullopt;
  if (!o) return std::nullopt;
  return dictionaryKeyForTriple(*s, *p, *o);
}
IdTag tagForKind(TermKind kind);

// Parses a dictionary value (the same bytes as the key) back into a term. Quoted triples come
// back as their three component ids, for the caller to resolve.
struct DecodedKey {
  Term term;                // set unless isTriple
  bool isTriple = false;
  TermId s = 0, p = 0, o = 0;
};
DecodedKey decodeDictionaryKey(std::string_view key);

// Big-endian helpers for keys.
inline void putBigEndian64(char* out, uint64_t v) {
  for (int i = 7; i >= 0; --i) {
    out[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
}
inline uint64_t getBigEndian64(const char* in) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(in[i]);
  return v;
}

}  // namespace kg::storage
