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

#include "base/text.h"

namespace dexcc::base {

// Appends `s` as a Go-encoded JSON string, quotes included.
void append_go_json_string(std::string& out, std::string_view s);
std::string go_json_string(std::string_view s);

// Compact Go encoding of a JSON value.
std::string go_json_dump(const nlohmann::json& value);
std::string go_json_dump(const nlohmann::ordered_json& value);

// Go encoding/json's field lookup when decoding into a struct: the exact name first, then any
// ASCII case. nullptr when absent.
template <class Json>
const Json* go_json_member(const Json& object, std::string_view name) {
  if (auto it = object.find(name); it != object.end()) return &*it;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (ascii_iequals(it.key(), name)) return &*it;
  }
  return nullptr;
}

// Decodes a string field as Go does: absent or null leaves `out` alone; anything but a string is
// an error (false).
template <class Json>
bool go_json_read_string(const Json& object, std::string_view name, std::string& out) {
  const Json* v = go_json_member(object, name);
  if (!v || v->is_null()) return true;
  if (!v->is_string()) return false;
  out = v->template get<std::string>();
  return true;
}

}  // namespace dexcc::base
