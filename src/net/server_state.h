// ServerState: what the Server facade, its listeners and its connections share: the limits, the
// I/O threads, the worker pool, each listener's admission, the open connections and the counters.
// Internal to net/, like every header here but server.h.
#pragma once

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "net/admission.h"
#include "net/connection.h"
#include "net/deadline_sweep.h"
#include "net/server.h"
#include "net/tls_context.h"
#include "net/worker_pool.h"

namespace dexcc::net {

// One I/O thread's event loop. Each connection is pinned to one: its handlers are serialised
// without a strand, and the threads share no scheduler (no lock hand-offs and futex wake-ups
// between them for every completion).
struct IoThread {
  explicit IoThread(size_t i) : index(i) {}
  size_t index;
  boost::asio::io_context context{1};
};

struct ServerState {
  explicit ServerState(ServerLimits limits);
  ~ServerState();

  // Round-robin choice of the I/O thread for the next connection.
  IoThread& next_thread() { return *io_threads[next_thread_index++ % io_threads.size()]; }
  // Listeners, their retry timers, the sweep and the first connection's context.
  boost::asio::io_context& main_context() { return io_threads.front()->context; }
  // Connections admitted by any listener and not yet closed.
  size_t open_connections() const;

  ServerLimits limits;
  ResponseObserver observer;
  std::atomic<bool> draining{false};
  std::atomic<size_t> busy{0};  // requests being read, run or written
  std::vector<std::unique_ptr<Admission>> admissions;  // one per listener, added before start()
  OpenConnections connections;
  std::vector<std::unique_ptr<ReloadableTlsContext>> tls_contexts;  // filled before start(), then fixed
  std::vector<std::shared_ptr<boost::asio::ip::tcp::acceptor>> acceptors;
  std::vector<std::thread> threads;
  WorkerPool pool;
  bool started = false;
  std::once_flag shutdown_once;

  std::atomic<size_t> next_thread_index{0};
  std::vector<std::unique_ptr<IoThread>> io_threads;  // destroyed by ~ServerState, first to last
  std::vector<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work;
  std::optional<DeadlineSweep> sweep;  // on the main context
};

}  // namespace dexcc::net
