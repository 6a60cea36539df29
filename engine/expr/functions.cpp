#include "expr/functions.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <unordered_map>

#include <openssl/evp.h>

#include <boost/regex/icu.hpp>
#include <unicode/locid.h>
#include <unicode/unistr.h>

#include "core/utf8.h"
#include "expr/datetime.h"
#include "expr/internal.h"
#include "expr/numeric.h"
#include "expr/regex_blocks.h"

namespace kg::expr {

namespace {

using Args = std::vector<Term>;
using Result = std::optional<Term>;

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = asciiUpper(c);
  return out;
}

Term simple(std::string s) { return Term::literal(std::move(s)); }
Term typed(std::string s, std::string_view dt) { return Term::literal(std::move(s), std::string(dt)); }
// A string literal with the same language tag (or none) as `like`.
Term sameKind(std::string s, const Term& like) { return Term::literal(std::move(s), {}, like.language); }

bool isSimpleOrXsdString(const Term& t) { return t.isSimpleString(); }
bool isLangString(const Term& t) { return t.isLiteral() && !t.language.empty(); }

// 17.4.3.1.1 argument compatibility.
bool compatible(const Term& a, const Term& b) {
  if (!isStringLiteral(a) || !isStringLiteral(b)) return false;
  if (isLangString(b)) return isLangString(a) && langEqual(a.language, b.language);
  return true;
}

// ---- UTF-8 ----------------------------------------------------------------------------------

// The code points of s; an invalid byte reads as U+FFFD (store values are valid UTF-8 already).
std::u32string codePoints(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  const char* end = s.data() + s.size();
  for (const char* p = s.data(); p < end;) {
    uint32_t cp;
    size_t n = decodeUtf8(p, end, &cp);
    out.push_back(n ? cp : 0xFFFD);
    p += n ? n : 1;
  }
  return out;
}

// ---- regex ----------------------------------------------------------------------------------

struct CompiledRegex {
  boost::u32regex re;
  boost::regex_constants::match_flag_type matchFlags;
  bool literalReplacement;  // q flag
};

// Reads an XPath category escape \p{X} / \P{X} starting at pattern[i] ('\\') and returns it as
// a Boost POSIX-style class name for use inside brackets ([:X*:] or [:^X:]), or a block escape
// \p{IsX} as code point ranges, with `i` moved to its closing brace; nullopt if the brace is
// missing or the block unknown. Boost reads a one-letter \p{L} as "lower case", hence the
// rewrite.
std::optional<std::string> categoryClass(std::string_view pattern, size_t& i) {
  size_t close = pattern.find('}', i + 3);
  if (close == std::string_view::npos) return std::nullopt;
  std::string name(pattern.substr(i + 3, close - i - 3));
  if (name.size() > 2 && name.compare(0, 2, "Is") == 0) {
    // A block escape (XML Schema's \p{IsBasicLatin}): Boost knows no block names, so its
    // code point ranges; an unknown block is an error.
    auto ranges = blockRanges(std::string_view(name).substr(2), pattern[i + 1] == 'P');
    if (ranges) i = close;
    return ranges;
  }
  if (name.size() == 1) name += '*';
  std::string cls = std::string("[:") + (pattern[i + 1] == 'P' ? "^" : "") + name + ":]";
  i = close;
  return cls;
}

bool isCategoryEscape(std::string_view pattern, size_t i) {
  return pattern[i] == '\\' && i + 2 < pattern.size() && (pattern[i + 1] == 'p' || pattern[i + 1] == 'P') &&
         pattern[i + 2] == '{';
}

// Under the i flag, XPath F&O 5.6.1.1 leaves category escapes alone: "\p{Lu} continues to match
// upper-case letters only". Boost tests classes against the case-folded character and widens
// upper/lower to all letters under icase, so category classes go in a case-sensitive group.
// A bracket holding some is split: [ab\p{Lu}] becomes (?:[ab]|(?-i:[[:Lu:]])) and [^ab\p{Lu}]
// (?:(?!(?-i:[[:Lu:]]))[^ab]). Returns false (and leaves `out` alone) when the bracket at
// pattern[start] has no category escape or nests another bracket (subtraction).
bool caseSensitiveCategories(std::string_view pattern, size_t& start, std::string& out, bool& ok) {
  std::string rest, classes;
  bool negated = start + 1 < pattern.size() && pattern[start + 1] == '^';
  for (size_t i = start + (negated ? 2 : 1); i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '[') return false;
    if (c == ']') {
      if (classes.empty()) return false;
      if (!rest.empty() && rest[0] == '^') rest.insert(0, 1, '\\');
      std::string sensitive = "(?-i:[" + std::string(negated && rest.empty() ? "^" : "") + classes + "])";
      if (rest.empty())
        out += sensitive;
      else if (negated)
        out += "(?:(?!" + sensitive + ")[^" + rest + "])";
      else
        out += "(?:[" + rest + "]|" + sensitive + ")";
      start = i;
      return true;
    }
    if (isCategoryEscape(pattern, i)) {
      auto cls = categoryClass(pattern, i);
      if (!cls) {
        ok = false;
        return false;
      }
      classes += *cls;
      continue;
    }
    if (c == '\\' && i + 1 < pattern.size()) rest += pattern[i++];
    rest += pattern[i];
  }
  return false;
}

