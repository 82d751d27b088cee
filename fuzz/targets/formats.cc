// Fuzz target: the small text formats: base64 variants, Go durations, timestamps, bcrypt hashes.
#include <cstdint>
#include <string>

#include "base/base64.h"
#include "base/bcrypt.h"
#include "base/duration.h"
#include "base/time_format.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);
  if (auto d = dexcc::base::base64url_decode(in)) {
    if (dexcc::base::base64url_decode(dexcc::base::base64url_encode(*d)) != d) __builtin_trap();
  }
  if (auto d = dexcc::base::base64_decode(in)) {
    if (dexcc::base::base64_encode(*d).size() != in.size()) __builtin_trap();
  }
  if (auto d = dexcc::base::parse_go_duration(in)) {
    if (dexcc::base::parse_go_duration(dexcc::base::format_go_duration(*d)) != d) __builtin_trap();
  }
  (void)dexcc::base::parse_rfc3339(in);
  (void)dexcc::base::parse_sqlite_time(in);
  (void)dexcc::base::bcrypt_cost(in);
  return 0;
}
