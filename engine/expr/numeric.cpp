#include "expr/numeric.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace kg::expr {

namespace {

BigInt pow10(int n) {
  BigInt r = 1;
  static const BigInt kTen = 10;
  for (int i = 0; i < n; ++i) r *= kTen;
  return r;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Aligns two decimals to a common scale.
void align(const Decimal& a, const Decimal& b, BigInt& ma, BigInt& mb, int& scale) {
  scale = std::max(a.scale, b.scale);
  ma = a.mantissa * pow10(scale - a.scale);
  mb = b.mantissa * pow10(scale - b.scale);
}

// Floor division for BigInt (cpp_int's / truncates toward zero).
BigInt floorDiv(const BigInt& a, const BigInt& b) {
  BigInt q = a / b;
  BigInt r = a - q * b;
  if (r != 0 && ((r < 0) != (b < 0))) q -= 1;
  return q;
}

struct IntRange {
  std::string_view localName;
  const char* min;  // nullptr = unbounded
  const char* max;
};

const IntRange kIntegerTypes[] = {
    {"integer", nullptr, nullptr},
    {"nonPositiveInteger", nullptr, "0"},
    {"negativeInteger", nullptr, "-1"},
    {"long", "-9223372036854775808", "9223372036854775807"},
    {"int", "-2147483648", "2147483647"},
    {"short", "-32768", "32767"},
    {"byte", "-128", "127"},
    {"nonNegativeInteger", "0", nullptr},
    {"unsignedLong", "0", "18446744073709551615"},
    {"unsignedInt", "0", "4294967295"},
    {"unsignedShort", "0", "65535"},
    {"unsignedByte", "0", "255"},
    {"positiveInteger", "1", nullptr},
};

const IntRange* integerType(std::string_view datatype) {
  if (datatype.size() <= vocab::kXsd.size() ||
      datatype.substr(0, vocab::kXsd.size()) != vocab::kXsd)
    return nullptr;
  std::string_view local = datatype.substr(vocab::kXsd.size());
  for (const IntRange& r : kIntegerTypes)
    if (r.localName == local) return &r;
  return nullptr;
}

std::optional<BigInt> parseIntegerLexical(std::string_view s) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    neg = s[i] == '-';
    ++i;
  }
  if (i == s.size()) return std::nullopt;
  for (size_t j = i; j < s.size(); ++j)
    if (!isDigit(s[j])) return std::nullopt;
  // Skip leading zeros for the BigInt constructor.
  while (i + 1 < s.size() && s[i] == '0') ++i;
  BigInt v(std::string(s.substr(i)));
  return neg ? BigInt(-v) : v;
}

// Validates the float/double lexical space (decimal with optional exponent, or specials).
bool validFloatingLexical(std::string_view s) {
  if (s == "INF" || s == "+INF" || s == "-INF" || s == "NaN") return true;
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t digits = 0;
  while (i < s.size() && isDigit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && isDigit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t ed = 0;
    while (i < s.size() && isDigit(s[i])) ++i, ++ed;
    if (ed == 0) return false;
  }
  return i == s.size();
}

double parseFloating(std::string_view s) {
  if (s == "INF" || s == "+INF") return std::numeric_limits<double>::infinity();
  if (s == "-INF") return -std::numeric_limits<double>::infinity();
  if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
  std::string tmp(s);
  return std::strtod(tmp.c_str(), nullptr);
}

float parseFloat(std::string_view s) {
  if (s == "INF" || s == "+INF") return std::numeric_limits<float>::infinity();
  if (s == "-INF") return -std::numeric_limits<float>::infinity();
  if (s == "NaN") return std::numeric_limits<float>::quiet_NaN();
  std::string tmp(s);
  return std::strtof(tmp.c_str(), nullptr);
}