std::string preparePattern(std::string_view pattern, std::string_view flags, bool& ok) {
  ok = true;
  bool q = flags.find('q') != std::string_view::npos;
  bool x = flags.find('x') != std::string_view::npos;
  bool icase = flags.find('i') != std::string_view::npos;
  std::string p;
  if (q) {
    for (char c : pattern) {
      if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) p += '\\';
      p += c;
    }
    return p;
  }
  // One pass: drop whitespace for x (outside character classes) and rewrite XPath's
  // \p{IsX}/\p{L} category escapes into Boost's class names.
  int depth = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (isCategoryEscape(pattern, i)) {
      auto cls = categoryClass(pattern, i);
      if (!cls) {
        ok = false;
        return {};
      }
      if (depth > 0)
        p += *cls;
      else
        p += icase ? "(?-i:[" + *cls + "])" : "[" + *cls + "]";
      continue;
    }
    if (c == '\\' && i + 1 < pattern.size()) {
      p += c;
      p += pattern[++i];
      continue;
    }
    if (c == '[' && depth == 0 && icase) {
      if (caseSensitiveCategories(pattern, i, p, ok)) continue;
      if (!ok) return {};
    }
    if (c == '[') ++depth;
    if (c == ']' && depth > 0) --depth;
    if (x && depth == 0 && (c == ' ' || c == '\t' || c == '\n' || c == '\r')) continue;
    p += c;
  }
  return p;
}

// Whether every character class '[' is closed: Boost.Regex reads past the end of a pattern
// that stops inside one ("[0-9"), which is invalid anyway. A ']' right after '[' or '[^' is a
// literal for Boost, and a backslash escapes the next character.
bool characterClassesClosed(std::string_view p) {
  int depth = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == '\\') {
      ++i;
    } else if (c == '[') {
      ++depth;
      size_t next = i + 1;
      if (next < p.size() && p[next] == '^') ++next;
      if (next < p.size() && p[next] == ']') i = next;
    } else if (c == ']' && depth > 0) {
      --depth;
    }
  }
  return depth == 0;
}

std::shared_ptr<const CompiledRegex> compileRegex(std::string_view pattern, std::string_view flags) {
  for (char f : flags)
    if (std::string_view("smixq").find(f) == std::string_view::npos) return nullptr;
  thread_local std::unordered_map<std::string, std::shared_ptr<const CompiledRegex>> cache;
  std::string key = std::string(flags) + '\x01' + std::string(pattern);
  auto it = cache.find(key);
  if (it != cache.end()) return it->second;
  bool ok;
  std::string p = preparePattern(pattern, flags, ok);
  if (!ok || !characterClassesClosed(p)) return nullptr;
  namespace rc = boost::regex_constants;
  rc::syntax_option_type opts = rc::perl;
  rc::match_flag_type mflags = rc::match_default;
  if (flags.find('i') != std::string_view::npos) opts |= rc::icase;
  if (flags.find('s') != std::string_view::npos) {
    opts |= rc::mod_s;
  } else {
    opts |= rc::no_mod_s;
    mflags |= rc::match_not_dot_newline;
  }
  if (flags.find('m') == std::string_view::npos) opts |= rc::no_mod_m;
  std::shared_ptr<const CompiledRegex> compiled;
  try {
    auto c = std::make_shared<CompiledRegex>();
    c->re = boost::make_u32regex(p, opts);
    c->matchFlags = mflags;
    c->literalReplacement = flags.find('q') != std::string_view::npos;
    compiled = c;
  } catch (const std::exception&) {
    return nullptr;
  }
  if (cache.size() > 256) cache.clear();
  cache.emplace(std::move(key), compiled);
  return compiled;
}

// ---- argument helpers -----------------------------------------------------------------------

std::optional<double> numberArg(const Term& t) {
  auto n = parseNumeric(t);
  if (!n) return std::nullopt;
  return n->asDouble();
}

double xpathRound(double x) {
  if (std::isnan(x) || std::isinf(x)) return x;
  double r = std::floor(x);
  if (x - r >= 0.5) r += 1;
  if (r == 0 && std::signbit(x)) r = -0.0;
  return r;
}

std::string hexDigest(const EVP_MD* md, std::string_view data) {
  unsigned char buf[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), buf, &len, md, nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[buf[i] >> 4];
    out += kHex[buf[i] & 0xf];
  }
  return out;
}

std::string uuidString(std::mt19937_64& rng) {
  uint64_t hi = rng(), lo = rng();
  hi = (hi & ~0xF000ULL) | 0x4000ULL;                             // version 4
  lo = (lo & ~(0xC000ULL << 48)) | (0x8000ULL << 48);            // variant 10
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08llx-%04llx-%04llx-%04llx-%012llx",
                static_cast<unsigned long long>(hi >> 32),
                static_cast<unsigned long long>((hi >> 16) & 0xffff),
                static_cast<unsigned long long>(hi & 0xffff),
                static_cast<unsigned long long>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return buf;
}

