// Nearest-rank percentiles over the raw samples (runs are short, so keeping every sample is cheap
// and exact, unlike a histogram's buckets).
#include "load/latency.h"

#include <algorithm>
#include <cmath>

namespace dexcc::bench {

uint64_t percentile(std::vector<uint64_t>& samples, double p) {
  if (samples.empty()) return 0;
  size_t rank = static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(samples.size())));
  size_t index = std::clamp<size_t>(rank, 1, samples.size()) - 1;
  std::nth_element(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(index), samples.end());
  return samples[index];
}

}  // namespace dexcc::bench
