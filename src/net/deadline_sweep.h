// DeadlineSweep: one timer that closes the connections whose current phase has run past its
// deadline, a few times a second, instead of a timer armed and cancelled for every read and write.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>

#include "net/connection.h"
#include "net/server.h"

namespace dexcc::net {

// A quarter of the shortest timeout, between 5 ms and 500 ms: a deadline is enforced at most that
// late (a 10 s header timeout fires within 10.5 s).
std::chrono::milliseconds sweep_period(const ServerLimits& limits);

class DeadlineSweep {
 public:
  // Runs on `context` until the sweep is destroyed or the context stops.
  DeadlineSweep(boost::asio::io_context& context, OpenConnections& connections,
                std::chrono::milliseconds period);
  void start() { arm(); }

 private:
  void arm();

  boost::asio::steady_timer timer_;
  OpenConnections& connections_;
  std::chrono::milliseconds period_;
};

}  // namespace dexcc::net
