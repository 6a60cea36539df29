// xsd:dateTime and xsd:date values: parsing, comparison with the XPath timezone rules, and
// the component accessors SPARQL needs (YEAR ... SECONDS, TIMEZONE, TZ).
// Internal header of kg_expr.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "expr/numeric.h"

namespace kg::expr {

inline constexpr std::string_view kXsdDate = "http://www.w3.org/2001/XMLSchema#date";
inline constexpr std::string_view kXsdDayTimeDuration =
    "http://www.w3.org/2001/XMLSchema#dayTimeDuration";

struct DateTime {
  bool isDate = false;  // xsd:date (no time of day)
  int64_t year = 0;
  int month = 1, day = 1, hour = 0, minute = 0;
  Decimal seconds;                   // 0 <= seconds < 60 (fraction kept exactly)
  std::optional<int> tzMinutes;      // offset from UTC in minutes, nullopt = no timezone

  // Parses an xsd:dateTime lexical form (isDate=false) or xsd:date (isDate=true).
  static std::optional<DateTime> parse(std::string_view lexical, bool isDate);
  // Seconds since 0000-01-01T00:00:00 of the local time, timezone not applied.
  Decimal localSeconds() const;
  // localSeconds minus the timezone offset (UTC instant); equal to localSeconds without tz.
  Decimal utcSeconds() const;
  std::string toLexical() const;
  // The same instant with 24:00:00 read as 00:00:00 of the next day (XSD 1.1: it is the
  // first instant of that day), as the component accessors see it.
  DateTime withoutHour24() const;
};

// Parses a dateTime or date literal (nullopt for other datatypes or invalid lexical forms).
std::optional<DateTime> parseDateTime(const Term& t);

// XPath comparison: -1, 0, 1, or nullopt when indeterminate (one side has a timezone, the
// other has none, and they are within 14 hours of each other).
std::optional<int> dateTimeCompare(const DateTime& a, const DateTime& b);

// TIMEZONE as an xsd:dayTimeDuration lexical form: "PT0S", "-PT8H", "PT5H30M".
std::string timezoneDuration(int minutes);
// TZ: "Z", "-08:00", "+05:30".
std::string timezoneString(int minutes);

// The current time as an xsd:dateTime lexical form in UTC with milliseconds.
std::string nowLexical();

}  // namespace kg::expr
