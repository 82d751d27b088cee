// LoopbackServer: accepts TCP connections on 127.0.0.1 (an ephemeral port) and serves each on its
// own thread, for fake upstreams and proxies in tests. Destruction shuts every socket down and
// joins every thread, so a test never leaks a server into the next one.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace dexcc::testing {

class LoopbackServer {
 public:
  // Runs on the connection's thread; the server closes `fd` when it returns.
  using Serve = std::function<void(int fd)>;

  explicit LoopbackServer(Serve serve);
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  uint16_t port() const { return port_; }
  size_t connections() const { return connections_.load(); }
  // Sleeps for `duration`, or less when the server stops meanwhile (then returns false).
  bool sleep_unless_stopped(std::chrono::milliseconds duration) const;

 private:
  void accept_loop();
  void serve_connection(int fd);

  Serve serve_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<size_t> connections_{0};
  mutable std::mutex mutex_;
  mutable std::condition_variable stopping_changed_;
  bool stopping_ = false;
  std::set<int> open_fds_;
  std::vector<std::thread> connection_threads_;
  std::thread acceptor_;
};

// One HTTP/1.1 request as a test server received it.
struct ReceivedRequest {
  std::string method;
  std::string target;  // as sent: "/path?q", "http://host/path" to a proxy, "host:443" for CONNECT
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first value of `name` (case-insensitive), or empty.
  std::string header(std::string_view name) const;
  bool has_header(std::string_view name) const;
};

// Reads one request (head, then a Content-Length body) through `read`, which returns the bytes
// read or <= 0 at end of stream. `buffer` keeps bytes read past the request for the next call.
std::optional<ReceivedRequest> read_request(const std::function<long(char*, size_t)>& read,
                                            std::string& buffer);

// Writes all of `bytes` to a socket without raising SIGPIPE; false when the peer is gone.
bool send_all(int fd, std::string_view bytes);

}  // namespace dexcc::testing
