// Go's bcrypt hash parsing (golang.org/x/crypto/bcrypt newFromHash) as far as Cost reads it.
#include "api/password_hash.h"

#include <fmt/format.h>

namespace dexcc::api {
namespace {

constexpr size_t kMinHashSize = 59;
constexpr int kMinCost = 4, kMaxCost = 31;
constexpr int kDefaultCost = 10;  // dex's lower bound is bcrypt.DefaultCost
constexpr int kUpperBoundCost = 16, kRecommendedCost = 12;

// Go's %c of a byte: the rune with that value, UTF-8 encoded.
std::string go_char(unsigned char c) {
  if (c < 0x80) return std::string(1, static_cast<char>(c));
  return {static_cast<char>(0xC0 | (c >> 6)), static_cast<char>(0x80 | (c & 0x3F))};
}

// Go's %q of a short byte string, enough for the two bytes Atoi is given.
std::string go_quote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
    } else {
      out += fmt::format("\\x{:02x}", c);
    }
  }
  return out + "\"";
}

// strconv.Atoi of a two-byte string: an optional sign, then decimal digits.
base::Result<int> go_atoi(std::string_view s) {
  std::string_view digits = s;
  bool negative = false;
  if (!digits.empty() && (digits[0] == '+' || digits[0] == '-')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  if (digits.empty()) return base::fail(fmt::format("strconv.Atoi: parsing {}: invalid syntax", go_quote(s)));
  int value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9')
      return base::fail(fmt::format("strconv.Atoi: parsing {}: invalid syntax", go_quote(s)));
    value = value * 10 + (c - '0');
  }
  return negative ? -value : value;
}

}  // namespace

base::Result<int> go_bcrypt_cost(std::string_view hash) {
  if (hash.size() < kMinHashSize)
    return base::fail("crypto/bcrypt: hashedSecret too short to be a bcrypted password");
  auto c0 = static_cast<unsigned char>(hash[0]), c1 = static_cast<unsigned char>(hash[1]);
  if (c0 != '$') {
    return base::fail(fmt::format(
        "crypto/bcrypt: bcrypt hashes must start with '$', but hashedSecret started with '{}'", go_char(c0)));
  }
  if (c1 > '2') {
    return base::fail(fmt::format(
        "crypto/bcrypt: bcrypt algorithm version '{}' requested is newer than current version '2'",
        go_char(c1)));
  }
  size_t n = hash[2] == '$' ? 3 : 4;  // "$2$" or "$2a$": a minor version letter is optional
  auto cost = go_atoi(hash.substr(n, 2));
  if (!cost) return cost;
  if (*cost < kMinCost || *cost > kMaxCost) {
    return base::fail(
        fmt::format("crypto/bcrypt: cost {} is outside allowed range ({},{})", *cost, kMinCost, kMaxCost));
  }
  return cost;
}

base::Result<void> check_hash_cost(std::string_view hash) {
  auto cost = go_bcrypt_cost(hash);
  if (!cost) return base::fail("parsing bcrypt hash: " + cost.error().message);
  if (*cost < kDefaultCost) {
    return base::fail(
        fmt::format("given hash cost = {} does not meet minimum cost requirement = {}", *cost, kDefaultCost));
  }
  if (*cost > kUpperBoundCost) {
    return base::fail(
        fmt::format("given hash cost = {} is above upper bound cost = {}, recommended cost = {}", *cost,
                    kUpperBoundCost, kRecommendedCost));
  }
  return {};
}

}  // namespace dexcc::api
