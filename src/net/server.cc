// Boost.Beast sessions, listeners and shutdown behind net::Server's plain-value interface.
#include "net/server.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cstring>
#include <ctime>
#include <limits>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "base/log.h"
#include "base/random.h"
#include "net/connections_per_address.h"
#include "http/headers.h"
#include "net/idle_connections.h"
#include "net/request_parser.h"
#include "net/worker_pool.h"

namespace dexcc::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
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

// The HTTP Date header value, recomputed at most once per second per thread.
const std::string& http_date() {
  thread_local std::time_t cached_at = 0;
  thread_local std::string cached;
  std::time_t now = std::time(nullptr);
  if (now != cached_at) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    cached = buf;
    cached_at = now;
  }
  return cached;
}

std::string endpoint_text(const tcp::endpoint& ep) {
  auto addr = ep.address();
  return addr.is_v6() ? fmt::format("[{}]:{}", addr.to_string(), ep.port())
                      : fmt::format("{}:{}", addr.to_string(), ep.port());
}

// A response the server makes itself (limits, overload, malformed requests).
http::Response plain_error(int status) {
  return http::Response::text(status, fmt::format("{} {}\n", status, http::status_text(status)));
}

std::unique_ptr<ssl::context> make_tls_context(const TlsSettings& tls) {
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                   ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  SSL_CTX* raw = ctx->native_handle();
  SSL_CTX_set_min_proto_version(raw, tls.min_version == "1.3" ? TLS1_3_VERSION : TLS1_2_VERSION);
  if (tls.max_version == "1.2") SSL_CTX_set_max_proto_version(raw, TLS1_2_VERSION);
  // TLS 1.2 suites as dex allows them: forward-secret AEAD first, then RSA key exchange with GCM.
  SSL_CTX_set_cipher_list(raw,
                          "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
                          "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
                          "AES128-GCM-SHA256:AES256-GCM-SHA384");
  beast::error_code ec;
  ctx->use_certificate_chain_file(tls.cert_file, ec);
  if (ec) throw std::runtime_error(fmt::format("cannot load TLS certificate {}: {}", tls.cert_file, ec.message()));
  ctx->use_private_key_file(tls.key_file, ssl::context::pem, ec);
  if (ec) throw std::runtime_error(fmt::format("cannot load TLS key {}: {}", tls.key_file, ec.message()));
  return ctx;
}

// Descriptors kept out of the connection cap for whatever else the process opens: storage and
// upstream connections, files, the listeners.
constexpr size_t kDescriptorsForTheRest = 256;

// `configured` lowered to what RLIMIT_NOFILE leaves: past the limit accept() fails, and the server
// could neither admit a new connection nor close an idle one to make room for it.
size_t connection_cap(size_t configured) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return configured;
  size_t descriptors = limit.rlim_cur;
  size_t usable =
      descriptors > 2 * kDescriptorsForTheRest ? descriptors - kDescriptorsForTheRest : descriptors / 2;
  if (usable >= configured) return configured;
  log::warn("max_connections lowered to fit the open-file limit",
            {{"max_connections", configured}, {"lowered_to", usable}, {"open_file_limit", descriptors}});
  return usable;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Shared server state.

using SteadyClock = std::chrono::steady_clock;

// A connection's deadline for its current phase (idle wait, header, body, write, linger) is a time
// the connection stores; one sweep timer checks them all a few times a second. Beast's timed
// streams armed and cancelled a timer for every read and write instead, which cost a timer-queue
// update, a cancelled-handler completion and often a timerfd_settime call each time.
class SessionBase : public IdleConnection {
 public:
  virtual ~SessionBase() = default;
  // Closes the connection unless a request is being handled or written.
  virtual void close_if_idle() = 0;
  // Closes the connection if its deadline has passed (posted to its thread by the sweep).
  virtual void close_if_expired() = 0;
  bool expired(SteadyClock::time_point now) const {
    return deadline_ns_.load(std::memory_order_relaxed) <= now.time_since_epoch().count();
  }

