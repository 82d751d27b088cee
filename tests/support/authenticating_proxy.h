// AuthenticatingProxy: the reverse proxy dex's authproxy connector expects in front of it, as a
// web server configured with HTTP Basic authentication and proxy headers would be (nginx's
// auth_basic + proxy_set_header X-Remote-User $remote_user). It refuses requests without valid
// credentials (401 + WWW-Authenticate), removes every X-Remote-* header the client sent, sets
// X-Remote-User (and X-Remote-Group when the user has groups) and forwards the request to a
// server on loopback, returning its answer.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "support/fake_upstream.h"

namespace dexcc::testing {

struct ProxyUser {
  std::string password;
  std::vector<std::string> groups;
};

class AuthenticatingProxy {
 public:
  AuthenticatingProxy(uint16_t backend_port, std::map<std::string, ProxyUser> users);

  uint16_t port() const { return upstream_.port(); }

 private:
  FakeResponse forward(const ReceivedRequest& request) const;

  uint16_t backend_port_;
  std::map<std::string, ProxyUser> users_;
  FakeUpstream upstream_;  // last: its threads stop before the members they use go away
};

}  // namespace dexcc::testing
