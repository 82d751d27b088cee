// Reading upstream JSON answers into dex's Go structs' fields: Go's encoding/json matches field
// names case-insensitively (an exact match wins) and leaves a field empty when it is null.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dexcc::connector::upstream {

// The member `name` of `object` by Go's matching, or nullptr (also when `object` is no object).
const nlohmann::json* json_member(const nlohmann::json& object, std::string_view name);

// The string member `name`: empty when absent or null, nullopt when it holds another type (Go's
// Unmarshal fails on that).
std::optional<std::string> json_string_member(const nlohmann::json& object, std::string_view name);

// The "name" of every object in the array member `list` ({"groups":[{"name":"a"},...]}, as both
// Keystone and Crowd list groups): empty when the member is absent or null, nullopt when `object`
// or an element does not have that shape.
std::optional<std::vector<std::string>> json_names(const nlohmann::json& object, std::string_view list);

}  // namespace dexcc::connector::upstream
