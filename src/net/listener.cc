// Listeners: binding the address, the accept loop, and each connection's admission (its address's
// limit, then room under the connection cap) before its session starts.
#include "net/listener.h"

#include <fmt/format.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "base/log.h"
#include "net/session.h"

namespace dexcc::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

bool split_host_port(std::string_view address, std::string& host, uint16_t& port) {
  size_t colon = address.rfind(':');
  if (colon == std::string_view::npos) return false;
  std::string_view h = address.substr(0, colon), p = address.substr(colon + 1);
  if (!h.empty() && h.front() == '[') {
    if (h.back() != ']') return false;
    h = h.substr(1, h.size() - 2);
  } else if (h.find(':') != std::string_view::npos) {
    return false;  // an IPv6 address must be bracketed
  }
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string_view::npos) return false;
  unsigned long v = std::stoul(std::string(p));
  if (v > 65535) return false;
  host = std::string(h);
  port = static_cast<uint16_t>(v);
  return true;
}

namespace {

tcp::endpoint resolve(asio::io_context& ioc, std::string_view address) {
  std::string host;
  uint16_t port = 0;
  if (!split_host_port(address, host, port))
    throw std::runtime_error(fmt::format("listen address \"{}\" is not host:port", address));
  if (host.empty()) return tcp::endpoint(tcp::v6(), port);  // all interfaces, v4 mapped
  boost::system::error_code ec;
  auto ip = asio::ip::make_address(host, ec);
  if (!ec) return tcp::endpoint(ip, port);
  tcp::resolver resolver(ioc);
  auto results = resolver.resolve(host, std::to_string(port), ec);
  if (ec || results.empty())
    throw std::runtime_error(fmt::format("cannot resolve \"{}\": {}", host, ec.message()));
  return *results.begin();
}

std::string endpoint_text(const tcp::endpoint& ep) {
  auto addr = ep.address();
  return addr.is_v6() ? fmt::format("[{}]:{}", addr.to_string(), ep.port())
                      : fmt::format("{}:{}", addr.to_string(), ep.port());
}

AddressKey peer_address_key(const asio::ip::address& address) {
  if (address.is_v4())
    return address_key(asio::ip::make_address_v6(asio::ip::v4_mapped, address.to_v4()).to_bytes());
  return address_key(address.to_v6().to_bytes());
}

// Says whether a warning that can come once per connection is due: at most one every 10 s, so that
// a flood of connections does not become a flood of log lines. Used on the listeners' thread.
class WarningThrottle {
 public:
  // How many were skipped since the last one logged, or nullopt while this one is to be skipped.
  std::optional<uint64_t> due() {
    auto now = SteadyClock::now();
    if (now < next_) {
      ++skipped_;
      return std::nullopt;
    }
    next_ = now + std::chrono::seconds(10);
    return std::exchange(skipped_, 0);
  }

 private:
  SteadyClock::time_point next_{};
  uint64_t skipped_ = 0;
};

// The accept loop of one listener, on the server's main context.
class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(ServerState& server, std::string_view name, Admission& admission,
           std::shared_ptr<tcp::acceptor> acceptor, const http::Router& router, ReloadableTlsContext* tls)
      : server_(server),
        name_(name),
        admission_(admission),
        acceptor_(std::move(acceptor)),
        router_(router),
        tls_(tls),
        room_timer_(server.main_context()) {}

  void accept() {
    IoThread& thread = server_.next_thread();
    acceptor_->async_accept(thread.context, [self = shared_from_this(), &thread](boost::system::error_code ec,
                                                                                 tcp::socket socket) {
      self->on_accept(ec, std::move(socket), thread);
    });
  }

