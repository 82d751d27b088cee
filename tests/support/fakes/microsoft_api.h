// MicrosoftApi: a local stand-in for the Microsoft identity platform (v2.0 endpoints of a tenant)
// and Microsoft Graph, answering as their public documentation describes, over HTTPS with a test
// CA whose certificate names login.microsoftonline.com, graph.microsoft.com and 127.0.0.1 (reach
// the real names through a TunnelProxy, or point apiURL/graphURL at url()):
//   POST /{tenant}/oauth2/v2.0/token            authorization_code and refresh_token grants
//   GET  /v1.0/me?$select=...                   the signed-in user
//   POST /v1.0/me/getMemberGroups               group ids, paged with @odata.nextLink
//   POST /v1.0/directoryObjects/getByIds        group objects, paged, at most 1000 ids
// The authorization step is in process (consent). It records every request, and can answer the
// next requests to a path with an error instead.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "support/fake_upstream.h"
#include "support/fakes/fake_http.h"
#include "support/test_pki.h"

namespace dexcc::testing {

class MicrosoftApi {
 public:
  struct User {
    std::string id, display_name, user_principal_name;
    std::string tenant;                  // the tenant the account lives in
    std::vector<std::string> group_ids;  // memberships (transitive, as getMemberGroups reports)
  };
  static constexpr char kClientId[] = "6731de76-14a6-49ae-97bc-6eba6914391e";
  static constexpr char kClientSecret[] = "ms-secret";

  MicrosoftApi();

  uint16_t port() const { return server_.port(); }
  // "https://127.0.0.1:<port>" for apiURL and graphURL.
  std::string url() const { return server_.url(""); }
  const std::string& ca_pem() const { return ca_.cert_pem(); }

  void add_user(User user);
  // A group: id, displayName, and whether it is a security group.
  void add_group(const std::string& id, const std::string& name, bool security = true);
  void set_page_size(size_t n);
  // Lifetime of the access tokens the token endpoint issues from now on.
  void set_expires_in(int seconds);
  void fail_next(const std::string& path, int status, nlohmann::json body, int times = 1);

  // The sign-in page: reads the authorization URL and answers as the platform does when the user
  // with `upn` signs in and agrees: redirect_uri?code&state, or an error when the account is not
  // in the tenant (AADSTS50020) or the request is wrong.
  std::string consent(const std::string& authorization_url, const std::string& upn);

  std::vector<ReceivedRequest> requests(const std::string& path) const;

 private:
  struct Grant {
    std::string upn, tenant;
    bool offline = false;
  };
  FakeResponse answer(const ReceivedRequest& r);
  FakeResponse token(const ReceivedRequest& r, const std::string& tenant);
  const User* caller(const ReceivedRequest& r);  // the user the Bearer token belongs to
  FakeResponse member_groups(const ReceivedRequest& r, const User& user);
  FakeResponse get_by_ids(const ReceivedRequest& r);
  std::string next_link(const ReceivedRequest& r, size_t skip) const;

  TestCa ca_;
  mutable std::mutex mu_;
  std::map<std::string, User> users_;  // by userPrincipalName
  struct Group {
    std::string name;
    bool security;
  };
  std::map<std::string, Group> groups_;
  std::map<std::string, Grant> codes_, refresh_tokens_;
  std::map<std::string, std::pair<std::string, std::time_t>> access_tokens_;  // -> upn, expiry
  fakes::Failures failures_;
  size_t page_size_ = 2;
  int expires_in_ = 3599;
  int counter_ = 0;
  FakeUpstream server_;  // last: its threads stop before the members they use go away
};

}  // namespace dexcc::testing
