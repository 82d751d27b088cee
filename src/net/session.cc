// One connection's session over Boost.Beast: read a request in timed phases, dispatch it, write the
// answer, then wait for the next request or close. Stream is tcp::socket or ssl_stream<tcp::socket>.
#include "net/session.h"

#include <array>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <optional>

#include "base/log.h"
#include "base/random.h"
#include "net/connection.h"
#include "net/request_parser.h"
#include "net/server_responses.h"

namespace dexcc::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;

template <class Stream>
class Session : public Connection, public std::enable_shared_from_this<Session<Stream>> {
 public:
  template <class... Args>
  // `tls_context` is null for plain HTTP; for TLS the stream arguments end with *tls_context.
  Session(ServerState& server, Admission& admission, IdleConnections& idle,
          ActiveConnectionsPerAddress::Ticket ticket, const http::Router& router,
          std::shared_ptr<ssl::context> tls_context, std::string remote, Args&&... args)
      : server_(server),
        admission_(admission),
        idle_(idle),
        ticket_(std::move(ticket)),
        router_(router),
        tls_context_(std::move(tls_context)),
        remote_(std::move(remote)),
        id_(server.connections.next_id()),
        stream_(std::forward<Args>(args)...) {
    admission_.opened();
  }
  ~Session() override {
    idle_.remove(*this);
    server_.connections.remove(id_);
    admission_.closed();
  }