bool validLangTag(std::string_view tag) {
  if (tag.empty()) return false;
  size_t partLen = 0;
  bool first = true;
  for (char c : tag) {
    if (c == '-') {
      if (partLen == 0) return false;
      partLen = 0;
      first = false;
      continue;
    }
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool digit = c >= '0' && c <= '9';
    if (!alpha && !(digit && !first)) return false;
    if (++partLen > 8) return false;
  }
  return partLen > 0;
}

// ---- the functions --------------------------------------------------------------------------

Result fnStr(const Args& a, FunctionContext&) {
  if (a[0].isIri() || a[0].isLiteral()) return simple(a[0].value);
  return std::nullopt;
}

Result fnLang(const Args& a, FunctionContext&) {
  if (!a[0].isLiteral()) return std::nullopt;
  return simple(a[0].language);
}

Result fnLangMatches(const Args& a, FunctionContext&) {
  if (!isSimpleOrXsdString(a[0]) || !isSimpleOrXsdString(a[1])) return std::nullopt;
  std::string_view tag = a[0].value, range = a[1].value;
  if (range == "*") return booleanTerm(!tag.empty());
  if (range.empty() || tag.size() < range.size()) return booleanTerm(false);
  if (!langEqual(tag.substr(0, range.size()), range)) return booleanTerm(false);
  return booleanTerm(tag.size() == range.size() || tag[range.size()] == '-');
}

Result fnDatatype(const Args& a, FunctionContext&) {
  if (!a[0].isLiteral()) return std::nullopt;
  return Term::iri(a[0].datatype);
}

// Whether an IRI with a scheme is well-formed as far as its characters go (RFC 3987): none of
// the controls, space and <>"{}|\^`, '%' only before two hex digits, and '[' ']' only in the
// authority (an IP-literal host).
bool isWellFormedIri(std::string_view s) {
  size_t authorityEnd = 0;
  size_t slashes = s.find("://");
  if (slashes != std::string_view::npos && slashes == s.find(':')) {
    authorityEnd = s.find_first_of("/?#", slashes + 3);
    if (authorityEnd == std::string_view::npos) authorityEnd = s.size();
  }
  auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c <= 0x20 || c == 0x7f || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' ||
        c == '|' || c == '\\' || c == '^' || c == '`')
      return false;
    if ((c == '[' || c == ']') && i >= authorityEnd) return false;
    if (c == '%' && !(i + 2 < s.size() && hex(s[i + 1]) && hex(s[i + 2]))) return false;
  }
  return true;
}

// IRI(str) resolves str against the query's base and "must result in an absolute IRI"
// (17.4.2.8): a relative result (no base) or a string that is no well-formed IRI is an error.
Result fnIri(const Args& a, FunctionContext& ctx) {
  if (a[0].isIri()) return a[0];
  if (!isSimpleOrXsdString(a[0])) return std::nullopt;
  std::string iri = ctx.baseIri().empty() ? a[0].value : resolveIri(ctx.baseIri(), a[0].value);
  if (!hasScheme(iri) || !isWellFormedIri(iri)) return std::nullopt;
  return Term::iri(std::move(iri));
}

Result fnBnode(const Args& a, FunctionContext& ctx) {
  if (a.empty()) return ctx.freshBlank();
  if (!isSimpleOrXsdString(a[0])) return std::nullopt;
  return ctx.blankFor(a[0].value);
}

Result fnRand(const Args&, FunctionContext& ctx) {
  std::uniform_real_distribution<double> dist(0.0, 1.0);
  return doubleTerm(dist(ctx.rng()));
}

Result fnAbs(const Args& a, FunctionContext&) {
  auto n = parseNumeric(a[0]);
  if (!n) return std::nullopt;
  if (n->isExact()) {
    if (n->dec.sign() < 0) return numericNegate(*n).toTerm();
    return n->toTerm();
  }
  Numeric r = *n;
  r.dbl = std::fabs(n->dbl);
  return r.toTerm();
}

Result roundingFn(const Term& t, int mode /*0 ceil, 1 floor, 2 round*/) {
  auto n = parseNumeric(t);
  if (!n) return std::nullopt;
  Numeric r = *n;
  if (n->isExact()) {
    if (mode == 0) r.dec = Decimal::fromInt(n->dec.ceil());
    else if (mode == 1) r.dec = Decimal::fromInt(n->dec.floor());
    else r.dec = n->dec.roundHalfUp();
  } else {
    double x = n->dbl;
    if (mode == 0) r.dbl = std::ceil(x);
    else if (mode == 1) r.dbl = std::floor(x);
    else r.dbl = xpathRound(x);
  }
  return r.toTerm();
}

Result fnCeil(const Args& a, FunctionContext&) { return roundingFn(a[0], 0); }
Result fnFloor(const Args& a, FunctionContext&) { return roundingFn(a[0], 1); }
Result fnRound(const Args& a, FunctionContext&) { return roundingFn(a[0], 2); }

