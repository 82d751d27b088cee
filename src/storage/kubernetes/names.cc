// FNV-1 64 and the lowercase base32 alphabet dex uses for Kubernetes object names.
#include "storage/kubernetes/names.h"

#include <cstdint>

namespace dexcc::storage::kubernetes {
namespace {

constexpr uint64_t kFnvOffset = 14695981039346656037ull;
constexpr uint64_t kFnvPrime = 1099511628211ull;

// FNV-1 (multiply, then xor), as Go's hash/fnv New64.
uint64_t fnv1_64(uint64_t h, std::string_view bytes) {
  for (unsigned char c : bytes) {
    h *= kFnvPrime;
    h ^= c;
  }
  return h;
}

void append_big_endian(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

// RFC 4648 base32 with dex's alphabet and no padding (dex trims the '=').
std::string base32_lower(std::string_view bytes) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 5) {
      out.push_back(kAlphabet[(buffer >> (bits - 5)) & 31]);
      bits -= 5;
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (5 - bits)) & 31]);
  return out;
}

}  // namespace

std::string id_to_name(std::string_view id) {
  std::string bytes(id);
  append_big_endian(bytes, kFnvOffset);  // the hash of nothing
  return base32_lower(bytes);
}

std::string offline_session_name(std::string_view user_id, std::string_view conn_id) {
  std::string bytes;
  append_big_endian(bytes, fnv1_64(fnv1_64(kFnvOffset, user_id), conn_id));
  return base32_lower(bytes);
}

}  // namespace dexcc::storage::kubernetes
