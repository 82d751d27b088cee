// The sweep timer: each period, every open connection past its deadline is told to close.
#include "net/deadline_sweep.h"

#include <algorithm>

namespace dexcc::net {

std::chrono::milliseconds sweep_period(const ServerLimits& limits) {
  auto shortest = std::min({limits.idle_timeout, limits.read_header_timeout, limits.read_body_timeout,
                            limits.write_timeout, std::chrono::milliseconds(2000)});
  return std::clamp(shortest / 4, std::chrono::milliseconds(5), std::chrono::milliseconds(500));
}

DeadlineSweep::DeadlineSweep(boost::asio::io_context& context, OpenConnections& connections,
                             std::chrono::milliseconds period)
    : timer_(context), connections_(connections), period_(period) {}

void DeadlineSweep::arm() {
  timer_.expires_after(period_);
  timer_.async_wait([this](boost::system::error_code ec) {
    if (ec) return;  // cancelled: the server is stopping
    auto now = SteadyClock::now();
    for (auto& connection : connections_.live()) {
      if (connection->expired(now)) connection->close_if_expired();
    }
    arm();
  });
}

}  // namespace dexcc::net
