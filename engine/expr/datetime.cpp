#include "expr/datetime.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace kg::expr {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

bool readDigits(std::string_view s, size_t& i, size_t n, int& out) {
  if (i + n > s.size()) return false;
  int v = 0;
  for (size_t k = 0; k < n; ++k) {
    if (!isDigit(s[i + k])) return false;
    v = v * 10 + (s[i + k] - '0');
  }
  i += n;
  out = v;
  return true;
}

bool isLeap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int daysInMonth(int64_t y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && isLeap(y)) return 29;
  return kDays[m - 1];
}

// Days from 0000-03-01-based civil algorithm (proleptic Gregorian), relative to 1970-01-01.
int64_t daysFromCivil(int64_t y, int m, int d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool parseTz(std::string_view s, size_t& i, std::optional<int>& tz) {
  if (i == s.size()) return true;
  if (s[i] == 'Z') {
    ++i;
    tz = 0;
    return i == s.size();
  }
  if (s[i] != '+' && s[i] != '-') return false;
  int sign = s[i] == '-' ? -1 : 1;
  ++i;
  int hh, mm;
  if (!readDigits(s, i, 2, hh)) return false;
  if (i >= s.size() || s[i] != ':') return false;
  ++i;
  if (!readDigits(s, i, 2, mm)) return false;
  if (hh > 14 || mm > 59 || (hh == 14 && mm != 0)) return false;
  tz = sign * (hh * 60 + mm);
  return i == s.size();
}

std::string pad(int64_t v, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(v));
  return buf;
}

}  // namespace

std::optional<DateTime> DateTime::parse(std::string_view s, bool isDate) {
  DateTime dt;
  dt.isDate = isDate;
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && s[i] == '-') {
    neg = true;
    ++i;
  }
  size_t ys = i;
  while (i < s.size() && isDigit(s[i])) ++i;
  size_t ylen = i - ys;
  if (ylen < 4 || ylen > 16) return std::nullopt;
  if (ylen > 4 && s[ys] == '0') return std::nullopt;
  dt.year = std::strtoll(std::string(s.substr(ys, ylen)).c_str(), nullptr, 10);
  if (neg) dt.year = -dt.year;
  if (i >= s.size() || s[i] != '-') return std::nullopt;
  ++i;
  if (!readDigits(s, i, 2, dt.month)) return std::nullopt;
  if (i >= s.size() || s[i] != '-') return std::nullopt;
  ++i;
  if (!readDigits(s, i, 2, dt.day)) return std::nullopt;
  if (dt.month < 1 || dt.month > 12 || dt.day < 1 || dt.day > daysInMonth(dt.year, dt.month))
    return std::nullopt;
  if (!isDate) {
    if (i >= s.size() || s[i] != 'T') return std::nullopt;
    ++i;
    if (!readDigits(s, i, 2, dt.hour)) return std::nullopt;
    if (i >= s.size() || s[i] != ':') return std::nullopt;
    ++i;
    if (!readDigits(s, i, 2, dt.minute)) return std::nullopt;
    if (i >= s.size() || s[i] != ':') return std::nullopt;
    ++i;
    size_t ss = i;
    int whole;
    if (!readDigits(s, i, 2, whole)) return std::nullopt;
    if (i < s.size() && s[i] == '.') {
      ++i;
      size_t fs = i;
      while (i < s.size() && isDigit(s[i])) ++i;
      if (i == fs) return std::nullopt;
    }
    auto sec = Decimal::parse(s.substr(ss, i - ss));
    if (!sec) return std::nullopt;
    dt.seconds = *sec;
    if (dt.minute > 59 || whole > 59) return std::nullopt;
    if (dt.hour == 24) {
      if (dt.minute != 0 || dt.seconds.mantissa != 0) return std::nullopt;
    } else if (dt.hour > 23) {
      return std::nullopt;
    }
  }
  if (!parseTz(s, i, dt.tzMinutes)) return std::nullopt;
  if (i != s.size()) return std::nullopt;
  return dt;
}

Decimal DateTime::localSeconds() const {
  int64_t days = daysFromCivil(year, month, day);
  BigInt whole = BigInt(days) * 86400 + hour * 3600 + minute * 60;
  return Decimal::fromInt(whole) + seconds;
}

Decimal DateTime::utcSeconds() const {
  Decimal l = localSeconds();
  if (!tzMinutes) return l;
  return l - Decimal::fromInt(BigInt(*tzMinutes) * 60);
}

DateTime DateTime::withoutHour24() const {
  DateTime d = *this;
  if (d.hour != 24) return d;
  d.hour = 0;
  if (++d.day > daysInMonth(d.year, d.month)) {
    d.day = 1;
    if (++d.month > 12) {
      d.month = 1;
      ++d.year;
    }
  }
  return d;
}

std::string DateTime::toLexical() const {
  std::string out;
  if (year < 0) out += "-";
  out += pad(year < 0 ? -year : year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2);
  if (!isDate) {
    out += "T" + pad(hour, 2) + ":" + pad(minute, 2) + ":";
    std::string sec = seconds.toString();
    if (seconds.truncate() < 10) sec = "0" + sec;
    out += sec;
  }
  if (tzMinutes) out += timezoneString(*tzMinutes);
  return out;
}

std::optional<DateTime> parseDateTime(const Term& t) {
  if (!t.isLiteral()) return std::nullopt;
  if (t.datatype == vocab::kXsdDateTime) return DateTime::parse(t.value, false);
  if (t.datatype == kXsdDate) return DateTime::parse(t.value, true);
  return std::nullopt;
}

std::optional<int> dateTimeCompare(const DateTime& a, const DateTime& b) {
  Decimal x = a.utcSeconds(), y = b.utcSeconds();
  if (a.tzMinutes.has_value() == b.tzMinutes.has_value()) return compare(x, y);
  // One side lacks a timezone: its instant lies anywhere within +-14 hours.
  Decimal fourteen = Decimal::fromInt(14 * 3600);
  if (a.tzMinutes) {
    if (compare(x, y - fourteen) < 0) return -1;
    if (compare(x, y + fourteen) > 0) return 1;
  } else {
    if (compare(x + fourteen, y) < 0) return -1;
    if (compare(x - fourteen, y) > 0) return 1;
  }
  return std::nullopt;
}

std::string timezoneDuration(int minutes) {
  if (minutes == 0) return "PT0S";
  std::string out = minutes < 0 ? "-PT" : "PT";
  int m = minutes < 0 ? -minutes : minutes;
  if (m / 60) out += std::to_string(m / 60) + "H";
  if (m % 60) out += std::to_string(m % 60) + "M";
  return out;
}

std::string timezoneString(int minutes) {
  if (minutes == 0) return "Z";
  int m = minutes < 0 ? -minutes : minutes;
  return std::string(minutes < 0 ? "-" : "+") + pad(m / 60, 2) + ":" + pad(m % 60, 2);
}

std::string nowLexical() {
  using namespace std::chrono;
  auto now = system_clock::now();
  int64_t ms = duration_cast<milliseconds>(now.time_since_epoch()).count();
  int64_t secs = ms / 1000;
  int64_t days = secs / 86400;
  int64_t rem = secs % 86400;
  // civil from days
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2) + "T" + pad(rem / 3600, 2) + ":" +
         pad(rem / 60 % 60, 2) + ":" + pad(rem % 60, 2) + "." + pad(ms % 1000, 3) + "Z";
}

}  // namespace kg::expr
