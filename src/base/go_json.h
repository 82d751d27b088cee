// JSON text byte-identical to Go's encoding/json, for values dex stores or sends as JSON.
//
// Go differs from nlohmann's dump() in string escaping: it escapes '<', '>' and '&' (\u003c ...),
// U+2028 and U+2029, writes other control bytes as \u00XX (lower-case hex) but \b \f \n \r \t
// short, and replaces invalid UTF-8 with U+FFFD. Object members come out in the container's order:
// sorted for nlohmann::json (the order Go gives map keys), insertion order for ordered_json (the
// order of a Go struct's fields).
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace dexcc::base {

// Appends `s` as a Go-encoded JSON string, quotes included.
void append_go_json_string(std::string& out, std::string_view s);
std::string go_json_string(std::string_view s);

// Compact Go encoding of a JSON value.
std::string go_json_dump(const nlohmann::json& value);
std::string go_json_dump(const nlohmann::ordered_json& value);

}  // namespace dexcc::base
