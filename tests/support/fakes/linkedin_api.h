// LinkedinApi: a local stand-in for Sign In with LinkedIn's OAuth 2.0 endpoints and the v2
// profile API, answering as LinkedIn's documentation describes, over HTTPS with a test CA whose
// certificate names www.linkedin.com and api.linkedin.com (reach it through a TunnelProxy):
//   POST /oauth/v2/accessToken                                    authorization_code grant,
//        client credentials in the body only; no refresh tokens
//   GET  /v2/me                                                   id and localized names
//   GET  /v2/emailAddress?q=members&projection=(elements*(handle~))  the primary email
// The authorization step is in process (consent). It records every request and can answer the
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

class LinkedinApi {
 public:
  struct Member {
    std::string id, first_name, last_name;
    std::string email;  // empty: the member shares no email address
  };
  static constexpr char kClientId[] = "78linkedin";
  static constexpr char kClientSecret[] = "linkedin-secret";

  LinkedinApi();

  uint16_t port() const { return server_.port(); }
  const std::string& ca_pem() const { return ca_.cert_pem(); }

  void add_member(Member member);  // keyed by id; replaces one with the same id
  void fail_next(const std::string& path, int status, nlohmann::json body, int times = 1);
  // The authorization dialog: redirect_uri?code&state for member `id`, or LinkedIn's
  // error=user_cancelled_login when `id` is unknown (the member cancelled).
  std::string consent(const std::string& authorization_url, const std::string& id);
  std::vector<ReceivedRequest> requests(const std::string& path) const;

 private:
  FakeResponse answer(const ReceivedRequest& r);

  TestCa ca_;
  mutable std::mutex mu_;
  std::map<std::string, Member> members_;
  std::map<std::string, std::string> codes_, tokens_;  // -> member id
  fakes::Failures failures_;
  int counter_ = 0;
  FakeUpstream server_;  // last: its threads stop before the members they use go away
};

}  // namespace dexcc::testing