  void start() {
    server_.connections.add(id_, this->weak_from_this());
    // The first request's header (and the TLS handshake before it) must arrive within the header
    // timeout of the accept: a connection that sends nothing is not idle, and is cut off as soon
    // as one that sends half a header.
    set_deadline(server_.limits.read_header_timeout);
    if constexpr (std::is_same_v<Stream, beast::ssl_stream<tcp::socket>>) {
      stream_.async_handshake(ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (ec) return self->close();
                                self->wait_for_request();
                              });
    } else {
      wait_for_request();
    }
  }

  void close_if_idle() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (!self->busy_) self->close();
    });
  }

  void close_if_expired() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
      if (self->expired(SteadyClock::now())) self->close();  // unless a new phase began meanwhile
    });
  }

  // IdleConnection: the server needs room for a new connection, and this one waits the longest.
  void evict() override { close(); }

 private:
  // Phase 1: wait until a request's first bytes arrive. Between the requests of a keep-alive
  // connection this is the idle wait (idle timeout): the connection may then be evicted to make
  // room for a new one, and it does not count against its address's limit. Before the first
  // request, the header timeout that started at the accept runs on.
  void wait_for_request() {
    if (server_.draining) return close();
    if (buffer_.size() > 0) {  // the next request was sent with the previous one
      set_deadline(server_.limits.read_header_timeout);
      return read_header();
    }
    bool between_requests = past_first_request_;
    if (between_requests) start_idling();
    stream_.async_read_some(buffer_.prepare(4096), [self = this->shared_from_this(), between_requests](
                                                       beast::error_code ec, size_t n) {
      if (between_requests) self->stop_idling();
      if (ec) return self->close();
      self->buffer_.commit(n);
      if (between_requests) self->set_deadline(self->server_.limits.read_header_timeout);
      self->read_header();
    });
  }

  void start_idling() {
    auto now = SteadyClock::now();
    set_deadline_at(now + server_.limits.idle_timeout);
    idle_.add(*this, now);
    ticket_.set_idle(true);
  }

  void stop_idling() {
    idle_.remove(*this);
    ticket_.set_idle(false);
  }

  // Phase 2: the header, within the header timeout (set by the caller) and size limit.
  void read_header() {
    request_.clear();
    route_ = nullptr;
    parser_.emplace(request_);
    parser_->header_limit(static_cast<uint32_t>(server_.limits.max_header_bytes));
    parser_->body_limit(server_.limits.max_body_bytes);
    if (!feed_buffered_bytes()) return;
    if (parser_->is_header_done()) return after_header();
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = this->shared_from_this()](beast::error_code ec, size_t) {
                               if (ec) return self->on_read_error(ec);
                               self->after_header();
                             });
  }

  // A whole header (and a small body) usually arrives in the first read: it is parsed from the
  // buffer at once, and Beast's composed read operations, whose completion machinery cost more
  // than the parse (about 2k instructions per request), run only when more bytes are needed; they
  // continue with the same parser. Returns false when the bytes do not parse (then answered).
  bool feed_buffered_bytes() {
    if (buffer_.size() == 0) return true;
    beast::error_code ec;
    buffer_.consume(parser_->put(buffer_.data(), ec));
    if (ec && ec != bhttp::error::need_more) {
      on_read_error(ec);
      return false;
    }
    return true;
  }

  void after_header() {
    busy_ = true;
    ++server_.busy;
    if (parser_->expects_continue() && !parser_->is_done()) {
      continue_.emplace(bhttp::status::continue_, parser_->version());
      set_deadline(server_.limits.write_timeout);
      bhttp::async_write(stream_, *continue_,
                         [self = this->shared_from_this()](beast::error_code ec, size_t) {
                           if (ec) return self->close();
                           self->read_body();
                         });
      return;
    }
    read_body();
  }

  // Phase 3: the body, within the body timeout (its size limit was armed with the header).
  void read_body() {
    if (parser_->is_done()) return dispatch();  // no body (bytes after it belong to the next request)
    parser_->eager(true);                       // the body, not only the next part of it
    if (!feed_buffered_bytes()) return;
    if (parser_->is_done()) return dispatch();
    set_deadline(server_.limits.read_body_timeout);
    bhttp::async_read(stream_, buffer_, *parser_,
                      [self = this->shared_from_this()](beast::error_code ec, size_t) {
                        if (ec) return self->on_read_error(ec);
                        self->dispatch();
                      });
  }

  void on_read_error(beast::error_code ec) {
    int status = 0;
    if (ec == bhttp::error::header_limit) {
      status = 431;
    } else if (ec == bhttp::error::body_limit) {
      status = 413;
    } else if (ec == StricterParseError::unsupported_transfer_encoding) {
      status = 501;  // as Go's net/http answers
    } else if (ec == StricterParseError::transfer_encoding_in_http10) {
      status = 400;
    } else if (ec.category() == bhttp::make_error_code(bhttp::error::end_of_stream).category() &&
               ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message) {
      status = 400;  // a parse error: bad method, target, version, header or chunk
    }
    if (status == 0) return close();  // timeout, reset, or the peer went away
    log::warn("rejected HTTP request",
              {{"remote_addr", remote_}, {"status", status}, {"reason", ec.message()}});
    if (!busy_) {
      busy_ = true;
      ++server_.busy;
    }
    request_.clear();  // nothing routed: the observer skips it
    linger_ = true;
    write(plain_error(status), 11, false);
  }

  void dispatch() {
    clear_deadline();
    started_ = std::chrono::steady_clock::now();
    // The parser has filled in the method, target, fields and body.
    request_.remote_addr.assign(remote_);
    request_.request_id = base::new_uuid();
    request_.tls = tls_context_ != nullptr;
    version_ = parser_->version();
    keep_alive_ = parser_->keep_alive();
    if (!http::split_target(request_.target, request_.path, request_.query)) {
      return write(plain_error(400), version_, false);
    }
    route_ = router_.match(request_);
    if (!route_ || route_->options.runs_inline) return write(serve(), version_, keep_alive_);
    bool queued = server_.pool.try_submit([self = this->shared_from_this(), queued_at = SteadyClock::now()] {
      // A request that waited in the queue past max_queue_wait is refused, not run: under a burst of
      // expensive requests (bcrypt comparisons) the full queue held a minute of work, so every
      // request waited that long and its client had given up before it ran. Refusing the stale ones
      // costs nothing, so the queue drains and no admitted request waits much longer than the bound.
      http::Response res = SteadyClock::now() - queued_at > self->server_.limits.max_queue_wait
                               ? self->refuse_stale()
                               : self->serve();
      asio::post(self->stream_.get_executor(), [self, res = std::move(res)]() mutable {
        self->write(std::move(res), self->version_, self->keep_alive_);
      });
    });
    if (!queued) {
      log::warn("worker pool full, answering 503", {{"request_id", request_.request_id}});
      http::Response res = plain_error(503);
      res.headers.set("Retry-After", "1");
      write(std::move(res), version_, keep_alive_);
    }
  }

  http::Response refuse_stale() {
    log::warn("request waited too long for a worker, answering 503", {{"request_id", request_.request_id}});
    http::Response res = plain_error(503);
    res.headers.set("Retry-After", "1");
    return res;
  }

  http::Response serve() {
    try {
      return router_.serve(route_, request_);
    } catch (const std::exception& e) {
      log::error("handler threw", {{"request_id", request_.request_id}, {"error", e.what()}});
    } catch (...) {
      log::error("handler threw", {{"request_id", request_.request_id}});
    }
    return plain_error(500);
  }

  // The status line and fields are written into one string and sent with the body in a single
  // gather write: Beast's serializer walked a buffer sequence per field and cost more than the
  // whole handler on cheap routes (callgrind, docs/benchmarks.md). The bytes are what Beast sent.
  void write(http::Response res, unsigned version, bool keep_alive) {
    response_ = std::move(res);
    keep_alive_ = keep_alive && !server_.draining;
    size_t length = response_.body.size();
    int status = response_.status;
    // RFC 9110 §6.4.1: 1xx, 204 and 304 carry no body and no Content-Length.
    bool bodiless = status < 200 || status == 204 || status == 304;
    if (bodiless || request_.method == "HEAD") response_.body.clear();
    write_response_head(head_, response_, version, keep_alive_,
                        bodiless ? std::nullopt : std::optional<size_t>(length));
    std::array<asio::const_buffer, 2> buffers{asio::buffer(head_), asio::buffer(response_.body)};
    set_deadline(server_.limits.write_timeout);
    asio::async_write(stream_, buffers,
                      [self = this->shared_from_this(), length](beast::error_code ec, size_t) {
                        self->after_write(ec, length);
                      });
  }

  void after_write(beast::error_code ec, size_t body_length) {
    if (!request_.method.empty() && server_.observer) {
      auto elapsed = std::chrono::steady_clock::now() - started_;
      server_.observer(request_, response_, route_, elapsed, body_length);
    }
    busy_ = false;
    --server_.busy;
    response_.body.clear();
    if (ec) return close();
    if (linger_) return linger_close();
    if (!keep_alive_) return close();
    past_first_request_ = true;
    wait_for_request();
  }

  // After refusing a request whose bytes are still arriving (an oversized body or header), closing
  // at once would make the kernel answer the unread bytes with a reset, and most clients would lose
  // our 413/431 with it. So: send FIN, then read and discard for a short while, then close.
  void linger_close() {
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).shutdown(tcp::socket::shutdown_send, ignored);
    set_deadline(kLingerTime);
    discard_input();
  }

  void discard_input() {
    buffer_.clear();
    beast::get_lowest_layer(stream_).async_read_some(
        buffer_.prepare(16384), [self = this->shared_from_this()](beast::error_code ec, size_t n) {
          self->discarded_ += n;
          if (ec || self->discarded_ > kLingerMaxBytes) return self->close();
          self->discard_input();
        });
  }

  void close() {
    idle_.remove(*this);
    if (closed_) return;
    closed_ = true;
    beast::error_code ignored;
    auto& socket = beast::get_lowest_layer(stream_);
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  }

  ServerState& server_;
  Admission& admission_;
  IdleConnections& idle_;  // of this connection's I/O thread
  ActiveConnectionsPerAddress::Ticket ticket_;
  const http::Router& router_;
  // The TLS context this connection was opened with: a certificate reload replaces the listener's
  // context, and the old one must live as long as the connections that still use it.
  std::shared_ptr<ssl::context> tls_context_;
  std::string remote_;
  uint64_t id_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<RequestParser> parser_;  // fills request_
  std::optional<bhttp::response<bhttp::empty_body>> continue_;
  std::string head_;  // the response's status line and fields, reused across requests
  http::Request request_;
  http::Response response_;
  const http::Route* route_ = nullptr;
  unsigned version_ = 11;
  bool keep_alive_ = true;
  bool past_first_request_ = false;  // a response has been written and the connection kept open
  bool busy_ = false;
  bool closed_ = false;
  bool linger_ = false;  // the request was refused unread: drain before closing
  size_t discarded_ = 0;
  static constexpr std::chrono::seconds kLingerTime{2};
  static constexpr size_t kLingerMaxBytes = 16 << 20;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace

void start_session(ServerState& server, Admission& admission, const http::Router& router,
                   AdmittedConnection connection, std::shared_ptr<ssl::context> tls_context) {
  beast::error_code ignored;
  connection.socket.set_option(tcp::no_delay(true), ignored);
  // The session starts on its own connection's thread; from then on only that thread touches it.
  auto executor = connection.socket.get_executor();
  IdleConnections& idle = admission.idle(connection.thread.index);
  if (tls_context) {
    ssl::context& context_ref = *tls_context;
    auto session = std::make_shared<Session<beast::ssl_stream<tcp::socket>>>(
        server, admission, idle, std::move(connection.ticket), router, std::move(tls_context),
        std::move(connection.remote), std::move(connection.socket), context_ref);
    asio::post(executor, [session] { session->start(); });
  } else {
    auto session = std::make_shared<Session<tcp::socket>>(
        server, admission, idle, std::move(connection.ticket), router, nullptr, std::move(connection.remote),
        std::move(connection.socket));
    asio::post(executor, [session] { session->start(); });
  }
}

}  // namespace dexcc::net
