// Numeric values of the XSD numeric types as SPARQL 1.1 / XPath use them: parsing of lexical
// forms (with the range limits of the derived integer types), type promotion
// (integer -> decimal -> float -> double), exact integer and decimal arithmetic, IEEE float and
// double arithmetic, and the canonical lexical forms of XSD 1.1.
//
// Internal header of kg_expr (uses Boost.Multiprecision, header-only).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/multiprecision/cpp_int.hpp>

#include "kg/term.h"

namespace kg::expr {

using BigInt = boost::multiprecision::cpp_int;

// An exact decimal number: mantissa / 10^scale, scale >= 0, kept normalized (no trailing zero
// digit in the mantissa when scale > 0).
struct Decimal {
  BigInt mantissa;
  int scale = 0;

  static Decimal fromInt(BigInt v) { return Decimal{std::move(v), 0}; }
  void normalize();
  bool isInteger() const { return scale == 0; }
  int sign() const { return mantissa.sign(); }
  // XSD 1.1 canonical form: "2.5", "-0.01", "3" (no trailing ".0").
  std::string toString() const;
  // Parses [+-]?(digits(.digits?)?|.digits) (no exponent). nullopt when invalid.
  static std::optional<Decimal> parse(std::string_view s);
  // Exact value of a finite double.
  static Decimal fromDouble(double d);
  double toDouble() const;
  BigInt truncate() const;  // toward zero
  BigInt floor() const;
  BigInt ceil() const;
  Decimal roundHalfUp() const;  // fn:round: half toward positive infinity
};

Decimal operator+(const Decimal& a, const Decimal& b);
Decimal operator-(const Decimal& a, const Decimal& b);
Decimal operator*(const Decimal& a, const Decimal& b);
Decimal operator-(const Decimal& a);
int compare(const Decimal& a, const Decimal& b);
// a / b rounded half away from zero to kDivisionScale (+ a.scale) fractional digits;
// nullopt when b is zero.
std::optional<Decimal> divide(const Decimal& a, const Decimal& b);
inline constexpr int kDivisionScale = 24;

enum class NumType : uint8_t { kInteger = 0, kDecimal = 1, kFloat = 2, kDouble = 3 };

// A numeric value. Integers and decimals use `dec` (integers have scale 0); float and double
// use `dbl` (float values are kept rounded to single precision).
struct Numeric {
  NumType type = NumType::kInteger;
  Decimal dec;
  double dbl = 0;

  static Numeric integer(BigInt v);
  static Numeric decimal(Decimal d);
  static Numeric ofFloat(float f);
  static Numeric ofDouble(double d);

  bool isExact() const { return type == NumType::kInteger || type == NumType::kDecimal; }
  // The value as a double (decimal converted with correct rounding).
  double asDouble() const;
  // Converts to a wider (or equal) type in the promotion order.
  Numeric promote(NumType to) const;
  // Canonical literal of the value's type (xsd:integer, xsd:decimal, xsd:float, xsd:double).
  Term toTerm() const;
  std::string canonical() const;
  bool isZero() const;
  bool isNaN() const;
};

// The XSD datatype IRI of a NumType.
std::string_view numTypeIri(NumType t);
// True when `datatypeIri` is xsd:integer, xsd:decimal, xsd:float, xsd:double or one of the
// types derived from xsd:integer (xsd:int, xsd:long, xsd:nonNegativeInteger, ...).
bool isNumericDatatype(std::string_view datatypeIri);
// The primitive NumType of a numeric datatype (derived integer types -> kInteger).
std::optional<NumType> numTypeOf(std::string_view datatypeIri);

// Parses a numeric literal; nullopt when the term is not a literal of a numeric datatype or
// its lexical form is not valid for that datatype (including the range of derived types).
std::optional<Numeric> parseNumeric(const Term& t);
// Parses a lexical form as the given type (no range checks). Float/double accept INF, +INF,
// -INF and NaN.
std::optional<Numeric> parseNumericLexical(std::string_view lexical, NumType type);

// Canonical forms of doubles and floats: "1.0E0", "-2.5E-3", "INF", "-INF", "NaN".
std::string canonicalDouble(double d);
std::string canonicalFloat(float f);

// Arithmetic with promotion to the wider type. op is one of + - * /. integer / integer is a
// decimal. Division by zero is an error (nullopt) for integer and decimal, IEEE for float and
// double.
std::optional<Numeric> numericArithmetic(char op, const Numeric& a, const Numeric& b);
Numeric numericNegate(const Numeric& a);

// Comparison with promotion: -1, 0, 1, or kUnordered when a NaN is involved.
inline constexpr int kUnordered = 2;
int numericCompare(const Numeric& a, const Numeric& b);
// A total order over values without promotion (exact for finite values; NaN lowest, then -INF,
// finite values, INF). Used for ORDER BY and MIN/MAX.
int numericTotalCompare(const Numeric& a, const Numeric& b);

}  // namespace kg::expr
