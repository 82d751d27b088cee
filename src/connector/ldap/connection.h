// One connection to the directory through libldap, with every TLS setting and timeout on this
// handle only (never libldap's process-wide defaults), and each operation bounded in time.
// libldap writes without MSG_NOSIGNAL, so the process must ignore SIGPIPE (dexcc does).
#pragma once

#include <chrono>
#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "connector/ldap/config.h"
#include "connector/ldap/entry.h"

typedef struct ldap LDAP;
typedef struct ldapmsg LDAPMessage;
typedef struct ldap_conncb ldap_conncb;

namespace dexcc::connector::ldap {

class TlsContext;

// What the connection needs from the config.
struct ConnectionOptions {
  std::string url;  // ldap://host:port or ldaps://host:port
  bool start_tls = false;
  bool insecure_skip_verify = false;
  std::string ca_file;  // empty: the system's CAs
  std::string cert_file, key_file;
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds request_timeout{10000};
  // Built once per connector from the fields above and shared by its connections (see TlsContext);
  // when null, each TLS connection builds its own.
  std::shared_ptr<const TlsContext> tls_context;
};

struct LdapError {
  int code = 0;  // the LDAP result code (49 invalidCredentials, 19 constraintViolation, ...) or
                 // libldap's negative client codes (-1 server down, -5 timeout, ...)
  std::string message;
};

template <class T>
using LdapResult = std::expected<T, LdapError>;

inline constexpr int kInvalidCredentials = 49;
inline constexpr int kConstraintViolation = 19;
inline constexpr int kNoSuchObject = 32;

// The connect callback's state for one connection (see connection.cc): how long the TLS
// handshake may take, and the watchdog's ticket for its socket.
struct HandshakeWatch;

// libldap's TLS context (CAs, client certificate, verification) made once from the options and
// shared by every connection of one connector (libldap counts references). Building one per
// connection would parse the files each time, and libldap 2.5's GnuTLS backend never frees a
// context's client key and certificate (about 17 KiB, seen by LeakSanitizer): once per connector
// is bounded, once per connection was not.
class TlsContext {
 public:
  static LdapResult<std::shared_ptr<const TlsContext>> create(const ConnectionOptions& options);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;
  void* get() const { return context_; }

 private:
  explicit TlsContext(void* context) : context_(context) {}
  void* context_;
};

class Connection {
 public:
  // Initialises the handle and, for StartTLS, connects and upgrades; other transports connect on
  // the first operation.
  static LdapResult<Connection> open(const ConnectionOptions& options);
  ~Connection();
  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&&) = delete;
  Connection(const Connection&) = delete;

  // A simple bind; an empty DN and password is the anonymous bind. A non-empty DN with an empty
  // password (an unauthenticated bind, RFC 4513 §5.1.2, which servers answer with success) is
  // refused here without sending anything.
  LdapResult<void> bind(std::string_view dn, std::string_view password);
  // Entries under `base_dn` matching `filter`; `attributes` empty asks for all user attributes.
  LdapResult<std::vector<Entry>> search(const std::string& base_dn, Scope scope, const std::string& filter,
                                        const std::vector<std::string>& attributes);

 private:
  Connection(LDAP* ld, std::chrono::milliseconds request_timeout);
  LdapError last_error(int code) const;
  // Waits for the answer to `msgid` within the request timeout (abandoning it on expiry).
  LdapResult<LDAPMessage*> await(int msgid);
  // The result code of an answer (a search's final message in a chain), as an error unless success.
  LdapResult<void> result_code(LDAPMessage* message) const;

  std::unique_ptr<HandshakeWatch> watch_;  // outlives ld_: libldap calls back until it is unbound
  LDAP* ld_ = nullptr;
  std::chrono::milliseconds request_timeout_;
};

// "Can't contact LDAP server" and friends: the directory did not answer at all.
bool unreachable(const LdapError& e);

}  // namespace dexcc::connector::ldap
