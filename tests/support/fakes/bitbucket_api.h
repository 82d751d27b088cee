// FakeBitbucket: Bitbucket Cloud as its OAuth 2.0 and REST 2.0 docs describe it, for one signed-in
// user, answering for both bitbucket.org (/site/oauth2/authorize and access_token: JSON, 2 h tokens
// with refresh tokens; the consumer's registered callback) and api.bitbucket.org (/2.0/user,
// /2.0/user/emails and /2.0/user/permissions/workspaces as paged lists with `next` links built
// from the Host header; /1.0/groups answers 410 Gone, as the removed 1.0 API does). Bitbucket's
// error object for a bad token, its 429 rate limit and injected failures.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "support/fakes/git_hosting_oauth.h"

namespace dexcc::testing {

struct BitbucketEmail {
  std::string email;
  bool primary = false;
  bool confirmed = true;
};

struct BitbucketAccount {
  std::string username = "bucky";
  std::string uuid = "{6b7e5a4c-0000-4000-8000-00000000b0b0}";
  std::vector<BitbucketEmail> emails{{"bucky@example.com", true, true}};
  std::vector<std::string> workspaces;
};

class FakeBitbucket {
 public:
  // `registered_callback`: the consumer's callback URL (dex's redirectURI).
  FakeBitbucket(BitbucketAccount account, std::string registered_callback,
                std::optional<FakeTls> tls = std::nullopt);

  uint16_t port() const { return server_.port(); }
  std::string url(const std::string& path) const { return server_.url(path); }
  std::vector<ReceivedRequest> requests_to(const std::string& path) const {
    return testing::requests_to(server_, path);
  }
  FakeOAuthApp& oauth() { return oauth_; }
  InjectedFailures& failures() { return failures_; }
  void set_account(BitbucketAccount account);
  void set_page_length(size_t length);  // Bitbucket's pagelen (10 by default)

 private:
  FakeResponse handle(const ReceivedRequest& request);
  FakeResponse paged(const ReceivedRequest& request, const SplitTarget& target,
                     const nlohmann::json& values) const;

  FakeOAuthApp oauth_;
  InjectedFailures failures_;
  mutable std::mutex mutex_;
  BitbucketAccount account_;
  size_t page_length_ = 10;
  FakeUpstream server_;  // last: stops before the members it uses go away
};

}  // namespace dexcc::testing