 private:
  void on_accept(boost::system::error_code ec, tcp::socket socket, IoThread& thread) {
    if (ec == asio::error::operation_aborted || !acceptor_->is_open()) return;
    if (ec) {
      // Out of file descriptors or a transient network error: pause briefly, keep accepting.
      log::warn("accept failed", {{"error", ec.message()}});
      auto timer =
          std::make_shared<asio::steady_timer>(server_.main_context(), std::chrono::milliseconds(50));
      timer->async_wait([self = shared_from_this(), timer](boost::system::error_code) { self->accept(); });
      return;
    }
    boost::system::error_code ignored;
    auto remote = socket.remote_endpoint(ignored);
    if (server_.draining || ignored) {  // stopping, or the peer has gone already
      socket.close(ignored);
      return accept();
    }
    std::string remote_text = endpoint_text(remote);
    auto ticket = admission_.admit_address(peer_address_key(remote.address()), thread.index);
    if (!ticket) {
      // Closed unanswered: an answer would cost a TLS handshake on HTTPS listeners, and the client
      // is busy with its other connections already.
      if (auto skipped = over_address_limit_warnings_.due()) {
        log::warn("connection refused: too many connections in progress from one address",
                  {{"server", name_},
                   {"remote_addr", remote_text},
                   {"limit", admission_.max_active_per_address()},
                   {"skipped_warnings", *skipped}});
      }
      socket.close(ignored);
      return accept();
    }
    start_when_there_is_room(
        AdmittedConnection{std::move(socket), thread, std::move(*ticket), std::move(remote_text)});
  }

  // At the connection cap with no idle connection to close, the new connection waits, and the
  // listener with it (later clients wait in the kernel's listen backlog), until one closes. The
  // header timeout, which runs from the accept, frees connections that send nothing.
  void start_when_there_is_room(AdmittedConnection admitted) {
    if (server_.draining) return;  // the connection closes as `admitted` goes
    if (!make_room()) {
      if (auto skipped = at_cap_warnings_.due()) {
        log::warn("connection limit reached; new connections wait until one closes",
                  {{"server", name_},
                   {"max_connections", admission_.max_connections()},
                   {"skipped_warnings", *skipped}});
      }
      room_timer_.expires_after(kRoomRetry);
      room_timer_.async_wait(
          [self = shared_from_this(), admitted = std::move(admitted)](boost::system::error_code ec) mutable {
            if (!ec) self->start_when_there_is_room(std::move(admitted));
          });
      return;
    }
    start_session(server_, admission_, router_, std::move(admitted), tls_ ? tls_->current() : nullptr);
    accept();
  }

  // True when under the cap, or when the longest-idle keep-alive connection has been claimed and
  // will be closed on its thread; false when every connection is busy. The new connection is
  // started before the evicted one is closed.
  bool make_room() {
    if (admission_.has_room()) return true;
    std::optional<size_t> evict_on = admission_.claim_longest_idle();
    if (!evict_on) return false;
    IdleConnections& idle = admission_.idle(*evict_on);
    asio::post(server_.io_threads[*evict_on]->context, [&idle] { idle.evict_claimed(); });
    return true;
  }

  static constexpr std::chrono::milliseconds kRoomRetry{10};

  ServerState& server_;
  std::string name_;
  Admission& admission_;  // this listener's own
  std::shared_ptr<tcp::acceptor> acceptor_;
  const http::Router& router_;
  ReloadableTlsContext* tls_;  // null for plain HTTP
  asio::steady_timer room_timer_;
  WarningThrottle over_address_limit_warnings_;
  WarningThrottle at_cap_warnings_;
};

}  // namespace

uint16_t open_listener(ServerState& server, std::string_view name, std::string_view address,
                       const http::Router& router, ReloadableTlsContext* tls) {
  tcp::endpoint endpoint = resolve(server.main_context(), address);
  auto acceptor = std::make_shared<tcp::acceptor>(server.main_context());
  boost::system::error_code ec;
  acceptor->open(endpoint.protocol(), ec);
  if (!ec && endpoint.address().is_v6() && endpoint.address().is_unspecified()) {
    acceptor->set_option(asio::ip::v6_only(false), ec);
  }
  if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor->bind(endpoint, ec);
  if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    throw std::runtime_error(fmt::format("listening for {} on {} failed: {}", name, address, ec.message()));
  uint16_t port = acceptor->local_endpoint().port();
  server.acceptors.push_back(acceptor);
  Admission& admission = *server.admissions.emplace_back(std::make_unique<Admission>(
      server.limits.max_connections, server.limits.max_active_connections_per_address,
      server.io_threads.size()));
  std::make_shared<Listener>(server, name, admission, acceptor, router, tls)->accept();
  return port;
}

}  // namespace dexcc::net