// Formats "d.ddd" mantissa digits and exponent into canonical "d.dddEn".
std::string formatScientific(const char* buf) {
  // buf looks like "-1.2345e+02" or "5e-07".
  std::string s(buf);
  size_t e = s.find('e');
  std::string mant = s.substr(0, e);
  int exp = std::atoi(s.c_str() + e + 1);
  if (mant.find('.') == std::string::npos) mant += ".0";
  // strip trailing zeros in the fraction but keep one digit
  while (mant.size() >= 2 && mant.back() == '0' && mant[mant.size() - 2] != '.') mant.pop_back();
  return mant + "E" + std::to_string(exp);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Decimal

void Decimal::normalize() {
  if (mantissa == 0) {
    scale = 0;
    return;
  }
  static const BigInt kTen = 10;
  while (scale > 0) {
    BigInt q, r;
    boost::multiprecision::divide_qr(mantissa, kTen, q, r);
    if (r != 0) break;
    mantissa = std::move(q);
    --scale;
  }
  if (scale < 0) {
    mantissa *= pow10(-scale);
    scale = 0;
  }
}

std::string Decimal::toString() const {
  bool neg = mantissa < 0;
  BigInt abs = neg ? BigInt(-mantissa) : mantissa;
  std::string digits = abs.str();
  std::string out;
  if (scale > 0) {
    if (static_cast<int>(digits.size()) <= scale)
      digits = std::string(scale - digits.size() + 1, '0') + digits;
    out = digits.substr(0, digits.size() - scale) + "." + digits.substr(digits.size() - scale);
  } else {
    out = digits;
  }
  return neg ? "-" + out : out;
}

std::optional<Decimal> Decimal::parse(std::string_view s) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    neg = s[i] == '-';
    ++i;
  }
  std::string digits;
  size_t intDigits = 0;
  while (i < s.size() && isDigit(s[i])) digits += s[i++], ++intDigits;
  int scale = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && isDigit(s[i])) digits += s[i++], ++scale;
  }
  if (i != s.size() || digits.empty()) return std::nullopt;
  size_t k = 0;
  while (k + 1 < digits.size() && digits[k] == '0') ++k;
  Decimal d{BigInt(digits.substr(k)), scale};
  if (neg) d.mantissa = -d.mantissa;
  d.normalize();
  return d;
}

Decimal Decimal::fromDouble(double x) {
  if (x == 0 || !std::isfinite(x)) return Decimal{};
  int e = 0;
  double fr = std::frexp(x, &e);          // x = fr * 2^e, 0.5 <= |fr| < 1
  double m = std::ldexp(fr, 53);           // integral
  int exp2 = e - 53;
  BigInt mant = static_cast<int64_t>(m);
  Decimal d;
  if (exp2 >= 0) {
    d.mantissa = mant * (BigInt(1) << exp2);
    d.scale = 0;
  } else {
    BigInt five = 1;
    for (int i = 0; i < -exp2; ++i) five *= 5;
    d.mantissa = mant * five;
    d.scale = -exp2;
  }
  d.normalize();
  return d;
}

double Decimal::toDouble() const {
  std::string s = toString();
  return std::strtod(s.c_str(), nullptr);
}

BigInt Decimal::truncate() const {
  if (scale == 0) return mantissa;
  return mantissa / pow10(scale);
}

BigInt Decimal::floor() const {
  if (scale == 0) return mantissa;
  return floorDiv(mantissa, pow10(scale));
}

BigInt Decimal::ceil() const {
  if (scale == 0) return mantissa;
  return -floorDiv(-mantissa, pow10(scale));
}

Decimal Decimal::roundHalfUp() const {
  if (scale == 0) return *this;
  Decimal half{5, 1};
  Decimal r = Decimal::fromInt((*this + half).floor());
  return r;
}

Decimal operator+(const Decimal& a, const Decimal& b) {
  BigInt ma, mb;
  int scale;
  align(a, b, ma, mb, scale);
  Decimal r{ma + mb, scale};
  r.normalize();
  return r;
}

Decimal operator-(const Decimal& a, const Decimal& b) {
  BigInt ma, mb;
  int scale;
  align(a, b, ma, mb, scale);
  Decimal r{ma - mb, scale};
  r.normalize();
  return r;
}

Decimal operator*(const Decimal& a, const Decimal& b) {
  Decimal r{a.mantissa * b.mantissa, a.scale + b.scale};
  r.normalize();
  return r;
}

Decimal operator-(const Decimal& a) { return Decimal{-a.mantissa, a.scale}; }

int compare(const Decimal& a, const Decimal& b) {
  BigInt ma, mb;
  int scale;
  align(a, b, ma, mb, scale);
  return ma < mb ? -1 : (ma > mb ? 1 : 0);
}

