// Remembers the assertions already used until they expire, so one response cannot log in twice.
#pragma once

#include <map>
#include <mutex>
#include <string>

#include "base/clock.h"

namespace dexcc::connector::saml {

class ReplayCache {
 public:
  explicit ReplayCache(size_t max_entries = 100000) : max_entries_(max_entries) {}
  // False when `key` was seen and has not expired; otherwise remembers it until `until`.
  bool first_use(const std::string& key, base::Time until, base::Time now);

 private:
  std::mutex mu_;
  size_t max_entries_;
  std::map<std::string, base::Time> seen_;
};

}  // namespace dexcc::connector::saml