Result fnConcat(const Args& a, FunctionContext&) {
  std::string out;
  std::optional<std::string> lang;
  bool sameLang = true;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!isStringLiteral(a[i])) return std::nullopt;
    out += a[i].value;
    if (i == 0) {
      lang = a[i].language;
    } else if (!langEqual(*lang, a[i].language)) {
      sameLang = false;
    }
  }
  if (a.empty() || !sameLang || lang->empty()) return simple(std::move(out));
  return Term::literal(std::move(out), {}, *lang);
}

Result fnSubstr(const Args& a, FunctionContext&) {
  if (!isStringLiteral(a[0])) return std::nullopt;
  auto start = numberArg(a[1]);
  if (!start) return std::nullopt;
  std::optional<double> len;
  if (a.size() == 3) {
    len = numberArg(a[2]);
    if (!len) return std::nullopt;
  }
  std::u32string s = codePoints(a[0].value);
  double first = xpathRound(*start);
  double last = len ? first + xpathRound(*len) : std::numeric_limits<double>::infinity();
  std::string out;
  if (!std::isnan(first) && !std::isnan(last)) {
    for (size_t i = 0; i < s.size(); ++i) {
      double p = static_cast<double>(i + 1);
      if (p >= first && p < last) appendUtf8(out, s[i]);
    }
  }
  return sameKind(std::move(out), a[0]);
}

Result fnStrlen(const Args& a, FunctionContext&) {
  if (!isStringLiteral(a[0])) return std::nullopt;
  return integerTerm(static_cast<long long>(utf8Length(a[0].value)));
}

Result fnReplace(const Args& a, FunctionContext&) {
  if (!isStringLiteral(a[0]) || !isSimpleOrXsdString(a[1]) || !isSimpleOrXsdString(a[2]))
    return std::nullopt;
  std::string flags;
  if (a.size() == 4) {
    if (!isSimpleOrXsdString(a[3])) return std::nullopt;
    flags = a[3].value;
  }
  auto r = regexReplace(a[0].value, a[1].value, a[2].value, flags);
  if (!r) return std::nullopt;
  return sameKind(std::move(*r), a[0]);
}

Result fnUcase(const Args& a, FunctionContext&) {
  if (!isStringLiteral(a[0])) return std::nullopt;
  return sameKind(toUpperUnicode(a[0].value), a[0]);
}

Result fnLcase(const Args& a, FunctionContext&) {
  if (!isStringLiteral(a[0])) return std::nullopt;
  return sameKind(toLowerUnicode(a[0].value), a[0]);
}

Result fnEncodeForUri(const Args& a, FunctionContext&) {
  if (!isStringLiteral(a[0])) return std::nullopt;
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : a[0].value) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return simple(std::move(out));
}

Result fnContains(const Args& a, FunctionContext&) {
  if (!compatible(a[0], a[1])) return std::nullopt;
  return booleanTerm(a[0].value.find(a[1].value) != std::string::npos);
}

Result fnStrStarts(const Args& a, FunctionContext&) {
  if (!compatible(a[0], a[1])) return std::nullopt;
  return booleanTerm(a[0].value.compare(0, a[1].value.size(), a[1].value) == 0);
}

Result fnStrEnds(const Args& a, FunctionContext&) {
  if (!compatible(a[0], a[1])) return std::nullopt;
  const std::string &s = a[0].value, &t = a[1].value;
  return booleanTerm(s.size() >= t.size() && s.compare(s.size() - t.size(), t.size(), t) == 0);
}

Result fnStrBefore(const Args& a, FunctionContext&) {
  if (!compatible(a[0], a[1])) return std::nullopt;
  size_t pos = a[0].value.find(a[1].value);
  if (pos == std::string::npos) return simple("");
  return sameKind(a[0].value.substr(0, pos), a[0]);
}

Result fnStrAfter(const Args& a, FunctionContext&) {
  if (!compatible(a[0], a[1])) return std::nullopt;
  size_t pos = a[0].value.find(a[1].value);
  if (pos == std::string::npos) return simple("");
  return sameKind(a[0].value.substr(pos + a[1].value.size()), a[0]);
}

std::optional<DateTime> dateArg(const Term& t, bool needTime) {
  auto d = parseDateTime(t);
  if (!d || (needTime && d->isDate)) return std::nullopt;
  // fn:hours-from-dateTime("1999-12-31T24:00:00") is 0 and the day 2000-01-01
  return d->withoutHour24();
}

Result fnYear(const Args& a, FunctionContext&) {
  auto d = dateArg(a[0], false);
  if (!d) return std::nullopt;
  return integerTerm(d->year);
}
Result fnMonth(const Args& a, FunctionContext&) {
  auto d = dateArg(a[0], false);
  if (!d) return std::nullopt;
  return integerTerm(d->month);
}
Result fnDay(const Args& a, FunctionContext&) {
  auto d = dateArg(a[0], false);
  if (!d) return std::nullopt;
  return integerTerm(d->day);
}
Result fnHours(const Args& a, FunctionContext&) {
  auto d = dateArg(a[0], true);
  if (!d) return std::nullopt;
  return integerTerm(d->hour);
}
Result fnMinutes(const Args& a, FunctionContext&) {
  auto d = dateArg(a[0], true);
  if (!d) return std::nullopt;
  return integerTerm(d->minute);
}
Result fnSeconds(const Args& a, FunctionContext&) {
  auto d = dateArg(a[0], true);
  if (!d) return std::nullopt;
  return Numeric::decimal(d->seconds).toTerm();
}
Result fnTimezone(const Args& a, FunctionContext&) {
  auto d = dateArg(a[0], false);
  if (!d || !d->tzMinutes) return std::nullopt;
  return typed(timezoneDuration(*d->tzMinutes), kXsdDayTimeDuration);
}
Result fnTz(const Args& a, FunctionContext&) {
  auto d = dateArg(a[0], false);
  if (!d) return std::nullopt;
  return simple(d->tzMinutes ? timezoneString(*d->tzMinutes) : std::string());
}

