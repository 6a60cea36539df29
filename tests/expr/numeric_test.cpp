#include <gtest/gtest.h>

#include <cmath>

#include "expr/numeric.h"
#include "test_util.h"

using namespace kg;
using namespace kg::expr;
using namespace kgtest;

TEST(ExprNumeric, ParseIntegerAndDerived) {
  EXPECT_TRUE(parseNumeric(Int("42")));
  EXPECT_TRUE(parseNumeric(Int("-0042")));
  EXPECT_TRUE(parseNumeric(Int("+7")));
  EXPECT_FALSE(parseNumeric(Int("abc")));
  EXPECT_FALSE(parseNumeric(Int("1.0")));
  EXPECT_FALSE(parseNumeric(Int("")));
  EXPECT_FALSE(parseNumeric(Int("+")));
  EXPECT_TRUE(parseNumeric(X("127", "byte")));
  EXPECT_FALSE(parseNumeric(X("128", "byte")));
  EXPECT_FALSE(parseNumeric(X("-1", "nonNegativeInteger")));
  EXPECT_TRUE(parseNumeric(X("0", "nonNegativeInteger")));
  EXPECT_FALSE(parseNumeric(X("0", "positiveInteger")));
  EXPECT_FALSE(parseNumeric(X("0", "negativeInteger")));
  EXPECT_TRUE(parseNumeric(X("18446744073709551615", "unsignedLong")));
  EXPECT_FALSE(parseNumeric(X("18446744073709551616", "unsignedLong")));
  EXPECT_TRUE(parseNumeric(X("-9223372036854775808", "long")));
  EXPECT_FALSE(parseNumeric(X("2147483648", "int")));
  EXPECT_EQ(parseNumeric(X("5", "short"))->type, NumType::kInteger);
  EXPECT_FALSE(parseNumeric(S("1")));
  EXPECT_FALSE(parseNumeric(Iri("http://x")));
}

TEST(ExprNumeric, ParseDecimalAndFloating) {
  EXPECT_TRUE(parseNumeric(Dec("1.5")));
  EXPECT_TRUE(parseNumeric(Dec(".5")));
  EXPECT_TRUE(parseNumeric(Dec("5.")));
  EXPECT_TRUE(parseNumeric(Dec("-0.0")));
  EXPECT_FALSE(parseNumeric(Dec("1e3")));
  EXPECT_FALSE(parseNumeric(Dec(".")));
  EXPECT_FALSE(parseNumeric(Dec("INF")));
  EXPECT_TRUE(parseNumeric(Dbl("1e3")));
  EXPECT_TRUE(parseNumeric(Dbl("-1.5E-3")));
  EXPECT_TRUE(parseNumeric(Dbl("INF")));
  EXPECT_TRUE(parseNumeric(Dbl("-INF")));
  EXPECT_TRUE(parseNumeric(Dbl("NaN")));
  EXPECT_FALSE(parseNumeric(Dbl("nan")));
  EXPECT_FALSE(parseNumeric(Dbl("1e")));
  EXPECT_FALSE(parseNumeric(Dbl("e3")));
  EXPECT_TRUE(parseNumeric(Flt("3.5")));
  EXPECT_FALSE(parseNumeric(Flt("x")));
}

