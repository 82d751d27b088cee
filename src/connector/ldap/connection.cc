// libldap calls for one connection: per-handle options, StartTLS, bind and search with deadlines.
#include "connector/ldap/connection.h"

#include <fmt/format.h>
#include <ldap.h>

#include <sys/socket.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "base/text.h"

// Exported by libldap, declared in no public header: drops one reference to a TLS context.
extern "C" void ldap_pvt_tls_ctx_free(void* ctx);

namespace dexcc::connector::ldap {

struct HandshakeWatch {
  ldap_conncb callbacks{};
  std::chrono::milliseconds limit{0};
  uint64_t ticket = 0;
};

namespace {

timeval to_timeval(std::chrono::milliseconds d) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(d.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((d.count() % 1000) * 1000);
  return tv;
}

// libldap reads ldap.conf and the environment into its global defaults on first use, without a
// lock; doing that once here keeps concurrent first connections from racing on it.
void initialise_library() {
  static std::once_flag once;
  std::call_once(once, [] {
    int version = 0;
    ldap_get_option(nullptr, LDAP_OPT_PROTOCOL_VERSION, &version);
  });
}

// libldap bounds the TCP connect by LDAP_OPT_NETWORK_TIMEOUT but not, with its GnuTLS backend,
// the TLS handshake on the blocking socket (ldaps:// and StartTLS): a directory that accepts and
// then says nothing would hold the worker forever. One process-wide thread shuts such sockets
// down at their deadline, which ends the handshake with an error. (libldap's asynchronous connect
// would bound it too, but gives up on the first address a name resolves to.)
class HandshakeWatchdog {
 public:
  static HandshakeWatchdog& instance() {
    static HandshakeWatchdog* watchdog = new HandshakeWatchdog();  // never destroyed: its thread runs on
    return *watchdog;
  }
  uint64_t watch(int fd, std::chrono::steady_clock::time_point deadline) {
    std::lock_guard lock(mu_);
    uint64_t ticket = next_++;
    watched_[ticket] = {deadline, fd};
    cv_.notify_one();
    return ticket;
  }
  // After this returns the socket is never touched again (it may then be closed and reused).
  void forget(uint64_t ticket) {
    if (ticket == 0) return;
    std::lock_guard lock(mu_);
    watched_.erase(ticket);
  }

