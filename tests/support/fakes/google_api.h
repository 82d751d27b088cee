// GoogleApi: a local stand-in for the Google endpoints dex's google connector calls, answering as
// Google's public documentation describes them, over HTTPS with a test CA whose certificate names
// the real hosts (reach it through a TunnelProxy):
//   accounts.google.com   GET /.well-known/openid-configuration; the consent screen (in process)
//   oauth2.googleapis.com POST /token: authorization_code, refresh_token and the service
//                         account's urn:ietf:params:oauth:grant-type:jwt-bearer grants
//   www.googleapis.com    GET /oauth2/v3/certs (the ID token signing keys)
//   admin.googleapis.com  GET /admin/directory/v1/groups?userKey=&pageToken= (Admin SDK, paged)
// It records every request, and can answer the next request to a path with an error instead.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "jose/key.h"
#include "support/fake_upstream.h"
#include "support/fakes/fake_http.h"
#include "support/test_pki.h"

namespace dexcc::testing {

class GoogleApi {
 public:
  struct User {
    std::string sub, name, email, hd;
    bool email_verified = true;
  };
  static constexpr char kClientId[] = "dexcc.apps.googleusercontent.com";
  static constexpr char kClientSecret[] = "google-secret";
  static constexpr char kServiceAccount[] = "dexcc-groups@dexcc-test.iam.gserviceaccount.com";

  GoogleApi();

  uint16_t port() const { return server_.port(); }
  const std::string& ca_pem() const { return ca_.cert_pem(); }
  // A service-account key file for kServiceAccount, its token_uri on oauth2.googleapis.com.
  std::string service_account_json() const;

  void add_user(User user);
  // Directory memberships: `member` (a user's or a group's email) belongs to `groups`.
  void add_membership(const std::string& member, std::vector<std::string> groups);
  // Groups per page of groups.list (nextPageToken when there are more).
  void set_page_size(size_t n);
  // The next `times` requests whose path is `path` get this answer (JSON body) instead of the
  // usual one; a 429 carries Retry-After.
  void fail_next(const std::string& path, int status, nlohmann::json body, int times = 1);

  // The consent screen: reads the authorization URL dexcc redirected to and answers as Google does
  // when `email` agrees: the redirect_uri with code and state (or error=access_denied when the user
  // is unknown).
  std::string consent(const std::string& authorization_url, const std::string& email);

  std::vector<FakeExchange> exchanges() const { return server_.exchanges(); }
  // The recorded requests whose path (query left off) is `path`.
  std::vector<ReceivedRequest> requests(const std::string& path) const;

 private:
  struct Grant {
    std::string email, nonce;
    bool offline = false;
  };

  FakeResponse answer(const ReceivedRequest& r);
  FakeResponse token(const ReceivedRequest& r);
  FakeResponse groups(const ReceivedRequest& r);
  std::string id_token(const User& user, const std::string& nonce) const;

  TestCa ca_;
  jose::Key signing_key_;
  jose::Key service_account_key_;
  mutable std::mutex mu_;
  std::map<std::string, User> users_;                            // by email
  std::map<std::string, std::vector<std::string>> memberships_;  // member -> groups
  std::map<std::string, Grant> codes_, refresh_tokens_;
  std::map<std::string, std::string> service_tokens_;  // access token -> delegated subject
  fakes::Failures failures_;
  size_t page_size_ = 2;
  int counter_ = 0;
  FakeUpstream server_;  // last: its threads stop before the members they use go away
};

}  // namespace dexcc::testing
