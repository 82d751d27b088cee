// FakeKeystone: an OpenStack Keystone identity v3 stand-in on loopback for connector tests. It
// answers password token creation, show user and list user groups as the Identity v3 API reference
// documents them (201 + X-Subject-Token, 401/404 error documents), keeps the users a test gives
// it (which the test may delete or disable mid-test), and records every request it receives.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "support/fake_upstream.h"

namespace dexcc::testing {

struct KeystoneUser {
  std::string id;
  std::string name;
  std::string password;
  std::string domain_id = "default";
  std::string domain_name = "Default";
  std::string email;  // left out of the user document when empty
  bool enabled = true;
  std::vector<std::string> groups;
};

class FakeKeystone {
 public:
  explicit FakeKeystone(std::vector<KeystoneUser> users);

  // http://127.0.0.1:<port>, the connector's keystoneHost.
  std::string host() const { return upstream_.url(""); }

  void remove_user(const std::string& id);
  void set_enabled(const std::string& id, bool enabled);
  // From now on every request is answered with `status` and an error document (0: normal service).
  void fail_with(int status);
  // Token creation answers this status instead of 201 on success (0: 201).
  void token_success_status(int status);

  // What arrived, in order.
  std::vector<ReceivedRequest> requests() const;
  // The tokens issued so far and whose they are (user id).
  std::map<std::string, std::string> tokens() const;

 private:
  FakeResponse answer(const ReceivedRequest& request);
  FakeResponse create_token(const ReceivedRequest& request);
  FakeResponse show_user(const std::string& token, const std::string& id, bool groups);
  const KeystoneUser* find_user(const std::string& id) const;

  mutable std::mutex mutex_;
  std::vector<KeystoneUser> users_;
  std::map<std::string, std::string> tokens_;  // token -> user id
  int fail_status_ = 0;
  int token_status_ = 201;
  int next_token_ = 1;
  FakeUpstream upstream_;  // last: its threads stop before the members they use go away
};

}  // namespace dexcc::testing
