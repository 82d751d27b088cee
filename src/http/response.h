// Response: one HTTP response as a plain value, built by handlers and written by the server.
#pragma once

#include <string>
#include <string_view>

#include "http/headers.h"

namespace dexcc::http {

struct Response {
  int status = 200;
  Headers headers;
  std::string body;

  static Response text(int status, std::string body);            // text/plain; charset=utf-8
  static Response html(int status, std::string body);            // text/html; charset=utf-8
  static Response json(int status, std::string body);            // application/json
  static Response redirect(int status, std::string_view location);  // 302, 303, ...
  static Response empty(int status);
  // Go's http.NotFound: "404 page not found".
  static Response not_found();
};

// The reason phrase for a status ("Not Found"), as Go's http.StatusText gives it.
std::string_view status_text(int status);

}  // namespace dexcc::http
