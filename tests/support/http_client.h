// A tiny blocking HTTP/1.1 client over raw sockets, for tests that must send exactly what they mean
// (malformed requests, slow clients, keep-alive) to a server on loopback.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace dexcc::testing {

struct HttpResult {
  int status = 0;
  std::multimap<std::string, std::string> headers;  // lower-cased names
  std::string body;
  std::string header(const std::string& lower_name) const;
};

class RawConnection {
 public:
  // `source` binds the client's end to that local address first (127.0.0.2 for a second client
  // address on loopback); empty lets the kernel choose.
  RawConnection(const std::string& host, uint16_t port, const std::string& source = {});
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool send(std::string_view bytes);
  // Reads one response (Content-Length or close-delimited); nullopt on timeout or closed connection.
  std::optional<HttpResult> read_response(std::chrono::milliseconds timeout = std::chrono::seconds(10),
                                          bool head_request = false);
  // True when the peer has closed the connection (reads EOF) within `timeout`.
  bool closed_by_peer(std::chrono::milliseconds timeout);
  bool connected() const { return fd_ >= 0; }

 private:
  bool fill(std::chrono::steady_clock::time_point deadline);
  int fd_ = -1;
  std::string buffer_;
  bool eof_ = false;
};

// One request on a fresh connection. `extra_headers` are raw "Name: value\r\n" lines.
std::optional<HttpResult> http_request(uint16_t port, std::string_view method, std::string_view target,
                                       std::string_view body = {}, std::string_view extra_headers = {},
                                       const std::string& host = "127.0.0.1");

// A free loopback TCP port (bound then released).
uint16_t free_port();

}  // namespace dexcc::testing
