// OpenshiftApi: a local stand-in for an OpenShift cluster's OAuth server and user API, answering
// as OpenShift's documentation describes, over HTTPS with a test CA (127.0.0.1 in the certificate):
//   GET  /.well-known/oauth-authorization-server   RFC 8414 metadata
//   POST /oauth/token                              authorization_code grant (no refresh tokens)
//   GET  /apis/user.openshift.io/v1/users/~        the User the Bearer token belongs to
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

class OpenshiftApi {
 public:
  struct User {
    std::string name, uid, full_name;
    std::vector<std::string> groups;
  };
  static constexpr char kClientId[] = "dexcc-openshift";
  static constexpr char kClientSecret[] = "openshift-secret";

  OpenshiftApi();

  std::string issuer() const { return server_.url(""); }
  const std::string& ca_pem() const { return ca_.cert_pem(); }

  void add_user(User user);  // replaces a user of the same name
  void fail_next(const std::string& path, int status, nlohmann::json body, int times = 1);
  // The OAuth server's approval: redirect_uri?code&state for `name`, or error=access_denied.
  std::string consent(const std::string& authorization_url, const std::string& name);
  std::vector<ReceivedRequest> requests(const std::string& path) const;

 private:
  FakeResponse answer(const ReceivedRequest& r);

  TestCa ca_;
  mutable std::mutex mu_;
  std::map<std::string, User> users_;
  std::map<std::string, std::string> codes_, tokens_;  // -> user name
  fakes::Failures failures_;
  int counter_ = 0;
  FakeUpstream server_;  // last: its threads stop before the members they use go away
};

}  // namespace dexcc::testing