 protected:
  void set_deadline(std::chrono::nanoseconds after) { set_deadline_at(SteadyClock::now() + after); }
  void set_deadline_at(SteadyClock::time_point deadline) {
    deadline_ns_.store(deadline.time_since_epoch().count(), std::memory_order_relaxed);
  }
  // While a handler runs nothing is read or written, and the handler may take as long as it needs.
  void clear_deadline() { deadline_ns_.store(kNoDeadline, std::memory_order_relaxed); }

 private:
  static constexpr int64_t kNoDeadline = std::numeric_limits<int64_t>::max();
  std::atomic<int64_t> deadline_ns_{kNoDeadline};
};

// One I/O thread's event loop and the keep-alive connections on it that wait for a request.
struct IoThread {
  explicit IoThread(size_t i) : index(i) {}
  size_t index;
  IdleConnections idle;  // declared first: the context's connections leave it when destroyed
  asio::io_context context{1};
};

struct Server::Impl {
  explicit Impl(ServerLimits l)
      : limits(with_connection_cap(l)),
        active_per_address(l.max_active_connections_per_address, std::max<size_t>(1, l.io_threads)),
        pool(l.workers, l.queue_limit) {
    // One io_context per I/O thread, each connection pinned to one of them: a connection's
    // handlers are serialised without a strand, and the threads share no scheduler (no lock
    // hand-offs and futex wake-ups between them for every completion).
    for (size_t i = 0; i < std::max<size_t>(1, limits.io_threads); ++i) {
      io_threads.push_back(std::make_unique<IoThread>(i));
    }
  }
  ~Impl() {
    pool.stop();  // before the io_contexts drop their handlers
    // Sockets and timers must go while their io_context still exists.
    acceptors.clear();
    work.clear();
    sweep_timer.reset();
    // The first context goes first: a connection waiting there for room (Listener) holds a socket
    // of another context.
    for (auto& t : io_threads) t.reset();
  }

  static ServerLimits with_connection_cap(ServerLimits l) {
    l.max_connections = connection_cap(l.max_connections);
    return l;
  }

  void register_session(uint64_t id, std::weak_ptr<SessionBase> s) {
    std::lock_guard lock(sessions_mu);
    sessions.emplace(id, std::move(s));
  }
  void unregister_session(uint64_t id) {
    std::lock_guard lock(sessions_mu);
    sessions.erase(id);
  }
  std::vector<std::shared_ptr<SessionBase>> live_sessions() {
    std::vector<std::shared_ptr<SessionBase>> live;
    std::lock_guard lock(sessions_mu);
    live.reserve(sessions.size());
    for (auto& [id, weak] : sessions) {
      if (auto p = weak.lock()) live.push_back(std::move(p));
    }
    return live;
  }

  // A quarter of the shortest timeout, between 5 ms and 500 ms: a deadline is enforced at most that
  // late (a 10 s header timeout fires within 10.5 s).
  std::chrono::milliseconds sweep_period() const {
    auto shortest = std::min({limits.idle_timeout, limits.read_header_timeout, limits.read_body_timeout,
                              limits.write_timeout, std::chrono::milliseconds(2000)});
    return std::clamp(shortest / 4, std::chrono::milliseconds(5), std::chrono::milliseconds(500));
  }
  void sweep() {
    sweep_timer->expires_after(sweep_period());
    sweep_timer->async_wait([this](boost::system::error_code ec) {
      if (ec) return;  // cancelled: the server is stopping
      auto now = SteadyClock::now();
      for (auto& session : live_sessions()) {
        if (session->expired(now)) session->close_if_expired();
      }
      sweep();
    });
  }

  // Makes room for one more connection: true when under the cap, or when the longest-idle
  // keep-alive connection (of all I/O threads) has been claimed and will be closed; false when
  // every connection is busy. Called by the listeners, on the first I/O thread.
  bool make_room() {
    if (connections < limits.max_connections) return true;
    IoThread* oldest = nullptr;
    SteadyClock::time_point oldest_since = SteadyClock::time_point::max();
    for (auto& t : io_threads) {
      auto since = t->idle.oldest_unclaimed();
      if (since && *since < oldest_since) {
        oldest = t.get();
        oldest_since = *since;
      }
    }
    if (!oldest || !oldest->idle.try_claim()) return false;
    // The new connection is started before the evicted one is closed on its thread: the count may
    // go over the cap by the evictions in flight, each of them an idle connection about to go.
    asio::post(oldest->context, [oldest] { oldest->idle.evict_claimed(); });
    return true;
  }

