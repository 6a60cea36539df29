// Escaping text for the JSON and XML result and graph formats.
#pragma once

#include <string>
#include <string_view>

namespace kg {

// The body of a JSON string (without the quotes): `"`, `\` and control characters escaped.
std::string jsonEscape(std::string_view s);

// Text for XML content or a double-quoted attribute: `& < > "` as entities, and CR as `&#13;`
// so that a reader's end-of-line handling does not turn it into LF.
std::string xmlEscape(std::string_view s);

// Whether XML 1.0 can hold the text at all: it has no form, not even a character reference,
// for the control characters other than tab, LF and CR (nor for U+FFFE and U+FFFF).
bool xmlCanHold(std::string_view utf8);

}  // namespace kg
