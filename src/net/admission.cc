// The connection cap (fitted to the open-file limit) and the choice of the idle connection to evict.
#include "net/admission.h"

#include <sys/resource.h>

#include <algorithm>

#include "base/log.h"

namespace dexcc::net {
namespace {

// Descriptors kept out of the connection cap for whatever else the process opens: storage and
// upstream connections, files, the listeners.
constexpr size_t kDescriptorsForTheRest = 256;

}  // namespace

size_t fit_to_open_file_limit(size_t configured, size_t listeners) {
  rlimit limit{};
  if (listeners == 0 || getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) {
    return configured;
  }
  size_t descriptors = limit.rlim_cur;
  size_t usable =
      descriptors > 2 * kDescriptorsForTheRest ? descriptors - kDescriptorsForTheRest : descriptors / 2;
  size_t each = std::max<size_t>(1, usable / listeners);
  if (each >= configured) return configured;
  log::warn("max_connections lowered to fit the open-file limit", {{"max_connections", configured},
                                                                   {"lowered_to", each},
                                                                   {"listeners", listeners},
                                                                   {"open_file_limit", descriptors}});
  return each;
}

Admission::Admission(size_t max_connections, size_t max_active_per_address, size_t io_threads)
    : max_connections_(max_connections),
      max_active_per_address_(max_active_per_address),
      io_threads_(io_threads),
      active_per_address_(max_active_per_address, io_threads),
      idle_(std::make_unique<IdleConnections[]>(io_threads)) {}

std::optional<size_t> Admission::claim_longest_idle() {
  std::optional<size_t> oldest;
  IdleConnections::Clock::time_point oldest_since = IdleConnections::Clock::time_point::max();
  for (size_t i = 0; i < io_threads_; ++i) {
    auto since = idle_[i].oldest_unclaimed();
    if (since && *since < oldest_since) {
      oldest = i;
      oldest_since = *since;
    }
  }
  if (!oldest || !idle_[*oldest].try_claim()) return std::nullopt;
  return oldest;
}

}  // namespace dexcc::net