Result fnNow(const Args&, FunctionContext& ctx) { return ctx.now(); }
Result fnUuid(const Args&, FunctionContext& ctx) { return Term::iri("urn:uuid:" + uuidString(ctx.rng())); }
Result fnStrUuid(const Args&, FunctionContext& ctx) { return simple(uuidString(ctx.rng())); }

Result hashFn(const Term& t, const EVP_MD* md) {
  if (!isSimpleOrXsdString(t)) return std::nullopt;
  return simple(hexDigest(md, t.value));
}
Result fnMd5(const Args& a, FunctionContext&) { return hashFn(a[0], EVP_md5()); }
Result fnSha1(const Args& a, FunctionContext&) { return hashFn(a[0], EVP_sha1()); }
Result fnSha256(const Args& a, FunctionContext&) { return hashFn(a[0], EVP_sha256()); }
Result fnSha384(const Args& a, FunctionContext&) { return hashFn(a[0], EVP_sha384()); }
Result fnSha512(const Args& a, FunctionContext&) { return hashFn(a[0], EVP_sha512()); }

Result fnStrLang(const Args& a, FunctionContext&) {
  if (!isSimpleOrXsdString(a[0]) || !isSimpleOrXsdString(a[1])) return std::nullopt;
  if (!validLangTag(a[1].value)) return std::nullopt;
  return Term::literal(a[0].value, {}, a[1].value);
}

Result fnStrDt(const Args& a, FunctionContext&) {
  if (!isSimpleOrXsdString(a[0]) || !a[1].isIri()) return std::nullopt;
  if (a[1].value == vocab::kRdfLangString) return std::nullopt;
  return Term::literal(a[0].value, a[1].value);
}

bool sameTermImpl(const Term& a, const Term& b) {
  if (a.kind != b.kind) return false;
  if (a.isTriple()) {
    return sameTermImpl(a.triple->subject, b.triple->subject) &&
           sameTermImpl(a.triple->predicate, b.triple->predicate) &&
           sameTermImpl(a.triple->object, b.triple->object);
  }
  return a.value == b.value && a.datatype == b.datatype && langEqual(a.language, b.language);
}

Result fnSameTerm(const Args& a, FunctionContext&) { return booleanTerm(sameTermImpl(a[0], a[1])); }
Result fnIsIri(const Args& a, FunctionContext&) { return booleanTerm(a[0].isIri()); }
Result fnIsBlank(const Args& a, FunctionContext&) { return booleanTerm(a[0].isBlank()); }
Result fnIsLiteral(const Args& a, FunctionContext&) { return booleanTerm(a[0].isLiteral()); }
Result fnIsNumeric(const Args& a, FunctionContext&) { return booleanTerm(isNumericLiteral(a[0])); }
Result fnIsTriple(const Args& a, FunctionContext&) { return booleanTerm(a[0].isTriple()); }

Result fnRegex(const Args& a, FunctionContext&) {
  if (!isStringLiteral(a[0]) || !isSimpleOrXsdString(a[1])) return std::nullopt;
  std::string flags;
  if (a.size() == 3) {
    if (!isSimpleOrXsdString(a[2])) return std::nullopt;
    flags = a[2].value;
  }
  auto r = regexMatch(a[0].value, a[1].value, flags);
  if (!r) return std::nullopt;
  return booleanTerm(*r);
}

Result fnTriple(const Args& a, FunctionContext&) {
  if (!(a[0].isIri() || a[0].isBlank() || a[0].isTriple())) return std::nullopt;
  if (!a[1].isIri()) return std::nullopt;
  return Term::quoted(a[0], a[1], a[2]);
}
Result fnSubject(const Args& a, FunctionContext&) {
  if (!a[0].isTriple()) return std::nullopt;
  return a[0].triple->subject;
}
Result fnPredicate(const Args& a, FunctionContext&) {
  if (!a[0].isTriple()) return std::nullopt;
  return a[0].triple->predicate;
}
Result fnObject(const Args& a, FunctionContext&) {
  if (!a[0].isTriple()) return std::nullopt;
  return a[0].triple->object;
}

using Builtin = BuiltinInfo;

