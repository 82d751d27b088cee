// Attribute lookup on entries, and dex's ldap ConnectorData in Go's JSON encoding.
#include "connector/ldap/entry.h"

#include <nlohmann/json.hpp>

#include "base/base64.h"
#include "base/go_json.h"
#include "base/text.h"

namespace dexcc::connector::ldap {
namespace {

bool read_attribute(const nlohmann::json& a, Attribute& out) {
  if (!a.is_object() || !base::go_json_read_string(a, "Name", out.name)) return false;
  const nlohmann::json* values = base::go_json_member(a, "Values");
  if (values && !values->is_null()) {
    if (!values->is_array()) return false;
    for (const auto& v : *values) {
      if (!v.is_string()) return false;
      out.values.push_back(v.get<std::string>());
    }
  }
  return true;
}

}  // namespace

std::vector<std::string> Entry::values(std::string_view name) const {
  for (const auto& a : attributes) {
    if (a.name == name) return a.values;
  }
  for (const auto& a : attributes) {
    if (base::ascii_iequals(a.name, name)) return a.values;
  }
  if (base::ascii_iequals(name, "dn")) return {dn};
  return {};
}

std::string Entry::value(std::string_view name) const {
  auto v = values(name);
  return v.empty() ? std::string() : v.front();
}

std::string encode_refresh_data(const RefreshData& data) {
  nlohmann::ordered_json attributes = nlohmann::ordered_json::array();
  for (const auto& a : data.entry.attributes) {
    nlohmann::ordered_json bytes = nlohmann::ordered_json::array();
    for (const auto& v : a.values) bytes.push_back(base::base64_encode(v));
    nlohmann::ordered_json attr = nlohmann::ordered_json::object();
    attr["Name"] = a.name;
    attr["Values"] = a.values;
    attr["ByteValues"] = std::move(bytes);
    attributes.push_back(std::move(attr));
  }
  nlohmann::ordered_json entry = nlohmann::ordered_json::object();
  entry["DN"] = data.entry.dn;
  entry["Attributes"] = std::move(attributes);
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j["username"] = data.username;
  j["entry"] = std::move(entry);
  return base::go_json_dump(j);
}

std::optional<RefreshData> decode_refresh_data(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  RefreshData data;
  if (!base::go_json_read_string(j, "username", data.username)) return std::nullopt;
  const nlohmann::json* entry = base::go_json_member(j, "entry");
  if (!entry || entry->is_null()) return data;
  if (!entry->is_object() || !base::go_json_read_string(*entry, "DN", data.entry.dn)) return std::nullopt;
  const nlohmann::json* attributes = base::go_json_member(*entry, "Attributes");
  if (attributes && !attributes->is_null()) {
    if (!attributes->is_array()) return std::nullopt;
    for (const auto& a : *attributes) {
      Attribute attr;
      if (!read_attribute(a, attr)) return std::nullopt;
      data.entry.attributes.push_back(std::move(attr));
    }
  }
  return data;
}

}  // namespace dexcc::connector::ldap
