// AuthenticatingProxy: Basic authentication, header rewriting and forwarding.
#include "support/authenticating_proxy.h"

#include "base/base64.h"
#include "base/text.h"
#include "support/http_client.h"

namespace dexcc::testing {
namespace {

bool starts_with_ignoring_case(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && base::ascii_iequals(s.substr(0, prefix.size()), prefix);
}

// Hop-by-hop and framing headers are the proxy's own on each side.
bool is_hop_header(std::string_view name) {
  for (const char* hop : {"connection", "content-length", "transfer-encoding", "keep-alive", "host"}) {
    if (base::ascii_iequals(name, hop)) return true;
  }
  return false;
}

}  // namespace

AuthenticatingProxy::AuthenticatingProxy(uint16_t backend_port, std::map<std::string, ProxyUser> users)
    : backend_port_(backend_port),
      users_(std::move(users)),
      upstream_([this](const ReceivedRequest& r) { return forward(r); }) {}

FakeResponse AuthenticatingProxy::forward(const ReceivedRequest& r) const {
  const FakeResponse challenge{.status = 401,
                               .headers = {{"WWW-Authenticate", "Basic realm=\"dex\""}},
                               .body = "401 Authorization Required"};
  std::string authorization = r.header("Authorization");
  if (!starts_with_ignoring_case(authorization, "Basic ")) return challenge;
  auto decoded = base::base64_decode(std::string_view(authorization).substr(6));
  size_t colon = decoded ? decoded->find(':') : std::string::npos;
  if (colon == std::string::npos) return challenge;
  auto user = users_.find(decoded->substr(0, colon));
  if (user == users_.end() || user->second.password != decoded->substr(colon + 1)) return challenge;

  std::string headers;
  for (const auto& [name, value] : r.headers) {
    // A client's own X-Remote-* headers never reach the backend; neither do its credentials.
    if (starts_with_ignoring_case(name, "X-Remote-") || is_hop_header(name) ||
        base::ascii_iequals(name, "Authorization")) {
      continue;
    }
    headers += name + ": " + value + "\r\n";
  }
  headers += "X-Remote-User: " + user->first + "\r\n";
  std::string groups;
  for (const auto& g : user->second.groups) groups += (groups.empty() ? "" : ",") + g;
  if (!groups.empty()) headers += "X-Remote-Group: " + groups + "\r\n";
  auto answer = http_request(backend_port_, r.method, r.target, r.body, headers);
  if (!answer) return {.status = 502, .body = "502 Bad Gateway"};
  FakeResponse out{.status = answer->status, .body = std::move(answer->body)};
  for (const auto& [name, value] : answer->headers) {
    if (!is_hop_header(name)) out.headers.emplace_back(name, value);
  }
  return out;
}

}  // namespace dexcc::testing