const std::unordered_map<std::string, Builtin>& builtins() {
  static const std::unordered_map<std::string, Builtin> kTable = {
      {"STR", {1, 1, fnStr}},
      {"LANG", {1, 1, fnLang}},
      {"LANGMATCHES", {2, 2, fnLangMatches}},
      {"DATATYPE", {1, 1, fnDatatype}},
      {"IRI", {1, 1, fnIri}},
      {"URI", {1, 1, fnIri}},
      {"BNODE", {0, 1, fnBnode}},
      {"RAND", {0, 0, fnRand}},
      {"ABS", {1, 1, fnAbs}},
      {"CEIL", {1, 1, fnCeil}},
      {"FLOOR", {1, 1, fnFloor}},
      {"ROUND", {1, 1, fnRound}},
      {"CONCAT", {0, -1, fnConcat}},
      {"SUBSTR", {2, 3, fnSubstr}},
      {"STRLEN", {1, 1, fnStrlen}},
      {"REPLACE", {3, 4, fnReplace}},
      {"UCASE", {1, 1, fnUcase}},
      {"LCASE", {1, 1, fnLcase}},
      {"ENCODE_FOR_URI", {1, 1, fnEncodeForUri}},
      {"CONTAINS", {2, 2, fnContains}},
      {"STRSTARTS", {2, 2, fnStrStarts}},
      {"STRENDS", {2, 2, fnStrEnds}},
      {"STRBEFORE", {2, 2, fnStrBefore}},
      {"STRAFTER", {2, 2, fnStrAfter}},
      {"YEAR", {1, 1, fnYear}},
      {"MONTH", {1, 1, fnMonth}},
      {"DAY", {1, 1, fnDay}},
      {"HOURS", {1, 1, fnHours}},
      {"MINUTES", {1, 1, fnMinutes}},
      {"SECONDS", {1, 1, fnSeconds}},
      {"TIMEZONE", {1, 1, fnTimezone}},
      {"TZ", {1, 1, fnTz}},
      {"NOW", {0, 0, fnNow}},
      {"UUID", {0, 0, fnUuid}},
      {"STRUUID", {0, 0, fnStrUuid}},
      {"MD5", {1, 1, fnMd5}},
      {"SHA1", {1, 1, fnSha1}},
      {"SHA256", {1, 1, fnSha256}},
      {"SHA384", {1, 1, fnSha384}},
      {"SHA512", {1, 1, fnSha512}},
      {"STRLANG", {2, 2, fnStrLang}},
      {"STRDT", {2, 2, fnStrDt}},
      {"SAMETERM", {2, 2, fnSameTerm}},
      {"ISIRI", {1, 1, fnIsIri}},
      {"ISURI", {1, 1, fnIsIri}},
      {"ISBLANK", {1, 1, fnIsBlank}},
      {"ISLITERAL", {1, 1, fnIsLiteral}},
      {"ISNUMERIC", {1, 1, fnIsNumeric}},
      {"REGEX", {2, 3, fnRegex}},
      {"TRIPLE", {3, 3, fnTriple}},
      {"SUBJECT", {1, 1, fnSubject}},
      {"PREDICATE", {1, 1, fnPredicate}},
      {"OBJECT", {1, 1, fnObject}},
      {"ISTRIPLE", {1, 1, fnIsTriple}},
  };
  return kTable;
}

// ---- casts ----------------------------------------------------------------------------------

std::string_view trimXsdWhitespace(std::string_view s) {
  auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && ws(s.front())) s.remove_prefix(1);
  while (!s.empty() && ws(s.back())) s.remove_suffix(1);
  return s;
}

// The shortest decimal whose double is `d` (finite).
Decimal shortestDecimal(double d, bool isFloat) {
  std::string c = isFloat ? canonicalFloat(static_cast<float>(d)) : canonicalDouble(d);
  size_t e = c.find('E');
  Decimal m = *Decimal::parse(c.substr(0, e));
  int exp = std::stoi(c.substr(e + 1));
  if (exp >= 0) {
    BigInt p = 1;
    for (int i = 0; i < exp; ++i) p *= 10;
    return m * Decimal::fromInt(p);
  }
  Decimal r{m.mantissa, m.scale - exp};
  r.normalize();
  return r;
}

// XPath's cast of a float/double to xs:string.
std::string floatingToString(double d, bool isFloat) {
  if (std::isnan(d) || std::isinf(d)) return isFloat ? canonicalFloat(static_cast<float>(d)) : canonicalDouble(d);
  if (d == 0) return std::signbit(d) ? "-0" : "0";
  double ad = std::fabs(d);
  if (ad >= 1e-6 && ad < 1e6) return shortestDecimal(d, isFloat).toString();
  return isFloat ? canonicalFloat(static_cast<float>(d)) : canonicalDouble(d);
}

}  // namespace

// ---- FunctionContext ------------------------------------------------------------------------

FunctionContext::FunctionContext() : FunctionContext(std::string()) {}

namespace {
// Seeds for contexts: one random_device read per thread, not one per query.
uint64_t nextContextSeed() {
  thread_local std::mt19937_64 seeds = [] {
    std::random_device rd;
    return std::mt19937_64((static_cast<uint64_t>(rd()) << 32) ^ rd());
  }();
  return seeds();
}
}  // namespace

