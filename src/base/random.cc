// CSPRNG-backed identifiers and codes, byte-for-byte in dex's formats.
#include "base/random.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace dexcc::base {
namespace {

constexpr char kBase32Lower[] = "abcdefghijklmnopqrstuvwxyz234567";

// RFC 4648 base32 with the lowercase alphabet and no padding, like Go's
// base32.NewEncoding(...).EncodeToString followed by TrimRight("=").
std::string base32_nopad(std::string_view in) {
  std::string out;
  uint64_t acc = 0;
  int bits = 0;
  for (unsigned char c : in) {
    acc = (acc << 8) | c;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += kBase32Lower[(acc >> bits) & 31];
    }
  }
  if (bits > 0) out += kBase32Lower[(acc << (5 - bits)) & 31];
  return out;
}

std::string secure_id(size_t len) {
  std::string b = random_bytes(len);
  std::string out(1, static_cast<char>('a' + static_cast<unsigned char>(b[0]) % 26));
  out += base32_nopad(std::string_view(b).substr(1));
  return out;
}

void fill_from_openssl(unsigned char* out, size_t n) {
  if (RAND_bytes(out, static_cast<int>(n)) != 1) {
    std::fputs("dexcc: fatal: the OpenSSL random generator failed\n", stderr);
    std::abort();
  }
}

// Each RAND_bytes call has a fixed cost (a lock, re-keying the DRBG's AES-CTR) of about 9,000
// instructions, far above that of the bytes, and a request takes several IDs (its request ID
// alone is one). So each thread draws CSPRNG output in blocks of 2 KiB (a request ID's share of a
// draw is then about 70 instructions) and hands it out in order; a byte is handed out once and
// wiped from the block as it goes.
void draw(unsigned char* dst, size_t n) {
  struct Block {
    unsigned char bytes[2048];
    size_t used = sizeof bytes;
  };
  thread_local Block block;
  if (n == 0) return;
  if (n > sizeof block.bytes / 16) {
    fill_from_openssl(dst, n);  // a large request (a key, say) takes its own draw
    return;
  }
  if (n > sizeof block.bytes - block.used) {
    fill_from_openssl(block.bytes, sizeof block.bytes);
    block.used = 0;
  }
  std::memcpy(dst, block.bytes + block.used, n);
  OPENSSL_cleanse(block.bytes + block.used, n);
  block.used += n;
}

}  // namespace

std::string random_bytes(size_t n) {
  std::string out(n, '\0');
  draw(reinterpret_cast<unsigned char*>(out.data()), n);
  return out;
}

std::string new_id() { return secure_id(16); }
std::string new_device_code() { return secure_id(32); }
std::string new_hmac_key() { return secure_id(32); }

std::string new_user_code() {
  static constexpr char kLetters[] = "BCDFGHJKLMNPQRSTVWXZ";
  constexpr unsigned kCount = sizeof(kLetters) - 1;  // 20
  std::string out;
  out.reserve(9);
  while (out.size() < 9) {
    if (out.size() == 4) {
      out += '-';
      continue;
    }
    // Rejection sampling keeps the pick uniform: 240 is the largest multiple of 20 below 256.
    unsigned char c = static_cast<unsigned char>(random_bytes(1)[0]);
    if (c >= 240) continue;
    out += kLetters[c % kCount];
  }
  return out;
}

namespace {
constexpr char kHexDigits[] = "0123456789abcdef";
}  // namespace

// Written into one string of the final size: every request takes one for its request ID, and the
// substring concatenation this replaces cost ten allocations per call.
std::string new_uuid() {
  unsigned char b[16];
  draw(b, sizeof b);
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  std::string out(36, '-');
  size_t pos = 0;
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) ++pos;  // skip the dash already there
    out[pos++] = kHexDigits[b[i] >> 4];
    out[pos++] = kHexDigits[b[i] & 15];
  }
  return out;  // the bytes are in the ID itself: nothing secret is left to wipe
}

std::string hex_encode(std::string_view bytes) {
  std::string out(bytes.size() * 2, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    auto c = static_cast<unsigned char>(bytes[i]);
    out[2 * i] = kHexDigits[c >> 4];
    out[2 * i + 1] = kHexDigits[c & 15];
  }
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace dexcc::base