TEST(ExprNumeric, CanonicalForms) {
  EXPECT_EQ(canonicalNumeric(Int("007"))->value, "7");
  EXPECT_EQ(canonicalNumeric(Int("-0"))->value, "0");
  EXPECT_EQ(canonicalNumeric(Int("+5"))->value, "5");
  EXPECT_EQ(canonicalNumeric(X("0012", "int"))->datatype, kX + "integer");
  EXPECT_EQ(canonicalNumeric(Dec("2.50"))->value, "2.5");
  EXPECT_EQ(canonicalNumeric(Dec("+002.0"))->value, "2");
  EXPECT_EQ(canonicalNumeric(Dec("-.5"))->value, "-0.5");
  EXPECT_EQ(canonicalNumeric(Dec("0.00"))->value, "0");
  EXPECT_EQ(canonicalNumeric(Dbl("1"))->value, "1.0E0");
  EXPECT_EQ(canonicalNumeric(Dbl("100"))->value, "1.0E2");
  EXPECT_EQ(canonicalNumeric(Dbl("0.001"))->value, "1.0E-3");
  EXPECT_EQ(canonicalNumeric(Dbl("-1.25e10"))->value, "-1.25E10");
  EXPECT_EQ(canonicalNumeric(Dbl("0.1"))->value, "1.0E-1");
  EXPECT_EQ(canonicalNumeric(Dbl("0"))->value, "0.0E0");
  EXPECT_EQ(canonicalNumeric(Dbl("-0"))->value, "-0.0E0");
  EXPECT_EQ(canonicalNumeric(Dbl("+INF"))->value, "INF");
  EXPECT_EQ(canonicalNumeric(Dbl("NaN"))->value, "NaN");
  EXPECT_EQ(canonicalNumeric(Flt("0.1"))->value, "1.0E-1");
  EXPECT_EQ(canonicalNumeric(Flt("33.33"))->value, "3.333E1");
  EXPECT_EQ(canonicalDouble(1.0 / 3), "3.333333333333333E-1");
  EXPECT_EQ(canonicalDouble(123456789.0), "1.23456789E8");
}

TEST(ExprNumeric, DecimalExact) {
  auto a = *Decimal::parse("0.1"), b = *Decimal::parse("0.2");
  EXPECT_EQ((a + b).toString(), "0.3");
  EXPECT_EQ((a * b).toString(), "0.02");
  EXPECT_EQ((a - b).toString(), "-0.1");
  EXPECT_EQ(divide(*Decimal::parse("1"), *Decimal::parse("3"))->toString(),
            "0.333333333333333333333333");
  EXPECT_EQ(divide(*Decimal::parse("2"), *Decimal::parse("3"))->toString(),
            "0.666666666666666666666667");
  EXPECT_EQ(divide(*Decimal::parse("-2"), *Decimal::parse("3"))->toString(),
            "-0.666666666666666666666667");
  EXPECT_EQ(divide(*Decimal::parse("1.5"), *Decimal::parse("0.5"))->toString(), "3");
  EXPECT_FALSE(divide(*Decimal::parse("1"), *Decimal::parse("0.0")));
  EXPECT_EQ(Decimal::parse("-2.5")->roundHalfUp().toString(), "-2");
  EXPECT_EQ(Decimal::parse("2.5")->roundHalfUp().toString(), "3");
  EXPECT_EQ(Decimal::parse("-1.6")->floor().str(), "-2");
  EXPECT_EQ(Decimal::parse("-1.6")->ceil().str(), "-1");
  EXPECT_EQ(Decimal::parse("-1.6")->truncate().str(), "-1");
  EXPECT_EQ(Decimal::fromDouble(0.5).toString(), "0.5");
  EXPECT_EQ(Decimal::fromDouble(0.1).toString(),
            "0.1000000000000000055511151231257827021181583404541015625");
  EXPECT_EQ(Decimal::fromDouble(-1024).toString(), "-1024");
}

TEST(ExprNumeric, BigIntegers) {
  auto r = arithmetic('*', Int("123456789012345678901234567890"), Int("10"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->value, "1234567890123456789012345678900");
  EXPECT_EQ(R(arithmetic('+', Int("9223372036854775807"), Int("1"))),
            "\"9223372036854775808\"^^<" + kX + "integer>");
}

TEST(ExprNumeric, TotalOrder) {
  auto n = [](const Term& t) { return *parseNumeric(t); };
  EXPECT_LT(numericTotalCompare(n(Dbl("NaN")), n(Dbl("-INF"))), 0);
  EXPECT_LT(numericTotalCompare(n(Dbl("-INF")), n(Int("-100000"))), 0);
  EXPECT_LT(numericTotalCompare(n(Dec("0.1")), n(Dbl("0.1"))), 0);  // exact: 0.1 < 0.1000..055
  EXPECT_EQ(numericTotalCompare(n(Int("1")), n(Dbl("1"))), 0);
  EXPECT_GT(numericTotalCompare(n(Dbl("INF")), n(Int("99999999999999999999999"))), 0);
}
