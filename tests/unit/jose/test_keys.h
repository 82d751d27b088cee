// Keys the jose unit tests share: the RFC example keys, and generated keys made once per process.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "base/base64.h"
#include "jose/jwk.h"
#include "rfc_vectors.h"

namespace dexcc::jose::testing {

inline Key key_from_jwk(std::string_view text) {
  auto jwk = parse_jwk(text);
  if (!jwk) ADD_FAILURE() << jwk.error().message;
  return jwk->key;
}

// RSA generation takes a noticeable fraction of a second: make each kind once.
inline const Key& generated_rsa() {
  static const Key key = *Key::generate_rsa(2048);
  return key;
}
inline const Key& generated_p256() {
  static const Key key = *Key::generate_ec(Curve::kP256);
  return key;
}
inline const Key& generated_p384() {
  static const Key key = *Key::generate_ec(Curve::kP384);
  return key;
}

// A token with one segment replaced by base64url(`json`), for header and payload tampering.
inline std::string with_segment(std::string_view token, int index, std::string_view raw) {
  size_t a = token.find('.'), b = token.find('.', a + 1);
  std::string parts[3] = {std::string(token.substr(0, a)), std::string(token.substr(a + 1, b - a - 1)),
                          std::string(token.substr(b + 1))};
  parts[index] = base::base64url_encode(raw);
  return parts[0] + "." + parts[1] + "." + parts[2];
}

}  // namespace dexcc::jose::testing
