// Server: HTTP/1.1 (optionally TLS) listeners with keep-alive, limits, timeouts, a bounded worker
// pool and graceful shutdown. Callers see plain http:: values: Boost.Beast, Asio and OpenSSL stay in
// the .cc files and internal headers of net/, and this is the header other modules include.
//
// Each connection reads one request at a time: the header (header timeout, size limit -> 431), the
// body (body timeout, size limit -> 413), and between requests an idle wait (idle timeout). The
// first header's timeout runs from the accept, so a connection that sends nothing is closed within
// it. The request then runs on the worker pool (or inline for routes marked runs_inline); a full
// pool answers 503 at once. Malformed requests get 400 (an unsupported Transfer-Encoding 501) and
// the connection is closed.
//
// Each listener admits connections on its own budget, so that a flood on one (the public port)
// leaves another (telemetry's health and metrics) answering. At its max_connections the listener's
// longest-idle keep-alive connection is closed to admit a new one; when none is idle, new
// connections wait in its listen backlog until one of its connections closes. A client address
// with max_active_connections_per_address connections not idle on a listener has further ones
// closed at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/router.h"

namespace dexcc::net {

struct ServerLimits {
  size_t max_header_bytes = 64 * 1024;
  size_t max_body_bytes = 1024 * 1024;
  std::chrono::milliseconds idle_timeout{120'000};
  std::chrono::milliseconds read_header_timeout{10'000};
  std::chrono::milliseconds read_body_timeout{30'000};
  std::chrono::milliseconds write_timeout{30'000};
  // Per listener; lowered at start() so that every listener's connections together fit in the
  // open-file limit (RLIMIT_NOFILE) less 256 descriptors for the rest of the process.
  size_t max_connections = 4096;
  // Connections from one client address (IPv6: one /64) to one listener that are not idle between
  // requests. A connection past it is closed unanswered at the accept. 256 lets a reverse proxy or a NAT
  // gateway in front of many users (their idle keep-alive connections do not count) have 256
  // requests in progress, sixteen times the default worker pool, while a single client needs
  // sixteen addresses to hold every one of max_connections with connections that send nothing.
  size_t max_active_connections_per_address = 256;
  size_t io_threads = 2;
  size_t workers = 16;
  size_t queue_limit = 1024;
  // A request still queued this long after it was read is answered 503 instead of being run.
  std::chrono::milliseconds max_queue_wait{5'000};
};

struct TlsSettings {
  std::string cert_file;
  std::string key_file;
  std::string min_version;  // "1.2" (default) or "1.3"
  std::string max_version;  // empty: no maximum
};

// Called on an I/O thread after each routed response is written (metrics, access log). `body_bytes`
// is the body's length (what Content-Length said; the body itself is not kept for HEAD and 204).
using ResponseObserver = std::function<void(const http::Request&, const http::Response&, const http::Route*,
                                            std::chrono::nanoseconds elapsed, size_t body_bytes)>;

struct ServerState;  // net/server_state.h, internal

class Server {
 public:
  explicit Server(ServerLimits limits);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds `address` ("host:port", ":port", "[::1]:port") now; throws std::runtime_error naming the
  // address on failure. `router` must outlive the server. Returns the bound port (for port 0).
  // Called before start(): the listener gets its own connection budget (ServerLimits).
  uint16_t listen(std::string_view name, std::string_view address, const http::Router& router,
                  std::optional<TlsSettings> tls = std::nullopt);
  // Reads each TLS listener's certificate and key files again (dex does on SIGHUP). New connections
  // get the new ones, open connections keep theirs; a listener whose files do not load keeps
  // serving its previous ones. Returns one message per failure (empty: every listener reloaded).
  std::vector<std::string> reload_tls();
  void set_observer(ResponseObserver observer);
  // Starts the I/O threads.
  void start();
  // Stops accepting, closes connections with no request in progress, lets in-flight requests finish
  // within `grace`, then stops every thread. Safe to call once from any thread.
  void shutdown(std::chrono::milliseconds grace);
  // Requests being read, run or written right now.
  size_t in_flight() const;

 private:
  std::unique_ptr<ServerState> state_;
};

// Parses "host:port" as Go's net.SplitHostPort does; empty host means all interfaces.
bool split_host_port(std::string_view address, std::string& host, uint16_t& port);

}  // namespace dexcc::net
