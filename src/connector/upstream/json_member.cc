// Go encoding/json field matching for upstream answers.
#include "connector/upstream/json_member.h"

#include "base/go_json.h"

namespace dexcc::connector::upstream {

const nlohmann::json* json_member(const nlohmann::json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  return base::go_json_member(object, name);
}

std::optional<std::string> json_string_member(const nlohmann::json& object, std::string_view name) {
  const nlohmann::json* v = json_member(object, name);
  if (!v || v->is_null()) return std::string();
  if (!v->is_string()) return std::nullopt;
  return v->get<std::string>();
}

std::optional<std::vector<std::string>> json_names(const nlohmann::json& object, std::string_view list) {
  if (!object.is_object()) return std::nullopt;
  const nlohmann::json* items = json_member(object, list);
  std::vector<std::string> names;
  if (!items || items->is_null()) return names;
  if (!items->is_array()) return std::nullopt;
  for (const auto& item : *items) {
    if (!item.is_object() && !item.is_null()) return std::nullopt;
    auto name = item.is_null() ? std::optional<std::string>("") : json_string_member(item, "name");
    if (!name) return std::nullopt;
    names.push_back(std::move(*name));
  }
  return names;
}

}  // namespace dexcc::connector::upstream
