// The Bitbucket Cloud REST reads dex makes with a user's access token (reference §2.9): the user,
// the primary confirmed email and the workspaces, paged lists followed through `next`.
#pragma once

#include <string>
#include <vector>

#include "connector/bitbucket/config.h"
#include "connector/connector.h"
#include "http_client/client.h"

namespace dexcc::connector::bitbucket {

struct User {
  std::string username, uuid, email;
};

class Api {
 public:
  Api(const http_client::Client& client, const Endpoints& endpoints, std::string access_token)
      : client_(client), endpoints_(endpoints), access_token_(std::move(access_token)) {}

  // GET /user, then /user/emails until a confirmed primary email ("bitbucket: user has no
  // confirmed, primary email" when there is none).
  Result<User> user() const;
  // GET /user/permissions/workspaces: each workspace slug; with `team_groups`, then each team's
  // 1.0 groups as "team/group".
  Result<std::vector<std::string>> workspaces(bool team_groups) const;

 private:
  // Every `values` element of every page from `url` on.
  Result<std::vector<nlohmann::json>> all_values(std::string url, bool stop_at_primary_email) const;

  const http_client::Client& client_;
  const Endpoints& endpoints_;
  std::string access_token_;
};

}  // namespace dexcc::connector::bitbucket
