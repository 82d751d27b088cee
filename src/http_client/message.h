// Request and Response: one outbound HTTP exchange as plain values (no libcurl types).
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dexcc::http_client {

// Header fields in the order they were added or received. Names match case-insensitively; a name
// may repeat (Set-Cookie, Link, WWW-Authenticate), so `get` gives the first and `get_all` every one.
class Headers {
 public:
  using Field = std::pair<std::string, std::string>;

  Headers() = default;
  Headers(std::initializer_list<Field> fields) : fields_(fields) {}
  explicit Headers(std::vector<Field> fields) : fields_(std::move(fields)) {}

  std::optional<std::string_view> get(std::string_view name) const;
  std::vector<std::string_view> get_all(std::string_view name) const;
  bool contains(std::string_view name) const { return get(name).has_value(); }

  void add(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }
  // Replaces every field called `name` with one.
  void set(std::string_view name, std::string value);
  void remove(std::string_view name);

  const std::vector<Field>& fields() const { return fields_; }

 private:
  std::vector<Field> fields_;
};

struct Request {
  std::string method = "GET";
  std::string url;  // absolute http:// or https:// URL
  Headers headers;
  std::string body;  // sent with a Content-Length when not empty (or when the method is POST)
};

struct Response {
  int status = 0;
  Headers headers;  // of the final response; interim 1xx answers are dropped
  std::string body;
  // The request this answers: the caller's method and URL, or the last hop's after followed
  // redirects (as Go's resp.Request). Helpers use them to word errors; they hold the full URL.
  std::string method;
  std::string url;

  bool ok() const { return status >= 200 && status <= 299; }
};

}  // namespace dexcc::http_client