std::optional<Decimal> divide(const Decimal& a, const Decimal& b) {
  if (b.mantissa == 0) return std::nullopt;
  // a/b = (ma * 10^sb) / (mb * 10^sa); scaled by 10^K for K fractional digits.
  // Keep at least kDivisionScale digits beyond the dividend's own precision.
  const int digits = kDivisionScale + a.scale;
  BigInt num = a.mantissa * pow10(b.scale + digits + 1);
  BigInt den = b.mantissa * pow10(a.scale);
  BigInt q = num / den;  // truncated, one extra digit
  // round half away from zero on the extra digit
  BigInt r = q % 10;
  q /= 10;
  if (r >= 5) q += 1;
  if (r <= -5) q -= 1;
  Decimal d{q, digits};
  d.normalize();
  return d;
}

// ---------------------------------------------------------------------------------------------
// Numeric

Numeric Numeric::integer(BigInt v) {
  Numeric n;
  n.type = NumType::kInteger;
  n.dec = Decimal::fromInt(std::move(v));
  return n;
}

Numeric Numeric::decimal(Decimal d) {
  Numeric n;
  n.type = NumType::kDecimal;
  d.normalize();
  n.dec = std::move(d);
  return n;
}

Numeric Numeric::ofFloat(float f) {
  Numeric n;
  n.type = NumType::kFloat;
  n.dbl = f;
  return n;
}

Numeric Numeric::ofDouble(double d) {
  Numeric n;
  n.type = NumType::kDouble;
  n.dbl = d;
  return n;
}

double Numeric::asDouble() const { return isExact() ? dec.toDouble() : dbl; }

Numeric Numeric::promote(NumType to) const {
  if (to <= type) return *this;
  switch (to) {
    case NumType::kInteger: return *this;
    case NumType::kDecimal: return Numeric::decimal(dec);
    case NumType::kFloat: {
      std::string s = dec.toString();
      return Numeric::ofFloat(std::strtof(s.c_str(), nullptr));
    }
    case NumType::kDouble: return Numeric::ofDouble(asDouble());
  }
  return *this;
}

std::string Numeric::canonical() const {
  switch (type) {
    case NumType::kInteger: return dec.mantissa.str();
    case NumType::kDecimal: return dec.toString();
    case NumType::kFloat: return canonicalFloat(static_cast<float>(dbl));
    case NumType::kDouble: return canonicalDouble(dbl);
  }
  return {};
}

Term Numeric::toTerm() const { return Term::literal(canonical(), std::string(numTypeIri(type))); }

bool Numeric::isZero() const { return isExact() ? dec.mantissa == 0 : dbl == 0; }
bool Numeric::isNaN() const { return !isExact() && std::isnan(dbl); }

std::string_view numTypeIri(NumType t) {
  switch (t) {
    case NumType::kInteger: return vocab::kXsdInteger;
    case NumType::kDecimal: return vocab::kXsdDecimal;
    case NumType::kFloat: return vocab::kXsdFloat;
    case NumType::kDouble: return vocab::kXsdDouble;
  }
  return {};
}

std::optional<NumType> numTypeOf(std::string_view dt) {
  if (dt == vocab::kXsdInteger) return NumType::kInteger;
  if (dt == vocab::kXsdDecimal) return NumType::kDecimal;
  if (dt == vocab::kXsdDouble) return NumType::kDouble;
  if (dt == vocab::kXsdFloat) return NumType::kFloat;
  if (integerType(dt)) return NumType::kInteger;
  return std::nullopt;
}

bool isNumericDatatype(std::string_view dt) { return numTypeOf(dt).has_value(); }

std::optional<Numeric> parseNumericLexical(std::string_view s, NumType type) {
  switch (type) {
    case NumType::kInteger: {
      auto v = parseIntegerLexical(s);
      if (!v) return std::nullopt;
      return Numeric::integer(std::move(*v));
    }
    case NumType::kDecimal: {
      auto d = Decimal::parse(s);
      if (!d) return std::nullopt;
      return Numeric::decimal(std::move(*d));
    }
    case NumType::kFloat:
      if (!validFloatingLexical(s)) return std::nullopt;
      return Numeric::ofFloat(parseFloat(s));
    case NumType::kDouble:
      if (!validFloatingLexical(s)) return std::nullopt;
      return Numeric::ofDouble(parseFloating(s));
  }
  return std::nullopt;
}

std::optional<Numeric> parseNumeric(const Term& t) {
  if (!t.isLiteral()) return std::nullopt;
  auto type = numTypeOf(t.datatype);
  if (!type) return std::nullopt;
  auto n = parseNumericLexical(t.value, *type);
  if (!n) return std::nullopt;
  if (*type == NumType::kInteger && t.datatype != vocab::kXsdInteger) {
    const IntRange* r = integerType(t.datatype);
    if (r) {
      if (r->min && n->dec.mantissa < BigInt(r->min)) return std::nullopt;
      if (r->max && n->dec.mantissa > BigInt(r->max)) return std::nullopt;
    }
  }
  return n;
}

