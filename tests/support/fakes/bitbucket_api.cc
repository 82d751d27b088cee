// FakeBitbucket's routes.
#include "support/fakes/bitbucket_api.h"

namespace dexcc::testing {
namespace {

FakeResponse bitbucket_error(int status, const std::string& message) {
  return json_response(status, nlohmann::json{{"type", "error"}, {"error", {{"message", message}}}}.dump());
}

}  // namespace

FakeBitbucket::FakeBitbucket(BitbucketAccount account, std::string registered_callback,
                             std::optional<FakeTls> tls)
    : oauth_(OAuthAppConfig{.registered_callback = std::move(registered_callback), .expires_in = 7200}),
      account_(std::move(account)),
      server_([this](const ReceivedRequest& r) { return handle(r); }, std::move(tls)) {}

void FakeBitbucket::set_account(BitbucketAccount account) {
  std::lock_guard lock(mutex_);
  account_ = std::move(account);
}

void FakeBitbucket::set_page_length(size_t length) {
  std::lock_guard lock(mutex_);
  page_length_ = length;
}

FakeResponse FakeBitbucket::paged(const ReceivedRequest& request, const SplitTarget& target,
                                  const nlohmann::json& values) const {
  size_t page = 1;
  if (auto p = target.query.get("page"); !p.empty()) page = std::stoul(std::string(p));
  nlohmann::json body{{"pagelen", page_length_},
                      {"page", page},
                      {"size", values.size()},
                      {"values", nlohmann::json::array()}};
  for (size_t i = (page - 1) * page_length_; i < values.size() && i < page * page_length_; ++i) {
    body["values"].push_back(values[i]);
  }
  if (page * page_length_ < values.size()) {
    // The public URL the client asked for: scheme of this server, host from the request.
    std::string scheme = server_.url("").substr(0, server_.url("").find(':'));
    body["next"] =
        scheme + "://" + request.header("Host") + target.path + "?page=" + std::to_string(page + 1);
  }
  return json_response(200, body.dump());
}

FakeResponse FakeBitbucket::handle(const ReceivedRequest& request) {
  SplitTarget target = split_target(request.target);
  if (auto status = failures_.status_for(target.path))
    return bitbucket_error(*status, "Something went wrong");
  if (failures_.rate_limited()) {
    return FakeResponse{.status = 429,
                        .headers = {{"Content-Type", "text/plain"}},
                        .body = "Rate limit for this resource has been exceeded"};
  }
  if (target.path == "/site/oauth2/authorize" && request.method == "GET")
    return oauth_.authorize(target.query);
  if (target.path == "/site/oauth2/access_token" && request.method == "POST") return oauth_.token(request);
  if (target.path.starts_with("/1.0/")) return bitbucket_error(410, "Resource removed");
  if (!oauth_.authorized(request)) return bitbucket_error(401, "Access token expired.");
  std::lock_guard lock(mutex_);
  const BitbucketAccount& a = account_;
  if (target.path == "/2.0/user") {
    return json_response(200, nlohmann::json{{"type", "user"},
                                             {"username", a.username},
                                             {"uuid", a.uuid},
                                             {"display_name", "Bucky"},
                                             {"account_id", "5000:bucky"}}
                                  .dump());
  }
  if (target.path == "/2.0/user/emails") {
    nlohmann::json values = nlohmann::json::array();
    for (const auto& e : a.emails) {
      values.push_back(
          {{"type", "email"}, {"email", e.email}, {"is_primary", e.primary}, {"is_confirmed", e.confirmed}});
    }
    return paged(request, target, values);
  }
  if (target.path == "/2.0/user/permissions/workspaces") {
    nlohmann::json values = nlohmann::json::array();
    for (const auto& w : a.workspaces) {
      values.push_back({{"type", "workspace_membership"},
                        {"permission", "member"},
                        {"workspace", {{"type", "workspace"}, {"slug", w}, {"name", w}}}});
    }
    return paged(request, target, values);
  }
  return bitbucket_error(404, "Resource not found");
}

}  // namespace dexcc::testing
