// SlapdServer: a private OpenLDAP slapd (Debian's /usr/sbin/slapd) in a temp folder on free
// loopback ports, with its own cn=config, an mdb database for dc=example,dc=org seeded from LDIF,
// and a server certificate from a test CA for ldaps:// and StartTLS.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "support/process.h"
#include "support/temp_dir.h"
#include "support/test_pki.h"

namespace dexcc::testing {

class SlapdServer {
 public:
  // The directory the ldap tests use (passwords in clear text; slapd compares them as they are):
  //   ou=People: jane (two groups by member, one by memberUid), john (two mail values),
  //              nomail (no mail attribute), o(brien (a filter special in the uid), dup,
  //              disabled (description: disabled)
  //   ou=Staff:  alice, dup (a second "dup": a user search finds two entries)
  //   ou=Groups: admins {jane, alice}, developers {jane, john} (groupOfNames, member),
  //              ops (posixGroup, memberUid jane and nomail), staff {cn=admins,...} (a group
  //              holding a group); only admins has a description
  // Every user's password is "<uid>-pw"; the admin is cn=admin,dc=example,dc=org / "admin".
  static const char* const kDirectoryLdif;
  static constexpr const char* kAdminDn = "cn=admin,dc=example,dc=org";
  static constexpr const char* kAdminPassword = "admin";

  // With `require_client_certificate`, TLS clients must show a certificate from ca().
  explicit SlapdServer(std::string data_ldif = kDirectoryLdif, bool require_client_certificate = false);
  ~SlapdServer();

  // Whether slapd and its tools are installed (tests skip otherwise).
  static bool available();

  // Starts (or restarts on the same data and ports); false on failure, with the log in output().
  bool start();
  // SIGTERM and wait for the exit.
  void stop();
  // SIGSTOP / SIGCONT: the server keeps its sockets open but answers nothing.
  void pause();
  void resume();

  uint16_t ldap_port() const { return ldap_port_; }
  uint16_t ldaps_port() const { return ldaps_port_; }
  std::string ldap_host() const { return "127.0.0.1:" + std::to_string(ldap_port_); }
  std::string ldaps_host() const { return "127.0.0.1:" + std::to_string(ldaps_port_); }
  const TestCa& ca() const { return ca_; }
  // Files: the CA certificate (PEM), and a client certificate and key the CA issued.
  std::string ca_file() const { return (dir_ / "ca.pem").string(); }
  std::string client_cert_file() const { return (dir_ / "client.pem").string(); }
  std::string client_key_file() const { return (dir_ / "client.key").string(); }
  std::string dir() const { return dir_.path().string(); }

  // Applies LDIF changes (ldapmodify as the admin over ldap://); false with the tool's output.
  bool modify(const std::string& ldif, std::string* output = nullptr) const;
  std::string output() const;

 private:
  bool initialise();

  TempDir dir_;
  TestCa ca_;
  std::string data_ldif_;
  bool require_client_certificate_;
  uint16_t ldap_port_ = 0;
  uint16_t ldaps_port_ = 0;
  bool initialised_ = false;
  std::unique_ptr<Process> process_;
  int runs_ = 0;
};

}  // namespace dexcc::testing
