// Latency samples from all workers and the percentiles the report prints.
#pragma once

#include <cstdint>
#include <vector>

namespace dexcc::bench {

// Percentile `p` (0..100) of `samples` in nanoseconds, by nearest rank; sorts in place.
uint64_t percentile(std::vector<uint64_t>& samples, double p);

}  // namespace dexcc::bench
