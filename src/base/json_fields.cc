// JsonFields implementation: Go-style case-insensitive field matching and path-naming errors.
#include "base/json_fields.h"

#include <fmt/format.h>

#include <cmath>

#include "base/duration.h"

namespace dexcc::base {
namespace {

const nlohmann::json& empty_object() {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  return kEmpty;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

// Go's strconv.FormatFloat(f, 'g', -1, 64) for the values YAML configs realistically hold.
std::string go_float_string(double d) {
  if (std::floor(d) == d && std::fabs(d) < 1e21) return fmt::format("{}", static_cast<long long>(d));
  return fmt::format("{}", d);
}

}  // namespace

std::string json_type_name(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::string: return "string";
    case nlohmann::json::value_t::boolean: return "bool";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float: return "number";
    case nlohmann::json::value_t::array: return "array";
    case nlohmann::json::value_t::object: return "object";
    case nlohmann::json::value_t::null: return "null";
    default: return "value";
  }
}

JsonFields::JsonFields(const nlohmann::json& value, std::string path, bool scalars_as_strings)
    : object_(&value), path_(std::move(path)), scalars_as_strings_(scalars_as_strings) {
  if (value.is_null()) {
    object_ = &empty_object();
  } else if (!value.is_object()) {
    throw ConfigError(fmt::format("config: {}: expected a mapping, got {}", path_.empty() ? "(top)" : path_,
                                  json_type_name(value)));
  }
}

std::string JsonFields::path_of(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void JsonFields::fail(std::string_view key, const std::string& problem) const {
  throw ConfigError(fmt::format("config: {}: {}", path_of(key), problem));
}

const nlohmann::json* JsonFields::find(std::string_view key) {
  // encoding/json prefers an exact match, then accepts any case-insensitive one.
  auto exact = object_->find(std::string(key));
  if (exact != object_->end()) {
    used_.insert(exact.key());
    return exact->is_null() ? nullptr : &*exact;
  }
  for (auto it = object_->begin(); it != object_->end(); ++it) {
    if (iequals(it.key(), key)) {
      used_.insert(it.key());
      return it->is_null() ? nullptr : &*it;
    }
  }
  return nullptr;
}

const nlohmann::json* JsonFields::raw(std::string_view key) { return find(key); }

bool JsonFields::has(std::string_view key) { return find(key) != nullptr; }

std::optional<std::string> JsonFields::optional_string(std::string_view key) {
  const auto* v = find(key);
  if (!v) return std::nullopt;
  if (v->is_string()) return v->get<std::string>();
  if (scalars_as_strings_) {
    if (v->is_boolean()) return v->get<bool>() ? "true" : "false";
    if (v->is_number_integer()) return std::to_string(v->get<long long>());
    if (v->is_number_unsigned()) return std::to_string(v->get<unsigned long long>());
    if (v->is_number_float()) return go_float_string(v->get<double>());
  }
  fail(key, "expected a string, got " + json_type_name(*v));
}

std::string JsonFields::string(std::string_view key, std::string fallback) {
  auto v = optional_string(key);
  return v ? *v : std::move(fallback);
}

std::optional<bool> JsonFields::optional_boolean(std::string_view key) {
  const auto* v = find(key);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) fail(key, "expected true or false, got " + json_type_name(*v));
  return v->get<bool>();
}

bool JsonFields::boolean(std::string_view key, bool fallback) {
  auto v = optional_boolean(key);
  return v ? *v : fallback;
}

int64_t JsonFields::integer(std::string_view key, int64_t fallback) {
  const auto* v = find(key);
  if (!v) return fallback;
  if (v->is_number_integer()) return v->get<int64_t>();
  if (v->is_number_unsigned() && v->get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX))
    return static_cast<int64_t>(v->get<uint64_t>());
  if (v->is_number_float()) {
    double d = v->get<double>();
    if (std::floor(d) == d && std::fabs(d) < 9.2e18) return static_cast<int64_t>(d);
  }
  fail(key, "expected an integer, got " + (v->is_number() ? v->dump() : json_type_name(*v)));
}

std::vector<std::string> JsonFields::strings(std::string_view key) {
  const auto* v = find(key);
  std::vector<std::string> out;
  if (!v) return out;
  if (!v->is_array()) fail(key, "expected a list of strings, got " + json_type_name(*v));
  for (size_t i = 0; i < v->size(); ++i) {
    const auto& e = (*v)[i];
    if (e.is_string()) {
      out.push_back(e.get<std::string>());
    } else if (scalars_as_strings_ && (e.is_number() || e.is_boolean())) {
      out.push_back(e.is_boolean() ? (e.get<bool>() ? "true" : "false")
                    : e.is_number_float() ? go_float_string(e.get<double>())
                                          : e.dump());
    } else {
      fail(fmt::format("{}[{}]", key, i), "expected a string, got " + json_type_name(e));
    }
  }
  return out;
}

std::map<std::string, std::string> JsonFields::string_map(std::string_view key) {
  const auto* v = find(key);
  std::map<std::string, std::string> out;
  if (!v) return out;
  if (!v->is_object()) fail(key, "expected a mapping of strings, got " + json_type_name(*v));
  JsonFields inner(*v, path_of(key), scalars_as_strings_);
  for (auto it = v->begin(); it != v->end(); ++it) out[it.key()] = inner.string(it.key());
  return out;
}

Duration JsonFields::duration(std::string_view key, Duration fallback) {
  auto text = optional_string(key);
  if (!text || text->empty()) return fallback;
  auto d = parse_go_duration(*text);
  if (!d) fail(key, fmt::format("\"{}\" is not a duration", *text));
  return std::chrono::duration_cast<Duration>(*d);
}

JsonFields JsonFields::object(std::string_view key) {
  const auto* v = find(key);
  if (v && !v->is_object()) fail(key, "expected a mapping, got " + json_type_name(*v));
  return JsonFields(v ? *v : empty_object(), path_of(key), scalars_as_strings_);
}

std::vector<const nlohmann::json*> JsonFields::array(std::string_view key) {
  const auto* v = find(key);
  if (!v) return {};
  if (!v->is_array()) fail(key, "expected a list, got " + json_type_name(*v));
  std::vector<const nlohmann::json*> out;
  for (const auto& item : *v) out.push_back(&item);
  return out;
}

std::vector<std::string> JsonFields::unknown_keys() const {
  std::vector<std::string> out;
  for (auto it = object_->begin(); it != object_->end(); ++it) {
    if (!used_.contains(it.key())) out.push_back(path_of(it.key()));
  }
  return out;
}

}  // namespace dexcc::base
