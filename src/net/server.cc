// Server: the facade over the listeners, the I/O threads and the worker pool; start and shutdown.
#include "net/server.h"

#include <fmt/format.h>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <thread>

#include "base/log.h"
#include "net/listener.h"
#include "net/server_state.h"

namespace dexcc::net {
namespace {

namespace asio = boost::asio;

// How long an I/O thread may hold access-log lines before writing them.
constexpr std::chrono::milliseconds kLogFlushDelay{5};

}  // namespace

Server::Server(ServerLimits limits) : state_(std::make_unique<ServerState>(limits)) {}

Server::~Server() { shutdown(std::chrono::milliseconds(0)); }

uint16_t Server::listen(std::string_view name, std::string_view address, const http::Router& router,
                        std::optional<TlsSettings> tls) {
  ReloadableTlsContext* tls_context = nullptr;
  if (tls) {
    tls_context =
        state_->tls_contexts.emplace_back(std::make_unique<ReloadableTlsContext>(std::string(name), *tls))
            .get();
  }
  uint16_t port = open_listener(*state_, name, address, router, tls_context);
  log::info(fmt::format("listening on {}", address),
            {{"server", std::string(name)}, {"port", port}, {"tls", tls.has_value()}});
  return port;
}

std::vector<std::string> Server::reload_tls() {
  std::vector<std::string> failures;
  for (auto& l : state_->tls_contexts) {
    try {
      l->reload();
    } catch (const std::exception& e) {
      failures.push_back(fmt::format("{}: {}", l->listener_name(), e.what()));
    }
  }
  return failures;
}

void Server::set_observer(ResponseObserver observer) {
  state_->observer = std::move(observer);
}

void Server::start() {
  state_->started = true;
  size_t cap = fit_to_open_file_limit(state_->limits.max_connections, state_->admissions.size());
  for (auto& admission : state_->admissions) admission->set_max_connections(cap);
  state_->sweep.emplace(state_->main_context(), state_->connections, sweep_period(state_->limits));
  state_->sweep->start();
  // Keeps run() going while a request sits on a worker and nothing else is pending on the I/O side.
  for (auto& thread : state_->io_threads) {
    state_->work.push_back(asio::make_work_guard(thread->context));
    state_->threads.emplace_back([&ctx = thread->context] {
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

size_t Server::in_flight() const {
  return state_->busy.load();
}

void Server::shutdown(std::chrono::milliseconds grace) {
  std::call_once(state_->shutdown_once, [&] {
    ServerState& s = *state_;
    s.draining = true;
    // Close the acceptors on the I/O threads (or here when they never started).
    auto close_acceptors = [&s] {
      for (auto& a : s.acceptors) {
        boost::system::error_code ignored;
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
      auto live = s.connections.live();
      for (auto& connection : live) connection->close_if_idle();
      live.clear();
      if (s.open_connections() == 0 || std::chrono::steady_clock::now() >= deadline) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (s.busy > 0)
      log::warn("shutdown deadline passed with requests in flight", {{"in_flight", s.busy.load()}});
    s.work.clear();
    for (auto& thread : s.io_threads) thread->context.stop();
    for (auto& t : s.threads) {
      if (t.joinable()) t.join();
    }
    s.pool.stop();
  });
}

}  // namespace dexcc::net
