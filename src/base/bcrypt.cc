// bcrypt over libxcrypt's crypt_r; each call gets its own crypt_data, so it is thread-safe.
#include "base/bcrypt.h"

#include <crypt.h>

#include <cstring>
#include <memory>
#include <stdexcept>

#include "base/random.h"

namespace dexcc::base {

std::optional<int> bcrypt_cost(std::string_view h) {
  // golang.org/x/crypto/bcrypt: minHashSize 59; '$' then major '2' then optional minor then '$'.
  if (h.size() < 59 || h[0] != '$' || h[1] != '2') return std::nullopt;
  size_t pos = 2;
  if (h[pos] != '$') ++pos;  // minor version letter (a, b, y, ...)
  if (h[pos] != '$') return std::nullopt;
  ++pos;
  if (h[pos] < '0' || h[pos] > '9' || h[pos + 1] < '0' || h[pos + 1] > '9' || h[pos + 2] != '$')
    return std::nullopt;
  int cost = (h[pos] - '0') * 10 + (h[pos + 1] - '0');
  if (cost < 4 || cost > 31) return std::nullopt;
  return cost;
}

bool bcrypt_verify(std::string_view password, std::string_view hash) {
  if (!bcrypt_cost(hash)) return false;
  // crypt_r wants NUL-terminated strings; a password holding NUL cannot match any bcrypt hash.
  if (password.find('\0') != std::string_view::npos) return false;
  auto data = std::make_unique<crypt_data>();
  std::memset(data.get(), 0, sizeof(crypt_data));
  std::string pw(password), setting(hash);
  const char* out = crypt_r(pw.c_str(), setting.c_str(), data.get());
  if (!out || out[0] == '*') return false;
  return constant_time_equal(out, hash);
}

std::string bcrypt_hash(std::string_view password, int cost) {
  std::string entropy = random_bytes(16);
  char salt[CRYPT_GENSALT_OUTPUT_SIZE];
  if (!crypt_gensalt_rn("$2a$", static_cast<unsigned long>(cost), entropy.data(),
                        static_cast<int>(entropy.size()), salt, sizeof salt)) {
    throw std::runtime_error("bcrypt: cannot make a salt");
  }
  auto data = std::make_unique<crypt_data>();
  std::memset(data.get(), 0, sizeof(crypt_data));
  std::string pw(password);
  const char* out = crypt_r(pw.c_str(), salt, data.get());
  if (!out || out[0] == '*') throw std::runtime_error("bcrypt: hashing failed");
  return out;
}

}  // namespace dexcc::base
