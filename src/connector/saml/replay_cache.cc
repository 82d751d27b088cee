// Expired entries are dropped on each insert; past the cap, the oldest-expiring go first.
#include "connector/saml/replay_cache.h"

#include <algorithm>
#include <vector>

namespace dexcc::connector::saml {

bool ReplayCache::first_use(const std::string& key, base::Time until, base::Time now) {
  std::lock_guard lock(mu_);
  auto it = seen_.find(key);
  if (it != seen_.end() && it->second >= now) return false;
  std::erase_if(seen_, [&](const auto& e) { return e.second < now; });
  if (seen_.size() >= max_entries_) {
    auto oldest = std::min_element(seen_.begin(), seen_.end(),
                                   [](const auto& a, const auto& b) { return a.second < b.second; });
    seen_.erase(oldest);
  }
  seen_[key] = until;
  return true;
}

}  // namespace dexcc::connector::saml
