// Headers: an ordered list of HTTP header fields with case-insensitive lookup.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dexcc::http {

bool iequals(std::string_view a, std::string_view b);

// Go's textproto.CanonicalMIMEHeaderKey: "x-custom-header" -> "X-Custom-Header". Keys holding
// bytes outside token characters come back unchanged.
std::string canonical_header_key(std::string_view key);

class Headers {
 public:
  using Field = std::pair<std::string, std::string>;

  // First value of `name`, or empty.
  std::string_view get(std::string_view name) const;
  bool has(std::string_view name) const;
  // Replaces every field called `name` with one.
  void set(std::string_view name, std::string_view value);
  void add(std::string_view name, std::string_view value);
  void remove(std::string_view name);
  // Every value of `name`, in order.
  std::vector<std::string_view> all(std::string_view name) const;

  const std::vector<Field>& fields() const { return fields_; }
  bool empty() const { return fields_.empty(); }
  void clear() { fields_.clear(); }

 private:
  std::vector<Field> fields_;
};

}  // namespace dexcc::http
