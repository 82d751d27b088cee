// FakeGitea: a Gitea instance as its OAuth2 provider and API v1 docs describe it, for one signed-in
// user: /login/oauth/authorize, /login/oauth/access_token (JSON, 1 h tokens with refresh tokens),
// /api/v1/user and /api/v1/user/teams (page and limit, an empty page past the end, Link and
// X-Total-Count headers), 401 for a bad token, 429 when rate limited, injected failures.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "support/fakes/git_hosting_oauth.h"

namespace dexcc::testing {

struct GiteaTeam {
  std::string org, name;
};

struct GiteaAccount {
  int64_t id = 9;
  std::string login = "gitty";
  std::string full_name = "Git Tea";
  std::string email = "gitty@example.com";
  std::vector<GiteaTeam> teams;
};

class FakeGitea {
 public:
  explicit FakeGitea(GiteaAccount account);

  std::string base_url() const { return server_.url(""); }
  std::vector<ReceivedRequest> requests_to(const std::string& path) const {
    return testing::requests_to(server_, path);
  }
  FakeOAuthApp& oauth() { return oauth_; }
  void set_account(GiteaAccount account);
  InjectedFailures& failures() { return failures_; }

 private:
  FakeResponse handle(const ReceivedRequest& request);
  FakeResponse teams_page(const SplitTarget& target) const;

  FakeOAuthApp oauth_;
  mutable std::mutex mutex_;
  GiteaAccount account_;
  InjectedFailures failures_;
  FakeUpstream server_;  // last: stops before the members it uses go away
};

}  // namespace dexcc::testing
