// YAML -> JSON conversion with yaml.v2's scalar resolution, over yaml-cpp's node tree.
#include "config/yaml_to_json.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cmath>
#include <regex>
#include <string>

#include "base/json_fields.h"

namespace dexcc::config {
namespace {

using nlohmann::json;

std::string strip_underscores(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '_') out += c;
  }
  return out;
}

// Go's strconv.ParseInt(s, 0, 64) after yaml.v2 removes '_': optional sign, 0x/0o/0b prefixes and a
// leading 0 meaning octal.
std::optional<long long> parse_yaml_int(std::string_view text) {
  std::string s = strip_underscores(text);
  if (s.empty()) return std::nullopt;
  bool neg = false;
  size_t i = 0;
  if (s[0] == '+' || s[0] == '-') {
    neg = s[0] == '-';
    i = 1;
  }
  int base = 10;
  if (s.size() > i + 1 && s[i] == '0') {
    char p = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i + 1])));
    if (p == 'x') base = 16, i += 2;
    else if (p == 'b') base = 2, i += 2;
    else if (p == 'o') base = 8, i += 2;
    else base = 8, i += 1;
  }
  if (i >= s.size()) return std::nullopt;
  unsigned long long v = 0;
  for (; i < s.size(); ++i) {
    char c = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
    int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : 99;
    if (d >= base) return std::nullopt;
    if (v > (static_cast<unsigned long long>(INT64_MAX) + (neg ? 1 : 0) - static_cast<unsigned>(d)) /
                static_cast<unsigned>(base))
      return std::nullopt;
    v = v * static_cast<unsigned>(base) + static_cast<unsigned>(d);
  }
  return neg ? -static_cast<long long>(v) : static_cast<long long>(v);
}

json resolve_plain_scalar(const std::string& s) {
  static const char* const kTrue[] = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"};
  static const char* const kFalse[] = {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"};
  static const char* const kNull[] = {"", "~", "null", "Null", "NULL"};
  for (const char* t : kTrue) {
    if (s == t) return true;
  }
  for (const char* f : kFalse) {
    if (s == f) return false;
  }
  for (const char* n : kNull) {
    if (s == n) return nullptr;
  }
  if (s == ".inf" || s == ".Inf" || s == ".INF" || s == "+.inf" || s == "+.Inf" || s == "+.INF" ||
      s == "-.inf" || s == "-.Inf" || s == "-.INF" || s == ".nan" || s == ".NaN" || s == ".NAN") {
    // JSON cannot hold these; dex's JSON conversion fails on them too, so keep the text.
    return s;
  }
  char first = s[0];
  if ((first >= '0' && first <= '9') || first == '-' || first == '+' || first == '.') {
    if (auto i = parse_yaml_int(s)) return *i;
    static const std::regex kFloat(R"(^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$)");
    std::string plain = strip_underscores(s);
    if (std::regex_match(plain, kFloat)) {
      double d = std::stod(plain);
      if (std::isfinite(d)) return d;
    }
  }
  return s;
}

json convert(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: return nullptr;
    case YAML::NodeType::Scalar: {
      // yaml-cpp tags quoted scalars "!" and plain ones "?"; explicit tags decide for themselves.
      const std::string& tag = node.Tag();
      if (tag == "?") return resolve_plain_scalar(node.Scalar());
      if (tag == "tag:yaml.org,2002:int" || tag == "tag:yaml.org,2002:float" || tag == "tag:yaml.org,2002:bool" ||
          tag == "tag:yaml.org,2002:null")
        return resolve_plain_scalar(node.Scalar());
      return node.Scalar();
    }
    case YAML::NodeType::Sequence: {
      json arr = json::array();
      for (const auto& item : node) arr.push_back(convert(item));
      return arr;
    }
    case YAML::NodeType::Map: {
      json obj = json::object();
      for (const auto& kv : node) {
        std::string key = kv.first.IsScalar() ? kv.first.Scalar() : YAML::Dump(kv.first);
        obj[key] = convert(kv.second);
      }
      return obj;
    }
  }
  return nullptr;
}

}  // namespace

json yaml_to_json(std::string_view yaml_text) {
  try {
    YAML::Node root = YAML::Load(std::string(yaml_text));
    return convert(root);
  } catch (const YAML::Exception& e) {
    throw base::ConfigError(fmt::format("config: line {} column {}: {}", e.mark.line + 1, e.mark.column + 1, e.msg));
  }
}

}  // namespace dexcc::config
