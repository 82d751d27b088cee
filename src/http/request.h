// Request: one HTTP request as a plain value, free of any network library's types.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/form.h"
#include "http/headers.h"

namespace dexcc::http {

struct Request {
  std::string method;  // as sent: "GET", "POST", ...
  std::string target;  // raw request-target
  std::string path;    // raw, percent-encoded path (routes match on it, as dex's router does)
  std::string query;   // raw query without '?'
  Headers headers;
  std::string body;
  std::string remote_addr;  // "ip:port" of the peer
  std::string request_id;   // a UUID for logs
  bool tls = false;
  // Percent-decoded values of the route's {placeholders}.
  std::vector<std::pair<std::string, std::string>> params;

  std::string_view header(std::string_view name) const { return headers.get(name); }
  // Empties every part for a connection's next request; the strings keep their capacity.
  void clear();
  // The decoded value of a route placeholder, or empty.
  std::string_view param(std::string_view name) const;

  // Go's Request.ParseForm: the body's values (POST/PUT/PATCH with an urlencoded body) then the
  // query's, in one Values; `error` is set when either part is malformed. Unlike Go, the two
  // together may hold kMaxParameters parameters: parsing stops after that, and
  // `too_many_parameters` is set with `error`, so that endpoints which ignore Go's parse errors (as
  // dex does with r.FormValue) still refuse such a request.
  struct Form {
    Values values;       // r.Form
    Values post_values;  // r.PostForm (body only)
    std::optional<std::string> error;
    bool too_many_parameters = false;
  };
  const Form& form() const;

 private:
  mutable std::optional<Form> form_;
};

// Splits a request-target into raw path and query; absolute-form targets ("http://h/p?q") are
// reduced to their path. Returns false for targets that are not a path at all.
bool split_target(std::string_view target, std::string& path, std::string& query);

}  // namespace dexcc::http
