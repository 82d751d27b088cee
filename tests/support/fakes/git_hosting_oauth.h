// The OAuth2 endpoints the github, gitlab, gitea and bitbucket-cloud fakes share: an authorize
// endpoint that signs the user in at once and sends the browser back with a code, and a token
// endpoint for the code and refresh grants that checks the client the way those providers do.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "http/form.h"
#include "support/fake_upstream.h"

namespace dexcc::testing {

struct OAuthAppConfig {
  std::string client_id = "dex-client";
  std::string client_secret = "dex-secret";
  // Where the browser goes back when the authorize request has no redirect_uri (Bitbucket uses
  // the consumer's registered callback).
  std::string registered_callback;
  // GitHub answers the token request form-encoded unless asked for JSON.
  bool form_encoded_tokens = false;
  // 0: tokens without expiry and no refresh token (a GitHub OAuth app).
  int64_t expires_in = 0;
};

class FakeOAuthApp {
 public:
  explicit FakeOAuthApp(OAuthAppConfig config) : config_(std::move(config)) {}

  // GET authorize: 302 to redirect_uri (or the registered callback) with code and state.
  FakeResponse authorize(const http::Values& query);
  // POST token: client from Basic or the body; grant_type authorization_code (code used once) or
  // refresh_token (the old one spent). Errors as RFC 6749 §5.2 in the provider's format.
  FakeResponse token(const ReceivedRequest& request);
  // Whether the request carries "Authorization: Bearer <a live access token>".
  bool authorized(const ReceivedRequest& request) const;
  // Every access token stops working (the refresh tokens stay), as after expiry.
  void expire_access_tokens();
  std::string last_access_token() const;
  // The consumer's registered callback, when it is known only after the fake started.
  void set_registered_callback(std::string url);

  const OAuthAppConfig& config() const { return config_; }

 private:
  FakeResponse token_answer(const std::string& access, const std::string& refresh) const;
  FakeResponse token_error(int status, const std::string& error) const;

  OAuthAppConfig config_;
  mutable std::mutex mutex_;
  int counter_ = 0;
  std::set<std::string> codes_;
  std::set<std::string> access_tokens_;
  std::set<std::string> refresh_tokens_;
  std::string last_access_;
};

// Failures a test injects into a fake provider: an error status per path, or the provider's rate
// limit on every API request. Thread-safe.
class InjectedFailures {
 public:
  // `status` 0 answers normally again.
  void fail(const std::string& path, int status);
  std::optional<int> status_for(const std::string& path) const;
  void set_rate_limited(bool limited);
  bool rate_limited() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, int> by_path_;
  bool rate_limited_ = false;
};

// The requests `server` recorded whose path (query left out) is `path`.
std::vector<ReceivedRequest> requests_to(const FakeUpstream& server, const std::string& path);

// The request-target split into path and decoded query.
struct SplitTarget {
  std::string path;
  http::Values query;
};
SplitTarget split_target(const std::string& target);

FakeResponse json_response(int status, const std::string& body);

}  // namespace dexcc::testing
