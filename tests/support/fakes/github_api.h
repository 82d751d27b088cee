// FakeGithub: GitHub (or GitHub Enterprise under /api/v3) as its REST docs describe it, for one
// signed-in user: OAuth app endpoints, /user, /user/emails, /user/teams, /user/orgs with Link
// pagination (per_page, default 30), org membership (204, or 302 to public_members then 404),
// 401 "Bad credentials", the rate limit (403 with X-RateLimit-Remaining: 0) and injected failures.
// Every request is recorded.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "support/fakes/git_hosting_oauth.h"

namespace dexcc::testing {

struct GithubEmail {
  std::string email;
  bool verified = true;
  bool primary = false;
};

struct GithubTeam {
  std::string name, slug, org;
};

struct GithubAccount {
  int64_t id = 4242;
  std::string login = "octocat";
  std::string name = "The Octocat";
  std::string email;  // the public email on /user; empty is sent as null
  std::vector<GithubEmail> emails{{"octocat@example.com", true, true}};
  std::vector<std::string> orgs;  // orgs the user is a member of
  std::vector<GithubTeam> teams;
};

class FakeGithub {
 public:
  // `api_prefix` is "/api/v3" for an Enterprise host, "" for api.github.com.
  FakeGithub(GithubAccount account, std::optional<FakeTls> tls, std::string api_prefix = "/api/v3");

  // "127.0.0.1:<port>": dex's hostName.
  std::string host() const { return "127.0.0.1:" + std::to_string(server_.port()); }
  std::string url(const std::string& path) const { return server_.url(path); }
  std::vector<FakeExchange> exchanges() const { return server_.exchanges(); }
  // The recorded requests whose path (without query) is `path`.
  std::vector<ReceivedRequest> requests_to(const std::string& path) const {
    return testing::requests_to(server_, path);
  }

  FakeOAuthApp& oauth() { return oauth_; }
  void set_account(GithubAccount account);
  // Lists answer `size` items per page (GitHub's per_page).
  void set_page_size(size_t size);
  // Requests to a path answer the status set there with GitHub's error body.
  InjectedFailures& failures() { return failures_; }
  // How many API requests may still be made before GitHub's rate limit refuses them.
  void set_rate_limit_remaining(int remaining);

 private:
  FakeResponse handle(const ReceivedRequest& request);
  FakeResponse api(const SplitTarget& target, const ReceivedRequest& request);
  FakeResponse page(const SplitTarget& target, const nlohmann::json& items) const;

  std::string api_prefix_;
  FakeOAuthApp oauth_;
  mutable std::mutex mutex_;
  GithubAccount account_;
  size_t page_size_ = 30;
  InjectedFailures failures_;
  int rate_limit_remaining_ = 5000;
  FakeUpstream server_;  // last: stops before the members it uses go away
};

}  // namespace dexcc::testing