FunctionContext::FunctionContext(std::string baseIri) : base_(std::move(baseIri)), seed_(nextContextSeed()) {
  now_ = Term::literal(nowLexical(), std::string(vocab::kXsdDateTime));
}

const std::string& FunctionContext::blankPrefix() {
  if (blankPrefix_.empty()) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "e%08x", static_cast<unsigned>(seed_ >> 32));
    blankPrefix_ = std::string(buf) + "x";
  }
  return blankPrefix_;
}

void FunctionContext::newSolution() { solutionBlanks_.clear(); }

Term FunctionContext::freshBlank() { return Term::blank(blankPrefix() + std::to_string(blankCounter_++)); }

Term FunctionContext::blankFor(const std::string& key) {
  auto it = solutionBlanks_.find(key);
  if (it != solutionBlanks_.end()) return it->second;
  Term b = freshBlank();
  solutionBlanks_.emplace(key, b);
  return b;
}

// ---- public functions -----------------------------------------------------------------------

std::optional<Term> callBuiltin(std::string_view name, const std::vector<Term>& args,
                                FunctionContext& ctx) {
  const auto& table = builtins();
  auto it = table.find(upper(name));
  if (it == table.end()) return std::nullopt;
  const Builtin& b = it->second;
  int n = static_cast<int>(args.size());
  if (n < b.minArgs || (b.maxArgs >= 0 && n > b.maxArgs)) return std::nullopt;
  return b.fn(args, ctx);
}

bool isBuiltinName(std::string_view name) { return builtins().count(upper(name)) > 0; }

const BuiltinInfo* findBuiltin(std::string_view name) {
  auto it = builtins().find(upper(name));
  return it == builtins().end() ? nullptr : &it->second;
}

std::optional<std::pair<int, int>> builtinArity(std::string_view name) {
  auto it = builtins().find(upper(name));
  if (it == builtins().end()) return std::nullopt;
  return std::make_pair(it->second.minArgs, it->second.maxArgs);
}

bool isCastFunction(std::string_view iri) {
  if (iri == vocab::kXsdString || iri == vocab::kXsdBoolean || iri == vocab::kXsdDecimal ||
      iri == vocab::kXsdFloat || iri == vocab::kXsdDouble || iri == vocab::kXsdDateTime)
    return true;
  return numTypeOf(iri) == NumType::kInteger;
}

std::optional<Term> castTo(std::string_view target, const Term& v) {
  if (!isCastFunction(target)) return std::nullopt;
  std::string targetIri(target);
  if (v.isIri()) {
    if (target == vocab::kXsdString) return simple(v.value);
    return std::nullopt;
  }
  if (!v.isLiteral() || !v.language.empty()) return std::nullopt;

  // Source value.
  enum class Src { kString, kNumeric, kBoolean, kDateTime } src;
  std::optional<Numeric> num;
  bool bval = false;
  std::optional<DateTime> dt;
  if (v.datatype == vocab::kXsdString) {
    src = Src::kString;
  } else if (isNumericDatatype(v.datatype)) {
    num = parseNumeric(v);
    if (!num) return std::nullopt;
    src = Src::kNumeric;
  } else if (v.datatype == vocab::kXsdBoolean) {
    auto b = booleanValue(v);
    if (!b) return std::nullopt;
    bval = *b;
    src = Src::kBoolean;
  } else if (v.datatype == vocab::kXsdDateTime || v.datatype == kXsdDate) {
    dt = parseDateTime(v);
    if (!dt) return std::nullopt;
    src = Src::kDateTime;
  } else {
    return std::nullopt;
  }

  if (target == vocab::kXsdString) {
    switch (src) {
      case Src::kString: return simple(v.value);
      case Src::kBoolean: return simple(bval ? "true" : "false");
      case Src::kDateTime: return simple(v.value);
      case Src::kNumeric:
        if (num->isExact()) return simple(num->canonical());
        return simple(floatingToString(num->dbl, num->type == NumType::kFloat));
    }
    return std::nullopt;
  }

  if (target == vocab::kXsdDateTime) {
    if (src == Src::kString) {
      auto s = trimXsdWhitespace(v.value);
      auto d = DateTime::parse(s, false);
      if (!d) return std::nullopt;
      return typed(std::string(s), vocab::kXsdDateTime);
    }
    if (src == Src::kDateTime) {
      DateTime d = *dt;
      d.isDate = false;
      return typed(d.toLexical(), vocab::kXsdDateTime);
    }
    return std::nullopt;
  }

  if (target == vocab::kXsdBoolean) {
    switch (src) {
      case Src::kString: {
        auto s = trimXsdWhitespace(v.value);
        if (s == "true" || s == "1") return booleanTerm(true);
        if (s == "false" || s == "0") return booleanTerm(false);
        return std::nullopt;
      }
      case Src::kBoolean: return booleanTerm(bval);
      case Src::kNumeric: return booleanTerm(!(num->isZero() || num->isNaN()));
      case Src::kDateTime: return std::nullopt;
    }
    return std::nullopt;
  }

  // Numeric targets.
  if (src == Src::kDateTime) return std::nullopt;
  NumType to = *numTypeOf(target);
  Numeric n;
  if (src == Src::kBoolean) {
    n = Numeric::integer(bval ? 1 : 0);
  } else if (src == Src::kString) {
    auto s = trimXsdWhitespace(v.value);
    auto parsed = parseNumericLexical(s, to);
    if (!parsed) return std::nullopt;
    n = *parsed;
  } else {
    n = *num;
  }
  Numeric out;
  switch (to) {
    case NumType::kInteger:
      if (n.isExact()) {
        out = Numeric::integer(n.dec.truncate());
      } else {
        if (std::isnan(n.dbl) || std::isinf(n.dbl)) return std::nullopt;
        out = Numeric::integer(Decimal::fromDouble(std::trunc(n.dbl)).truncate());
      }
      break;
    case NumType::kDecimal:
      if (n.isExact()) {
        out = Numeric::decimal(n.dec);
      } else {
        if (std::isnan(n.dbl) || std::isinf(n.dbl)) return std::nullopt;
        out = Numeric::decimal(shortestDecimal(n.dbl, n.type == NumType::kFloat));
      }
      break;
    case NumType::kFloat:
      out = n.isExact() ? n.promote(NumType::kFloat) : Numeric::ofFloat(static_cast<float>(n.dbl));
      break;
    case NumType::kDouble:
      out = n.isExact() ? n.promote(NumType::kDouble) : Numeric::ofDouble(n.dbl);
      break;
  }
  if (to == NumType::kInteger && target != vocab::kXsdInteger) {
    // Derived integer type: check the range by re-parsing with the target datatype.
    Term t = Term::literal(out.canonical(), targetIri);
    if (!parseNumeric(t)) return std::nullopt;
    return t;
  }
  return out.toTerm();
}

