// The provider fakes' shared request reading and answer building.
#include "support/fakes/fake_http.h"

#include "base/base64.h"

namespace dexcc::testing::fakes {

FakeResponse json_answer(const nlohmann::json& body, int status) {
  return FakeResponse{.status = status,
                      .headers = {{"Content-Type", "application/json; charset=utf-8"}},
                      .body = body.dump()};
}

FakeResponse oauth_error(int status, const std::string& error, const std::string& description) {
  return json_answer({{"error", error}, {"error_description", description}}, status);
}

std::string path_of(const ReceivedRequest& r) {
  return r.target.substr(0, r.target.find('?'));
}

http::Values query_of(const std::string& url) {
  size_t q = url.find('?');
  return q == std::string::npos ? http::Values() : http::parse_query(url.substr(q + 1)).values;
}

std::vector<ReceivedRequest> requests_to(const FakeUpstream& server, const std::string& path) {
  std::vector<ReceivedRequest> out;
  for (const auto& e : server.exchanges()) {
    if (path_of(e.request) == path) out.push_back(e.request);
  }
  return out;
}

std::pair<std::string, std::string> client_credentials(const ReceivedRequest& r, const http::Values& form) {
  std::string auth = r.header("Authorization");
  if (auth.starts_with("Basic ")) {
    auto decoded = base::base64_decode(auth.substr(6));
    if (!decoded) return {};
    size_t colon = decoded->find(':');
    if (colon == std::string::npos) return {};
    return {http::query_unescape(decoded->substr(0, colon)).value_or(""),
            http::query_unescape(decoded->substr(colon + 1)).value_or("")};
  }
  return {std::string(form.get("client_id")), std::string(form.get("client_secret"))};
}

void Failures::add(const std::string& path, int status, nlohmann::json body, int times) {
  std::lock_guard lock(mu_);
  failures_[path] = {status, std::move(body), times};
}

std::optional<FakeResponse> Failures::take(const std::string& path) {
  std::lock_guard lock(mu_);
  auto f = failures_.find(path);
  if (f == failures_.end()) return std::nullopt;
  FakeResponse failure = json_answer(f->second.body, f->second.status);
  if (f->second.status == 429) failure.headers.emplace_back("Retry-After", "30");
  if (--f->second.times == 0) failures_.erase(f);
  return failure;
}

}  // namespace dexcc::testing::fakes
