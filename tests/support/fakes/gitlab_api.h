// FakeGitlab: a GitLab instance as its OAuth2 and REST docs describe it, for one signed-in user:
// /oauth/authorize, /oauth/token (JSON, 2 h tokens with refresh tokens), /api/v4/user and
// /oauth/userinfo (groups and the role claims), 401 for a bad token, GitLab's 429 rate limit
// ("Retry later", Retry-After) and injected failures. Plain HTTP: dex's baseURL may be http.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "support/fakes/git_hosting_oauth.h"

namespace dexcc::testing {

struct GitlabAccount {
  int64_t id = 77;
  std::string username = "jdoe";
  std::string name = "Jane Doe";
  std::string email = "jane@example.com";
  std::vector<std::string> groups;  // full paths
  std::vector<std::string> owner, maintainer, developer;
};

class FakeGitlab {
 public:
  explicit FakeGitlab(GitlabAccount account);

  std::string base_url() const { return server_.url(""); }
  std::vector<ReceivedRequest> requests_to(const std::string& path) const {
    return testing::requests_to(server_, path);
  }
  FakeOAuthApp& oauth() { return oauth_; }
  void set_account(GitlabAccount account);
  InjectedFailures& failures() { return failures_; }

 private:
  FakeResponse handle(const ReceivedRequest& request);

  FakeOAuthApp oauth_;
  mutable std::mutex mutex_;
  GitlabAccount account_;
  InjectedFailures failures_;
  FakeUpstream server_;  // last: stops before the members it uses go away
};

}  // namespace dexcc::testing
