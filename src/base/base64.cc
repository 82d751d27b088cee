// Base64 encoders and decoders, written out by hand because they sit on hot token paths.
#include "base/base64.h"

#include <array>
#include <cstdint>

namespace dexcc::base {
namespace {

constexpr char kStd[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char kUrl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<int8_t, 256> make_table(const char* alphabet) {
  std::array<int8_t, 256> t{};
  for (auto& v : t) v = -1;
  for (int i = 0; i < 64; ++i) t[static_cast<uint8_t>(alphabet[i])] = static_cast<int8_t>(i);
  return t;
}
constexpr auto kStdTable = make_table(kStd);
constexpr auto kUrlTable = make_table(kUrl);

std::string encode(std::string_view in, const char* alphabet, bool pad) {
  size_t rest = in.size() % 3;
  size_t size = in.size() / 3 * 4 + (rest == 0 ? 0 : pad ? 4 : rest + 1);
  // Sized once and written through a pointer: appending char by char cost ~14 instructions a byte.
  std::string out(size, '=');
  char* o = out.data();
  auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<uint8_t>(in[k])); };
  size_t i = 0;
  for (; i + 3 <= in.size(); i += 3, o += 4) {
    uint32_t v = (b(i) << 16) | (b(i + 1) << 8) | b(i + 2);
    o[0] = alphabet[(v >> 18) & 63];
    o[1] = alphabet[(v >> 12) & 63];
    o[2] = alphabet[(v >> 6) & 63];
    o[3] = alphabet[v & 63];
  }
  if (rest > 0) {
    uint32_t v = (b(i) << 16) | (rest == 2 ? b(i + 1) << 8 : 0);
    o[0] = alphabet[(v >> 18) & 63];
    o[1] = alphabet[(v >> 12) & 63];
    if (rest == 2) o[2] = alphabet[(v >> 6) & 63];
  }
  return out;
}

// Decodes unpadded groups; the caller strips/validates padding. Rejects non-zero trailing bits,
// as Go's strict decoders do, so that every encoding has exactly one decoding.
std::optional<std::string> decode(std::string_view in, const std::array<int8_t, 256>& table) {
  if (in.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(in.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int8_t v = table[static_cast<uint8_t>(c)];
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

}  // namespace

std::string base64url_encode(std::string_view bytes) { return encode(bytes, kUrl, false); }

std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 0) {
    size_t pad = 0;
    while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
    text.remove_suffix(pad);
  }
  return decode(text, kUrlTable);
}

std::string base64_encode(std::string_view bytes) { return encode(bytes, kStd, true); }

std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  size_t pad = 0;
  while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
  text.remove_suffix(pad);
  return decode(text, kStdTable);
}

}  // namespace dexcc::base
