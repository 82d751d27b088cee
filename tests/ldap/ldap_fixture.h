// Shared pieces of the ldap connector tests: a suite-wide slapd with the test directory, the
// connector config that points at it, and opening the connector through the registry.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "connector/registry.h"
#include "support/slapd_server.h"

namespace dexcc::connector::ldap_test {

using nlohmann::json;

// Plain ldap:// as the admin; users by uid (ids from employeeNumber, names from cn), groups by
// member = the user's DN.
inline json base_config(const testing::SlapdServer& slapd) {
  return {{"host", slapd.ldap_host()},
          {"insecureNoSSL", true},
          {"bindDN", testing::SlapdServer::kAdminDn},
          {"bindPW", testing::SlapdServer::kAdminPassword},
          {"userSearch",
           {{"baseDN", "dc=example,dc=org"},
            {"filter", "(objectClass=inetOrgPerson)"},
            {"username", "uid"},
            {"idAttr", "employeeNumber"},
            {"emailAttr", "mail"},
            {"nameAttr", "cn"},
            {"preferredUsernameAttr", "uid"}}},
          {"groupSearch",
           {{"baseDN", "ou=Groups,dc=example,dc=org"},
            {"filter", "(objectClass=groupOfNames)"},
            {"userMatchers", {{{"userAttr", "DN"}, {"groupAttr", "member"}}}},
            {"nameAttr", "cn"}}}};
}

inline Result<std::unique_ptr<Connector>> try_open(const json& config) {
  return Registry::builtin().open("ldap", config.dump(), {.id = "ldap"});
}

inline std::unique_ptr<Connector> open(const json& config) {
  auto c = try_open(config);
  EXPECT_TRUE(c) << c.error().message;
  return c ? std::move(*c) : nullptr;
}

// A login's three outcomes, for short assertions.
struct Outcome {
  std::optional<Identity> identity;  // set on success
  bool wrong_credentials = false;
  std::string error;  // set when the connector failed
};

inline Outcome login(const Connector& c, const std::string& user, const std::string& password,
                     Scopes scopes = {}) {
  auto r = c.capabilities().password->login(scopes, user, password);
  Outcome o;
  if (!r) {
    o.error = r.error().message;
  } else if (!*r) {
    o.wrong_credentials = true;
  } else {
    o.identity = std::move(**r);
  }
  return o;
}

// libldap writes to sockets without MSG_NOSIGNAL: a directory that went away raises SIGPIPE,
// which dexcc ignores process-wide (cmd/signals.cc); the tests do the same.
inline void ignore_sigpipe() {
  signal(SIGPIPE, SIG_IGN);
}

// One slapd for every test of a suite that does not change the directory.
class SharedSlapd : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ignore_sigpipe();
    if (!testing::SlapdServer::available()) return;
    slapd_ = new testing::SlapdServer();
    if (!slapd_->start()) {
      ADD_FAILURE() << "slapd did not start: " << slapd_->output();
    }
  }
  static void TearDownTestSuite() {
    delete slapd_;
    slapd_ = nullptr;
  }
  void SetUp() override {
    if (!testing::SlapdServer::available()) GTEST_SKIP() << "slapd is not installed";
  }
  static testing::SlapdServer& slapd() { return *slapd_; }
  static inline testing::SlapdServer* slapd_ = nullptr;
};

}  // namespace dexcc::connector::ldap_test
