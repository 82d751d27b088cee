// The Keystone identity v3 calls dex makes: password token creation, show user, and the user's
// groups (https://docs.openstack.org/api-ref/identity/v3/).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "connector/connector.h"
#include "connector/keystone/config.h"
#include "http_client/client.h"

namespace dexcc::connector::keystone {

// The answer to POST /v3/auth/tokens/: dex decides on its status.
struct TokenAnswer {
  int status = 0;
  std::string token;    // X-Subject-Token
  std::string user_id;  // token.user.id (201 only)
};

struct User {
  std::string email;
  bool enabled = true;  // false only when Keystone says "enabled": false
};

class Api {
 public:
  Api(const Config& config, http_client::Client client) : config_(config), client_(std::move(client)) {}

  // An unscoped token for `username` in the configured domain. Any status is an answer; only a
  // failed exchange (or a 201 whose body cannot be read) is an error.
  Result<TokenAnswer> create_token(const std::string& username, const std::string& password) const;
  // GET /v3/users/{id}; nullopt when Keystone does not answer 200 (dex: "does not exist").
  Result<std::optional<User>> user(const std::string& user_id, const std::string& token) const;
  // GET /v3/users/{id}/groups: the groups' names.
  Result<std::vector<std::string>> groups(const std::string& user_id, const std::string& token) const;

 private:
  std::string user_url(const std::string& user_id) const;

  const Config& config_;
  http_client::Client client_;
};

}  // namespace dexcc::connector::keystone
