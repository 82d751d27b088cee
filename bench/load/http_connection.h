// A blocking HTTP/1.1 keep-alive connection for the load generator: one per worker thread, so a
// request's latency is exactly the time from the first byte written to the last byte read.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dexcc::bench {

struct Reply {
  int status = 0;          // 0: the connection failed (nothing usable was read)
  std::string location;    // the Location header, if any
  std::string body;
};

class HttpConnection {
 public:
  HttpConnection(std::string host, uint16_t port) : host_(std::move(host)), port_(port) {}
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  // Sends one request and reads its answer; reconnects once when the kept-alive socket was closed.
  // `headers` are extra raw "Name: value\r\n" lines.
  Reply request(std::string_view method, std::string_view target, std::string_view headers = {},
                std::string_view body = {});
  // How many times a new TCP connection was opened (1 when keep-alive held throughout).
  uint64_t connects() const { return connects_; }

 private:
  bool connect();
  void disconnect();
  bool send_all(std::string_view bytes);
  bool read_reply(Reply& out);
  bool fill();

  std::string host_;
  uint16_t port_;
  int fd_ = -1;
  uint64_t connects_ = 0;
  std::string in_;     // bytes read but not yet consumed
  std::string out_;    // the request being written, reused across requests
};

}  // namespace dexcc::bench