std::optional<Term> callFunction(std::string_view iri, const std::vector<Term>& args,
                                 FunctionContext&) {
  if (isCastFunction(iri) && args.size() == 1) return castTo(iri, args[0]);
  return std::nullopt;
}

std::optional<bool> regexMatch(std::string_view text, std::string_view pattern,
                               std::string_view flags) {
  auto re = compileRegex(pattern, flags);
  if (!re) return std::nullopt;
  try {
    std::string s(text);
    return boost::u32regex_search(s, re->re, re->matchFlags);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

std::optional<std::string> regexReplace(std::string_view text, std::string_view pattern,
                                        std::string_view replacement, std::string_view flags) {
  auto re = compileRegex(pattern, flags);
  if (!re) return std::nullopt;
  try {
    // XPath: a pattern that matches the empty string is an error (FORX0003).
    if (boost::u32regex_match(std::string(), re->re)) return std::nullopt;
    // Parse the replacement string into literal pieces and group references.
    struct Piece {
      std::string lit;
      int group = -1;
    };
    std::vector<Piece> pieces;
    unsigned groups = re->re.mark_count();
    if (re->literalReplacement) {
      pieces.push_back({std::string(replacement), -1});
    } else {
      std::string lit;
      for (size_t i = 0; i < replacement.size(); ++i) {
        char c = replacement[i];
        if (c == '\\') {
          if (i + 1 < replacement.size() && (replacement[i + 1] == '\\' || replacement[i + 1] == '$')) {
            lit += replacement[++i];
            continue;
          }
          return std::nullopt;
        }
        if (c == '$') {
          if (i + 1 >= replacement.size() || replacement[i + 1] < '0' || replacement[i + 1] > '9')
            return std::nullopt;
          unsigned g = replacement[++i] - '0';
          // Take more digits while they still name an existing group.
          while (i + 1 < replacement.size() && replacement[i + 1] >= '0' && replacement[i + 1] <= '9' &&
                 g * 10 + (replacement[i + 1] - '0') <= groups) {
            g = g * 10 + (replacement[++i] - '0');
          }
          pieces.push_back({lit, -1});
          lit.clear();
          pieces.push_back({std::string(), static_cast<int>(g)});
          continue;
        }
        lit += c;
      }
      pieces.push_back({lit, -1});
    }
    std::string s(text);
    std::string out;
    const char* last = s.data();
    auto it = boost::make_u32regex_iterator(s, re->re, re->matchFlags);
    decltype(it) end;
    for (; it != end; ++it) {
      const auto& m = *it;
      out.append(last, static_cast<const char*>(m[0].first.base()));
      for (const Piece& p : pieces) {
        if (p.group < 0) {
          out += p.lit;
        } else if (static_cast<unsigned>(p.group) <= groups && m[p.group].matched) {
          out.append(static_cast<const char*>(m[p.group].first.base()),
                     static_cast<const char*>(m[p.group].second.base()));
        }
      }
      last = m[0].second.base();
    }
    out.append(last, static_cast<const char*>(s.data() + s.size()));
    return out;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

size_t utf8Length(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xc0) != 0x80) ++n;
  return n;
}

std::string toUpperUnicode(std::string_view s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  u.toUpper(icu::Locale::getRoot());
  std::string out;
  u.toUTF8String(out);
  return out;
}

std::string toLowerUnicode(std::string_view s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  u.toLower(icu::Locale::getRoot());
  std::string out;
  u.toUTF8String(out);
  return out;
}

}  // namespace kg::expr
