// The Crowd usermanagement REST calls dex makes (Crowd REST API "usermanagement/1"): session
// creation with and without the password, user lookup and nested group membership. Every call
// authenticates as the configured Crowd application with HTTP Basic.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "connector/connector.h"
#include "connector/crowd/config.h"
#include "http_client/client.h"

namespace dexcc::connector::crowd {

struct User {
  std::string key, name, email;
  std::optional<bool> active;  // as Crowd sent it
};

class Api {
 public:
  Api(const Config& config, http_client::Client client) : config_(config), client_(std::move(client)) {}

  // POST /session: true when Crowd opened a session (201), false when it refused the password
  // (reason INVALID_USER_AUTHENTICATION); any other answer is an error.
  Result<bool> authenticate(const std::string& username, const std::string& password) const;
  // POST /session?validate-password=false: a new session for a user whose password is not asked
  // again (refresh). Anything but 201 is an error.
  Result<void> renew_session(const std::string& username) const;
  // GET /user?username=: the user, or an error (Crowd answers 404 for an unknown one).
  Result<User> user(const std::string& username) const;
  // GET /user/group/nested?username=: the names of the user's groups, nested ones included.
  Result<std::vector<std::string>> nested_groups(const std::string& username) const;

 private:
  struct Answer {
    int status = 0;
    std::string body;
  };
  // One call below {baseURL}/rest/usermanagement/1, with the application's credentials; Crowd's
  // two answers about those credentials become dex's errors.
  Result<Answer> call(const std::string& method, const std::string& path, const std::string& json_body) const;

  const Config& config_;
  http_client::Client client_;
};

}  // namespace dexcc::connector::crowd