std::string canonicalDouble(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "INF" : "-INF";
  if (d == 0) return std::signbit(d) ? "-0.0E0" : "0.0E0";
  char buf[64];
  for (int p = 0; p <= 17; ++p) {
    std::snprintf(buf, sizeof buf, "%.*e", p, d);
    if (std::strtod(buf, nullptr) == d) break;
  }
  return formatScientific(buf);
}

std::string canonicalFloat(float f) {
  if (std::isnan(f)) return "NaN";
  if (std::isinf(f)) return f > 0 ? "INF" : "-INF";
  if (f == 0) return std::signbit(f) ? "-0.0E0" : "0.0E0";
  char buf[64];
  for (int p = 0; p <= 9; ++p) {
    std::snprintf(buf, sizeof buf, "%.*e", p, static_cast<double>(f));
    if (std::strtof(buf, nullptr) == f) break;
  }
  return formatScientific(buf);
}

std::optional<Numeric> numericArithmetic(char op, const Numeric& a, const Numeric& b) {
  NumType t = std::max(a.type, b.type);
  Numeric x = a.promote(t), y = b.promote(t);
  if (t == NumType::kInteger || t == NumType::kDecimal) {
    switch (op) {
      case '+': return t == NumType::kInteger ? Numeric::integer(x.dec.mantissa + y.dec.mantissa)
                                              : Numeric::decimal(x.dec + y.dec);
      case '-': return t == NumType::kInteger ? Numeric::integer(x.dec.mantissa - y.dec.mantissa)
                                              : Numeric::decimal(x.dec - y.dec);
      case '*': return t == NumType::kInteger ? Numeric::integer(x.dec.mantissa * y.dec.mantissa)
                                              : Numeric::decimal(x.dec * y.dec);
      case '/': {
        auto q = divide(x.dec, y.dec);
        if (!q) return std::nullopt;
        return Numeric::decimal(std::move(*q));
      }
      default: return std::nullopt;
    }
  }
  double r;
  switch (op) {
    case '+': r = x.dbl + y.dbl; break;
    case '-': r = x.dbl - y.dbl; break;
    case '*': r = x.dbl * y.dbl; break;
    case '/': r = x.dbl / y.dbl; break;
    default: return std::nullopt;
  }
  if (t == NumType::kFloat) return Numeric::ofFloat(static_cast<float>(r));
  return Numeric::ofDouble(r);
}

Numeric numericNegate(const Numeric& a) {
  Numeric r = a;
  if (a.isExact()) {
    r.dec = -a.dec;
  } else {
    r.dbl = -a.dbl;
  }
  return r;
}

int numericCompare(const Numeric& a, const Numeric& b) {
  NumType t = std::max(a.type, b.type);
  if (t == NumType::kInteger || t == NumType::kDecimal) return compare(a.dec, b.dec);
  Numeric x = a.promote(t), y = b.promote(t);
  if (std::isnan(x.dbl) || std::isnan(y.dbl)) return kUnordered;
  return x.dbl < y.dbl ? -1 : (x.dbl > y.dbl ? 1 : 0);
}

int numericTotalCompare(const Numeric& a, const Numeric& b) {
  auto rank = [](const Numeric& n) {
    if (n.isExact()) return 2;
    if (std::isnan(n.dbl)) return 0;
    if (std::isinf(n.dbl)) return n.dbl < 0 ? 1 : 3;
    return 2;
  };
  int ra = rank(a), rb = rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  if (ra != 2) return 0;
  if (!a.isExact() && !b.isExact()) return a.dbl < b.dbl ? -1 : (a.dbl > b.dbl ? 1 : 0);
  if (a.isExact() && b.isExact()) return compare(a.dec, b.dec);
  // Mixed: rounding to double is monotone, so a strict difference there is decisive.
  double x = a.asDouble(), y = b.asDouble();
  if (x < y) return -1;
  if (x > y) return 1;
  const Decimal da = a.isExact() ? a.dec : Decimal::fromDouble(a.dbl);
  const Decimal db = b.isExact() ? b.dec : Decimal::fromDouble(b.dbl);
  return compare(da, db);
}

}  // namespace kg::expr
