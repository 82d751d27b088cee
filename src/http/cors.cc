// gorilla/handlers CORS decision table, as reference dex-server.md §1.2 lays it out.
#include "http/cors.h"

#include <algorithm>

namespace dexcc::http {
namespace {

const char* const kDefaultHeaders[] = {"Accept", "Accept-Language", "Content-Language", "Origin"};
const char* const kDefaultMethods[] = {"GET", "HEAD", "POST"};

bool contains(const std::vector<std::string>& list, std::string_view v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

CorsPolicy CorsPolicy::from_config(const std::vector<std::string>& origins, const std::vector<std::string>& headers) {
  CorsPolicy p;
  p.origins = contains(origins, "*") ? std::vector<std::string>{"*"} : origins;
  for (const char* h : kDefaultHeaders) p.allowed_headers.emplace_back(h);
  for (const auto& h : headers) {
    std::string canonical = canonical_header_key(trim(h));
    if (!canonical.empty() && !contains(p.allowed_headers, canonical)) p.allowed_headers.push_back(canonical);
  }
  return p;
}

CorsDecision decide_cors(const CorsPolicy& policy, std::string_view method, const Headers& req) {
  CorsDecision d;
  std::string_view origin = req.get("Origin");
  bool allowed = !origin.empty() && std::any_of(policy.origins.begin(), policy.origins.end(),
                                                 [&](const std::string& o) { return o == "*" || o == origin; });
  bool preflight = method == "OPTIONS";
  if (!allowed) {
    // An OPTIONS request from a foreign origin is answered 200 without reaching the handler.
    d.call_handler = !preflight;
    return d;
  }
  if (preflight) {
    d.call_handler = false;
    if (!req.has("Access-Control-Request-Method")) {
      d.status = 400;
      return d;
    }
    std::string_view requested = req.get("Access-Control-Request-Method");
    if (std::none_of(std::begin(kDefaultMethods), std::end(kDefaultMethods),
                     [&](const char* m) { return requested == m; })) {
      d.status = 405;
      return d;
    }
    std::string allow_headers;
    std::string_view list = req.get("Access-Control-Request-Headers");
    while (true) {
      size_t comma = list.find(',');
      std::string canonical = canonical_header_key(trim(list.substr(0, comma)));
      if (!canonical.empty() && std::none_of(std::begin(kDefaultHeaders), std::end(kDefaultHeaders),
                                             [&](const char* h) { return canonical == h; })) {
        if (!contains(policy.allowed_headers, canonical)) {
          d.status = 403;
          return d;
        }
        if (!allow_headers.empty()) allow_headers += ',';
        allow_headers += canonical;
      }
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
    if (!allow_headers.empty()) d.add.set("Access-Control-Allow-Headers", allow_headers);
  }
  if (policy.origins.size() > 1) d.add.set("Vary", "Origin");
  d.add.set("Access-Control-Allow-Origin", policy.origins[0] == "*" ? std::string_view("*") : origin);
  d.status = 200;
  return d;
}

}  // namespace dexcc::http
