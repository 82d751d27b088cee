// The GitHub REST calls dex makes with a user's access token (reference §2.2), every list read to
// its last page. Errors carry dex's wording.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "connector/connector.h"
#include "http_client/client.h"

namespace dexcc::connector::github {

struct User {
  int64_t id = 0;
  std::string login, name, email;
};

struct Email {
  std::string email;
  bool verified = false;
  bool primary = false;
};

struct Team {
  std::string name, slug, org;  // org: organization.login
};

class Api {
 public:
  Api(const http_client::Client& client, std::string api_url, std::string access_token)
      : client_(client), api_url_(std::move(api_url)), access_token_(std::move(access_token)) {}

  // GET /user.
  Result<User> user() const;
  // GET /user/emails, all pages.
  Result<std::vector<Email>> emails() const;
  // GET /orgs/{org}/members/{login}: 204 yes; 302 or 404 no (logged); anything else an error.
  Result<bool> in_org(const std::string& org, const std::string& login) const;
  // GET /user/teams, all pages ("github: get teams: ..." on failure).
  Result<std::vector<Team>> teams() const;
  // GET /user/orgs, all pages: the logins ("github: get orgs: ..." on failure).
  Result<std::vector<std::string>> orgs() const;

 private:
  // Every element of every page of `path`.
  Result<std::vector<nlohmann::json>> all_pages(const std::string& path) const;

  const http_client::Client& client_;
  std::string api_url_;
  std::string access_token_;
};

}  // namespace dexcc::connector::github