 private:
  HandshakeWatchdog() {
    std::thread([this] { run(); }).detach();
  }
  void run() {
    std::unique_lock lock(mu_);
    for (;;) {
      auto now = std::chrono::steady_clock::now();
      auto next = std::chrono::steady_clock::time_point::max();
      for (auto it = watched_.begin(); it != watched_.end();) {
        if (it->second.first <= now) {
          ::shutdown(it->second.second, SHUT_RDWR);
          it = watched_.erase(it);
        } else {
          next = std::min(next, it->second.first);
          ++it;
        }
      }
      if (next == std::chrono::steady_clock::time_point::max()) {
        cv_.wait(lock);
      } else {
        cv_.wait_until(lock, next);
      }
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<uint64_t, std::pair<std::chrono::steady_clock::time_point, int>> watched_;
  uint64_t next_ = 1;
};

// libldap's connect callback: the socket exists and is connected; watch it until open() is done.
int on_connected(LDAP*, Sockbuf* sb, LDAPURLDesc*, sockaddr*, ldap_conncb* cb) {
  auto* w = static_cast<HandshakeWatch*>(cb->lc_arg);
  int fd = -1;
  if (ber_sockbuf_ctrl(sb, LBER_SB_OPT_GET_FD, &fd) != 1 || fd < 0) return 0;
  HandshakeWatchdog::instance().forget(w->ticket);
  w->ticket = HandshakeWatchdog::instance().watch(fd, std::chrono::steady_clock::now() + w->limit);
  return 0;
}
void on_closed(LDAP*, Sockbuf*, ldap_conncb* cb) {
  auto* w = static_cast<HandshakeWatch*>(cb->lc_arg);
  HandshakeWatchdog::instance().forget(std::exchange(w->ticket, 0));
}

// The TLS files on this handle only, then a fresh context built from them (NEWCTX), so two
// connectors with different CAs or client certificates never share one.
bool set_tls_files(LDAP* ld, const ConnectionOptions& options) {
  int require = options.insecure_skip_verify ? LDAP_OPT_X_TLS_NEVER : LDAP_OPT_X_TLS_DEMAND;
  bool ok = ldap_set_option(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &require) == LDAP_OPT_SUCCESS;
  if (!options.ca_file.empty()) {
    // Only the configured CAs: drop the system bundle or folder ldap.conf may have named.
    ok = ok && ldap_set_option(ld, LDAP_OPT_X_TLS_CACERTFILE, options.ca_file.c_str()) == LDAP_OPT_SUCCESS;
    ldap_set_option(ld, LDAP_OPT_X_TLS_CACERTDIR, nullptr);
  }
  if (!options.cert_file.empty()) {
    ok = ok && ldap_set_option(ld, LDAP_OPT_X_TLS_CERTFILE, options.cert_file.c_str()) == LDAP_OPT_SUCCESS;
    ok = ok && ldap_set_option(ld, LDAP_OPT_X_TLS_KEYFILE, options.key_file.c_str()) == LDAP_OPT_SUCCESS;
  }
  int is_server = 0;
  return ok && ldap_set_option(ld, LDAP_OPT_X_TLS_NEWCTX, &is_server) == LDAP_OPT_SUCCESS;
}

struct MessageFree {
  void operator()(LDAPMessage* m) const { ldap_msgfree(m); }
};
using Message = std::unique_ptr<LDAPMessage, MessageFree>;

int scope_code(Scope s) {
  return s == Scope::kOne ? LDAP_SCOPE_ONELEVEL : LDAP_SCOPE_SUBTREE;
}

Entry read_entry(LDAP* ld, LDAPMessage* e) {
  Entry entry;
  if (char* dn = ldap_get_dn(ld, e)) {
    entry.dn = dn;
    ldap_memfree(dn);
  }
  BerElement* ber = nullptr;
  for (char* name = ldap_first_attribute(ld, e, &ber); name; name = ldap_next_attribute(ld, e, ber)) {
    Attribute a{.name = name};
    if (berval** values = ldap_get_values_len(ld, e, name)) {
      for (berval** v = values; *v; ++v) a.values.emplace_back((*v)->bv_val, (*v)->bv_len);
      ldap_value_free_len(values);
    }
    entry.attributes.push_back(std::move(a));
    ldap_memfree(name);
  }
  if (ber) ber_free(ber, 0);
  return entry;
}

}  // namespace

Connection::Connection(LDAP* ld, std::chrono::milliseconds request_timeout)
    : watch_(std::make_unique<HandshakeWatch>()), ld_(ld), request_timeout_(request_timeout) {}

LdapResult<std::shared_ptr<const TlsContext>> TlsContext::create(const ConnectionOptions& options) {
  initialise_library();
  LDAP* ld = nullptr;
  int rc = ldap_initialize(&ld, options.url.c_str());
  if (rc != LDAP_SUCCESS || !ld) return std::unexpected(LdapError{rc, ldap_err2string(rc)});
  void* context = nullptr;
  bool ok =
      set_tls_files(ld, options) && ldap_get_option(ld, LDAP_OPT_X_TLS_CTX, &context) == LDAP_OPT_SUCCESS;
  std::string diagnostic;
  if (!ok) {
    char* text = nullptr;
    if (ldap_get_option(ld, LDAP_OPT_DIAGNOSTIC_MESSAGE, &text) == LDAP_OPT_SUCCESS && text) {
      diagnostic = text;
      ldap_memfree(text);
    }
  }
  ldap_unbind_ext_s(ld, nullptr, nullptr);  // the reference taken by the get above stays ours
  if (!ok || !context) {
    return std::unexpected(LdapError{LDAP_LOCAL_ERROR, "failed to set up TLS: " + diagnostic});
  }
  return std::shared_ptr<const TlsContext>(new TlsContext(context));
}

TlsContext::~TlsContext() {
  ldap_pvt_tls_ctx_free(context_);
}

bool unreachable(const LdapError& e) {
  return e.code == LDAP_SERVER_DOWN || e.code == LDAP_CONNECT_ERROR || e.code == LDAP_TIMEOUT;
}

LdapError Connection::last_error(int code) const {
  if (code == LDAP_SUCCESS || code == -1) {
    int stored = code;
    if (ldap_get_option(ld_, LDAP_OPT_RESULT_CODE, &stored) == LDAP_OPT_SUCCESS) code = stored;
  }
  std::string message = ldap_err2string(code);
  char* diagnostic = nullptr;
  if (ldap_get_option(ld_, LDAP_OPT_DIAGNOSTIC_MESSAGE, &diagnostic) == LDAP_OPT_SUCCESS && diagnostic) {
    if (*diagnostic) message += fmt::format(" ({})", diagnostic);
    ldap_memfree(diagnostic);
  }
  return {code, std::move(message)};
}

LdapResult<Connection> Connection::open(const ConnectionOptions& options) {
  initialise_library();
  LDAP* ld = nullptr;
  int rc = ldap_initialize(&ld, options.url.c_str());
  if (rc != LDAP_SUCCESS || !ld) {
    return std::unexpected(LdapError{rc, fmt::format("failed to connect: {}", ldap_err2string(rc))});
  }
  Connection conn(ld, options.request_timeout);
  int version = LDAP_VERSION3;
  ldap_set_option(ld, LDAP_OPT_PROTOCOL_VERSION, &version);
  ldap_set_option(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF);
  ldap_set_option(ld, LDAP_OPT_RESTART, LDAP_OPT_ON);  // retry system calls interrupted by signals
  timeval network = to_timeval(options.connect_timeout);
  ldap_set_option(ld, LDAP_OPT_NETWORK_TIMEOUT, &network);
  timeval api = to_timeval(options.request_timeout);
  ldap_set_option(ld, LDAP_OPT_TIMEOUT, &api);
  conn.watch_->callbacks = {&on_connected, &on_closed, conn.watch_.get()};
  conn.watch_->limit = options.connect_timeout + options.request_timeout;
  ldap_set_option(ld, LDAP_OPT_CONNECT_CB, &conn.watch_->callbacks);

  bool tls = options.start_tls || options.url.starts_with("ldaps://");
  if (tls) {
    // The verification level is read from the handle for the host name check, from the context
    // for the chain; both are set.
    int require = options.insecure_skip_verify ? LDAP_OPT_X_TLS_NEVER : LDAP_OPT_X_TLS_DEMAND;
    bool ok = ldap_set_option(ld, LDAP_OPT_X_TLS_REQUIRE_CERT, &require) == LDAP_OPT_SUCCESS;
    if (options.tls_context) {
      ok = ok && ldap_set_option(ld, LDAP_OPT_X_TLS_CTX, options.tls_context->get()) == LDAP_OPT_SUCCESS;
    } else {
      ok = ok && set_tls_files(ld, options);
    }
    if (!ok) {
      LdapError e = conn.last_error(LDAP_LOCAL_ERROR);
      e.message = "failed to set up TLS: " + e.message;
      return std::unexpected(std::move(e));
    }
  }
  // Whatever happens below, the handshake watch ends with this function.
  struct Unwatch {
    HandshakeWatch& w;
    ~Unwatch() { HandshakeWatchdog::instance().forget(w.ticket); }
  } unwatch{*conn.watch_};
  rc = ldap_connect(ld);
  if (rc != LDAP_SUCCESS) {
    LdapError e = conn.last_error(rc);
    e.message = "failed to connect: " + e.message;
    return std::unexpected(std::move(e));
  }
  if (options.start_tls) {
    rc = ldap_start_tls_s(ld, nullptr, nullptr);
    if (rc != LDAP_SUCCESS) {
      LdapError e = conn.last_error(rc);
      e.message = "start TLS failed: " + e.message;
      return std::unexpected(std::move(e));
    }
  }
  return conn;
}

Connection::~Connection() {
  if (ld_) ldap_unbind_ext_s(ld_, nullptr, nullptr);
}

Connection::Connection(Connection&& other) noexcept
    : watch_(std::move(other.watch_)),
      ld_(std::exchange(other.ld_, nullptr)),
      request_timeout_(other.request_timeout_) {}

LdapResult<void> Connection::result_code(LDAPMessage* message) const {
  int code = LDAP_SUCCESS;
  char* text = nullptr;
  int rc = ldap_parse_result(ld_, message, &code, nullptr, &text, nullptr, nullptr, 0);
  std::string diagnostic = text ? text : "";
  if (text) ldap_memfree(text);
  if (rc != LDAP_SUCCESS) return std::unexpected(last_error(rc));
  if (code == LDAP_SUCCESS) return {};
  std::string message_text = ldap_err2string(code);
  if (!diagnostic.empty()) message_text += " (" + diagnostic + ")";
  return std::unexpected(LdapError{code, std::move(message_text)});
}

LdapResult<LDAPMessage*> Connection::await(int msgid) {
  timeval tv = to_timeval(request_timeout_);
  LDAPMessage* result = nullptr;
  int rc = ldap_result(ld_, msgid, LDAP_MSG_ALL, &tv, &result);
  if (rc == 0) {
    ldap_abandon_ext(ld_, msgid, nullptr, nullptr);
    return std::unexpected(LdapError{
        LDAP_TIMEOUT, fmt::format("the directory did not answer within {} ms", request_timeout_.count())});
  }
  if (rc < 0 || !result) return std::unexpected(last_error(-1));
  return result;
}

LdapResult<void> Connection::bind(std::string_view dn, std::string_view password) {
  if (!dn.empty() && password.empty()) {
    return std::unexpected(LdapError{LDAP_PARAM_ERROR, "empty password not allowed by the client"});
  }
  std::string dn_text(dn);
  berval cred{static_cast<ber_len_t>(password.size()), const_cast<char*>(password.data())};
  int msgid = 0;
  int rc = ldap_sasl_bind(ld_, dn_text.c_str(), LDAP_SASL_SIMPLE, &cred, nullptr, nullptr, &msgid);
  if (rc != LDAP_SUCCESS) return std::unexpected(last_error(rc));
  auto result = await(msgid);
  if (!result) return std::unexpected(result.error());
  Message message(*result);
  if (auto checked = result_code(message.get()); !checked) return std::unexpected(checked.error());
  return {};
}

LdapResult<std::vector<Entry>> Connection::search(const std::string& base_dn, Scope scope,
                                                  const std::string& filter,
                                                  const std::vector<std::string>& attributes) {
  // Asked-for names without empties or case-insensitive repeats, NULL-terminated for libldap.
  std::vector<std::string> names;
  for (const auto& a : attributes) {
    if (a.empty()) continue;
    bool seen = false;
    for (const auto& n : names) seen = seen || base::ascii_iequals(n, a);
    if (!seen) names.push_back(a);
  }
  std::vector<char*> attrs;
  for (auto& n : names) attrs.push_back(n.data());
  attrs.push_back(nullptr);
  timeval tv = to_timeval(request_timeout_);
  int msgid = 0;
  int rc = ldap_search_ext(ld_, base_dn.c_str(), scope_code(scope), filter.c_str(),
                           names.empty() ? nullptr : attrs.data(), 0, nullptr, nullptr, &tv, 0, &msgid);
  if (rc != LDAP_SUCCESS) return std::unexpected(last_error(rc));
  auto result = await(msgid);
  if (!result) return std::unexpected(result.error());
  Message message(*result);
  if (auto checked = result_code(message.get()); !checked) return std::unexpected(checked.error());
  std::vector<Entry> entries;
  for (LDAPMessage* e = ldap_first_entry(ld_, message.get()); e; e = ldap_next_entry(ld_, e)) {
    entries.push_back(read_entry(ld_, e));
  }
  return entries;
}

}  // namespace dexcc::connector::ldap
