// JsonFields: typed reading of one JSON object with Go encoding/json's rules (case-insensitive keys,
// null = unset), errors that name the full key path, and a list of keys nobody asked for.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"

namespace dexcc::base {

// A configuration problem, reported at start-up as one line: "config: <path>: <problem>".
class ConfigError : public std::runtime_error {
 public:
  explicit ConfigError(const std::string& what) : std::runtime_error(what) {}
};

class JsonFields {
 public:
  // `value` must be an object or null (null reads as an empty object). `path` names it in errors,
  // e.g. "storage.config". With `scalars_as_strings`, a number or bool read as a string is converted
  // the way dex's YAML loader does for string-typed fields (ghodss/yaml); otherwise it is an error,
  // as encoding/json makes it for connector and storage configs.
  JsonFields(const nlohmann::json& value, std::string path, bool scalars_as_strings = false);

  std::string string(std::string_view key, std::string fallback = "");
  std::optional<std::string> optional_string(std::string_view key);
  bool boolean(std::string_view key, bool fallback = false);
  std::optional<bool> optional_boolean(std::string_view key);
  int64_t integer(std::string_view key, int64_t fallback = 0);
  std::vector<std::string> strings(std::string_view key);
  std::map<std::string, std::string> string_map(std::string_view key);
  // A Go-syntax duration string ("10m"); empty or absent gives `fallback`.
  Duration duration(std::string_view key, Duration fallback);
  // The nested object at `key` (absent or null gives an empty one).
  JsonFields object(std::string_view key);
  // Elements of the array at `key` (absent or null gives none), pointing into the document, so a
  // JsonFields made over one stays valid as long as the document does.
  std::vector<const nlohmann::json*> array(std::string_view key);
  // The raw value at `key`, or nullptr when absent. Marks the key as known.
  const nlohmann::json* raw(std::string_view key);
  bool has(std::string_view key);

  // "storage.config" + "file" -> "storage.config.file".
  std::string path_of(std::string_view key) const;
  const std::string& path() const { return path_; }
  // Keys present in the object that no accessor asked for, as full paths.
  std::vector<std::string> unknown_keys() const;
  [[noreturn]] void fail(std::string_view key, const std::string& problem) const;

 private:
  const nlohmann::json* find(std::string_view key);

  const nlohmann::json* object_;
  std::string path_;
  bool scalars_as_strings_;
  std::set<std::string> used_;
};

// Short name of a JSON value's type for messages: "string", "number", "bool", "array", "object", "null".
std::string json_type_name(const nlohmann::json& v);

}  // namespace dexcc::base