  ServerLimits limits;
  ResponseObserver observer;
  std::atomic<bool> draining{false};
  std::atomic<size_t> connections{0};
  ActiveConnectionsPerAddress active_per_address;
  std::atomic<size_t> busy{0};
  std::atomic<uint64_t> next_session_id{1};
  std::mutex sessions_mu;
  std::unordered_map<uint64_t, std::weak_ptr<SessionBase>> sessions;
  // A TLS listener's settings and the context new connections get; connections opened before a
  // reload hold on to theirs.
  class TlsListener {
   public:
    TlsListener(std::string name, TlsSettings settings)
        : name_(std::move(name)), settings_(std::move(settings)), context_(make_tls_context(settings_)) {}
    std::shared_ptr<ssl::context> context() const {
      std::lock_guard lock(mu_);
      return context_;
    }
    // Reads the files again; throws (keeping the current context) when they do not load.
    void reload() {
      std::shared_ptr<ssl::context> fresh = make_tls_context(settings_);
      std::lock_guard lock(mu_);
      context_ = std::move(fresh);
    }
    const std::string& name() const { return name_; }

   private:
    std::string name_;
    TlsSettings settings_;
    mutable std::mutex mu_;
    std::shared_ptr<ssl::context> context_;
  };
  std::vector<std::unique_ptr<TlsListener>> tls_listeners;  // filled before start(), then fixed
  std::vector<std::shared_ptr<tcp::acceptor>> acceptors;
  std::vector<std::thread> threads;
  WorkerPool pool;
  bool started = false;
  std::once_flag shutdown_once;
  // Round-robin choice of the I/O thread for the next connection.
  IoThread& next_thread() { return *io_threads[next_thread_index++ % io_threads.size()]; }
  // Listeners, their retry timers, the sweep and the first connection's context.
  asio::io_context& main_context() { return io_threads.front()->context; }

  std::atomic<size_t> next_thread_index{0};
  std::vector<std::unique_ptr<IoThread>> io_threads;  // destroyed by ~Impl, first to last
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::optional<asio::steady_timer> sweep_timer;  // on the main context
};

// ---------------------------------------------------------------------------------------------
// One connection. Stream is tcp::socket or beast::ssl_stream<tcp::socket>.

