// Case-insensitive, multi-valued header lookup for outbound requests and responses.
#include "http_client/message.h"

#include <algorithm>

#include "base/text.h"

namespace dexcc::http_client {

std::optional<std::string_view> Headers::get(std::string_view name) const {
  for (const auto& [field_name, value] : fields_) {
    if (base::ascii_iequals(field_name, name)) return value;
  }
  return std::nullopt;
}

std::vector<std::string_view> Headers::get_all(std::string_view name) const {
  std::vector<std::string_view> values;
  for (const auto& [field_name, value] : fields_) {
    if (base::ascii_iequals(field_name, name)) values.emplace_back(value);
  }
  return values;
}

void Headers::set(std::string_view name, std::string value) {
  remove(name);
  fields_.emplace_back(std::string(name), std::move(value));
}

void Headers::remove(std::string_view name) {
  std::erase_if(fields_, [&](const Field& field) { return base::ascii_iequals(field.first, name); });
}

}  // namespace dexcc::http_client