template <class Stream>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
 public:
  template <class... Args>
  // `tls_context` is null for plain HTTP; for TLS the stream arguments end with *tls_context.
  Session(Server::Impl& server, IoThread& thread, ActiveConnectionsPerAddress::Ticket ticket,
          const http::Router& router, std::shared_ptr<ssl::context> tls_context, std::string remote, Args&&... args)
      : server_(server),
        thread_(thread),
        ticket_(std::move(ticket)),
        router_(router),
        tls_context_(std::move(tls_context)),
        remote_(std::move(remote)),
        id_(server.next_session_id++),
        stream_(std::forward<Args>(args)...) {
    ++server_.connections;
  }
  ~Session() override {
    thread_.idle.remove(*this);
    server_.unregister_session(id_);
    --server_.connections;
  }

  void start() {
    server_.register_session(id_, this->weak_from_this());
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
    thread_.idle.add(*this, now);
    ticket_.set_idle(true);
  }

  void stop_idling() {
    thread_.idle.remove(*this);
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
      bhttp::async_write(stream_, *continue_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
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
    parser_->eager(true);  // the body, not only the next part of it
    if (!feed_buffered_bytes()) return;
    if (parser_->is_done()) return dispatch();
    set_deadline(server_.limits.read_body_timeout);
    bhttp::async_read(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
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
    log::warn("rejected HTTP request", {{"remote_addr", remote_}, {"status", status}, {"reason", ec.message()}});
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
    bool queued = server_.pool.try_submit([self = this->shared_from_this()] {
      http::Response res = self->serve();
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
    write_head(head_, version, bodiless ? std::nullopt : std::optional<size_t>(length));
    std::array<asio::const_buffer, 2> buffers{asio::buffer(head_), asio::buffer(response_.body)};
    set_deadline(server_.limits.write_timeout);
    asio::async_write(stream_, buffers, [self = this->shared_from_this(), length](beast::error_code ec, size_t) {
      self->after_write(ec, length);
    });
  }

  void write_head(std::string& out, unsigned version, std::optional<size_t> content_length) const {
    out.clear();
    out += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    out += std::to_string(response_.status);
    out += ' ';
    out += bhttp::obsolete_reason(static_cast<bhttp::status>(response_.status));
    out += "\r\n";
    for (const auto& [name, value] : response_.headers.fields()) {
      if (http::iequals(name, "Content-Length") || http::iequals(name, "Date") || http::iequals(name, "Connection") ||
          http::iequals(name, "Transfer-Encoding")) {
        continue;  // the server's own, set below
      }
      append_field(out, name, value);
    }
    append_field(out, "Date", http_date());
    if (content_length) append_field(out, "Content-Length", std::to_string(*content_length));
    if (version != 10 && !keep_alive_) append_field(out, "Connection", "close");
    if (version == 10 && keep_alive_) append_field(out, "Connection", "keep-alive");
    out += "\r\n";
  }

  // Like Go's net/http, a line break inside a value becomes a space, so no field can split in two.
  static void append_field(std::string& out, std::string_view name, std::string_view value) {
    out += name;
    out += ": ";
    size_t start = out.size();
    out += value;
    // Two memchr scans (vectorised); find_first_of("\r\n") calls memchr once per byte of the value.
    if (std::memchr(value.data(), '\r', value.size()) || std::memchr(value.data(), '\n', value.size())) {
      for (size_t i = start; i < out.size(); ++i) {
        if (out[i] == '\r' || out[i] == '\n') out[i] = ' ';
      }
    }
    out += "\r\n";
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
    thread_.idle.remove(*this);
    if (closed_) return;
    closed_ = true;
    beast::error_code ignored;
    auto& socket = beast::get_lowest_layer(stream_);
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  }

  Server::Impl& server_;
  IoThread& thread_;
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

// ---------------------------------------------------------------------------------------------
// Accept loop for one listener.

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

AddressKey peer_address_key(const asio::ip::address& address) {
  if (address.is_v4())
    return address_key(asio::ip::make_address_v6(asio::ip::v4_mapped, address.to_v4()).to_bytes());
  return address_key(address.to_v6().to_bytes());
}

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(Server::Impl& server, std::shared_ptr<tcp::acceptor> acceptor, const http::Router& router,
           Server::Impl::TlsListener* tls)
      : server_(server),
        acceptor_(std::move(acceptor)),
        router_(router),
        tls_(tls),
        room_timer_(server.main_context()) {}

  void accept() {
    IoThread& thread = server_.next_thread();
    acceptor_->async_accept(thread.context,
                            [self = shared_from_this(), &thread](beast::error_code ec, tcp::socket socket) {
                              self->on_accept(ec, std::move(socket), thread);
                            });
  }

 private:
  // A connection admitted under its address's limit, on its way to becoming a session.
  struct Admitted {
    tcp::socket socket;
    IoThread& thread;
    ActiveConnectionsPerAddress::Ticket ticket;
    std::string remote;
  };

  void on_accept(beast::error_code ec, tcp::socket socket, IoThread& thread) {
    if (ec == asio::error::operation_aborted || !acceptor_->is_open()) return;
    if (ec) {
      // Out of file descriptors or a transient network error: pause briefly, keep accepting.
      log::warn("accept failed", {{"error", ec.message()}});
      auto timer = std::make_shared<asio::steady_timer>(server_.main_context(), std::chrono::milliseconds(50));
      timer->async_wait([self = shared_from_this(), timer](beast::error_code) { self->accept(); });
      return;
    }
    beast::error_code ignored;
    auto remote = socket.remote_endpoint(ignored);
    if (server_.draining || ignored) {  // stopping, or the peer has gone already
      socket.close(ignored);
      return accept();
    }
    std::string remote_text = endpoint_text(remote);
    auto ticket = server_.active_per_address.admit(peer_address_key(remote.address()), thread.index);
    if (!ticket) {
      // Closed unanswered: an answer would cost a TLS handshake on HTTPS listeners, and the client
      // is busy with its other connections already.
      if (auto skipped = over_address_limit_warnings_.due()) {
        log::warn("connection refused: too many connections in progress from one address",
                  {{"remote_addr", remote_text},
                   {"limit", server_.limits.max_active_connections_per_address},
                   {"skipped_warnings", *skipped}});
      }
      socket.close(ignored);
      return accept();
    }
    start_when_there_is_room(Admitted{std::move(socket), thread, std::move(*ticket), std::move(remote_text)});
  }

  // At the connection cap with no idle connection to close, the new connection waits, and the
  // listener with it (later clients wait in the kernel's listen backlog), until one closes. The
  // header timeout, which runs from the accept, frees connections that send nothing.
  void start_when_there_is_room(Admitted admitted) {
    if (server_.draining) return;  // the connection closes as `admitted` goes
    if (!server_.make_room()) {
      if (auto skipped = at_cap_warnings_.due()) {
        log::warn("connection limit reached; new connections wait until one closes",
                  {{"max_connections", server_.limits.max_connections}, {"skipped_warnings", *skipped}});
      }
      room_timer_.expires_after(kRoomRetry);
      room_timer_.async_wait(
          [self = shared_from_this(), admitted = std::move(admitted)](beast::error_code ec) mutable {
            if (!ec) self->start_when_there_is_room(std::move(admitted));
          });
      return;
    }
    start_session(std::move(admitted));
    accept();
  }

  void start_session(Admitted a) {
    beast::error_code ignored;
    a.socket.set_option(tcp::no_delay(true), ignored);
    // The session starts on its own connection's thread; from then on only that thread touches it.
    auto executor = a.socket.get_executor();
    if (tls_) {
      std::shared_ptr<ssl::context> context = tls_->context();
      ssl::context& context_ref = *context;
      auto session = std::make_shared<Session<beast::ssl_stream<tcp::socket>>>(
          server_, a.thread, std::move(a.ticket), router_, std::move(context), std::move(a.remote),
          std::move(a.socket), context_ref);
      asio::post(executor, [session] { session->start(); });
    } else {
      auto session = std::make_shared<Session<tcp::socket>>(
          server_, a.thread, std::move(a.ticket), router_, nullptr, std::move(a.remote), std::move(a.socket));
      asio::post(executor, [session] { session->start(); });
    }
  }

  static constexpr std::chrono::milliseconds kRoomRetry{10};

  Server::Impl& server_;
  std::shared_ptr<tcp::acceptor> acceptor_;
  const http::Router& router_;
  Server::Impl::TlsListener* tls_;  // null for plain HTTP
  asio::steady_timer room_timer_;
  WarningThrottle over_address_limit_warnings_;
  WarningThrottle at_cap_warnings_;
};

// ---------------------------------------------------------------------------------------------

namespace {

// How long an I/O thread may hold access-log lines before writing them.
constexpr std::chrono::milliseconds kLogFlushDelay{5};

tcp::endpoint resolve(asio::io_context& ioc, std::string_view address) {
  std::string host;
  uint16_t port = 0;
  if (!split_host_port(address, host, port))
    throw std::runtime_error(fmt::format("listen address \"{}\" is not host:port", address));
  if (host.empty()) return tcp::endpoint(tcp::v6(), port);  // all interfaces, v4 mapped
  beast::error_code ec;
  auto ip = asio::ip::make_address(host, ec);
  if (!ec) return tcp::endpoint(ip, port);
  tcp::resolver resolver(ioc);
  auto results = resolver.resolve(host, std::to_string(port), ec);
  if (ec || results.empty()) throw std::runtime_error(fmt::format("cannot resolve \"{}\": {}", host, ec.message()));
  return *results.begin();
}

}  // namespace

Server::Server(ServerLimits limits) : impl_(std::make_unique<Impl>(limits)) {}

Server::~Server() { shutdown(std::chrono::milliseconds(0)); }

uint16_t Server::listen(std::string_view name, std::string_view address, const http::Router& router,
                        std::optional<TlsSettings> tls) {
  Impl::TlsListener* tls_listener = nullptr;
  if (tls) {
    tls_listener =
        impl_->tls_listeners.emplace_back(std::make_unique<Impl::TlsListener>(std::string(name), *tls)).get();
  }
  tcp::endpoint endpoint = resolve(impl_->main_context(), address);
  auto acceptor = std::make_shared<tcp::acceptor>(impl_->main_context());
  beast::error_code ec;
  acceptor->open(endpoint.protocol(), ec);
  if (!ec && endpoint.address().is_v6() && endpoint.address().is_unspecified()) {
    acceptor->set_option(asio::ip::v6_only(false), ec);
  }
  if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor->bind(endpoint, ec);
  if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw std::runtime_error(fmt::format("listening for {} on {} failed: {}", name, address, ec.message()));
  uint16_t port = acceptor->local_endpoint().port();
  impl_->acceptors.push_back(acceptor);
  std::make_shared<Listener>(*impl_, acceptor, router, tls_listener)->accept();
  log::info(fmt::format("listening on {}", address),
            {{"server", std::string(name)}, {"port", port}, {"tls", tls.has_value()}});
  return port;
}

std::vector<std::string> Server::reload_tls() {
  std::vector<std::string> failures;
  for (auto& l : impl_->tls_listeners) {
    try {
      l->reload();
    } catch (const std::exception& e) {
      failures.push_back(fmt::format("{}: {}", l->name(), e.what()));
    }
  }
  return failures;
}

void Server::set_observer(ResponseObserver observer) { impl_->observer = std::move(observer); }

void Server::start() {
  impl_->started = true;
  impl_->sweep_timer.emplace(impl_->main_context());
  impl_->sweep();
  // Keeps run() going while a request sits on a worker and nothing else is pending on the I/O side.
  for (auto& thread : impl_->io_threads) {
    impl_->work.push_back(asio::make_work_guard(thread->context));
    impl_->threads.emplace_back([&ctx = thread->context] {
      // Access-log lines go out together, up to 4 KiB per write(2), at most kLogFlushDelay after
      // the first of them: under load that is one write per 15-20 requests instead of one each.
      asio::steady_timer flush_timer(ctx);
      log::ThreadLineBatch batch([&flush_timer] {
        flush_timer.expires_after(kLogFlushDelay);
        flush_timer.async_wait([](boost::system::error_code ec) {
          if (!ec) log::flush_thread_lines();
        });
      });
      ctx.run();
    });
  }
}

size_t Server::in_flight() const { return impl_->busy.load(); }

void Server::shutdown(std::chrono::milliseconds grace) {
  std::call_once(impl_->shutdown_once, [&] {
    Impl& s = *impl_;
    s.draining = true;
    // Close the acceptors on the I/O threads (or here when they never started).
    auto close_acceptors = [&s] {
      for (auto& a : s.acceptors) {
        beast::error_code ignored;
        a->close(ignored);
      }
    };
    if (s.started) {
      asio::post(s.main_context(), close_acceptors);
    } else {
      close_acceptors();
    }
    auto deadline = std::chrono::steady_clock::now() + grace;
    while (s.started) {
      auto live = s.live_sessions();
      for (auto& session : live) session->close_if_idle();
      live.clear();
      if (s.connections == 0 || std::chrono::steady_clock::now() >= deadline) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (s.busy > 0) log::warn("shutdown deadline passed with requests in flight", {{"in_flight", s.busy.load()}});
    s.work.clear();
    for (auto& thread : s.io_threads) thread->context.stop();
    for (auto& t : s.threads) {
      if (t.joinable()) t.join();
    }
    s.pool.stop();
  });
}

}  // namespace dexcc::net
