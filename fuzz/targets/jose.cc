// Fuzz target: compact JWS parsing, JWK import, JWT claims and refresh-token/sub decoding, as
// reached by /userinfo, /token/introspect, /token and the connectors.
#include <cstdint>
#include <string>

#include "jose/jwk.h"
#include "jose/jws.h"
#include "jose/jwt.h"
#include "oauth2/refresh_token.h"
#include "oauth2/subject.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);
  if (auto jws = dexcc::jose::parse_compact(in)) {
    if (auto claims = dexcc::jose::parse_claims(jws->payload)) {
      (void)dexcc::jose::check_claims(*claims, {.now = dexcc::base::Time{}, .issuer = "https://x"});
    }
  }
  (void)dexcc::jose::parse_jwk(in);
  (void)dexcc::jose::parse_jwk_set(in);
  auto wire = dexcc::oauth2::decode_refresh_token(in);
  if (!wire.legacy) {
    // A decodable token re-encodes to something that decodes to the same fields.
    auto round = dexcc::oauth2::decode_refresh_token(dexcc::oauth2::encode_refresh_token(wire.refresh_id, wire.token));
    if (round.refresh_id != wire.refresh_id || round.token != wire.token) __builtin_trap();
  }
  if (auto sub = dexcc::oauth2::decode_subject(in)) {
    auto back = dexcc::oauth2::decode_subject(dexcc::oauth2::encode_subject(sub->user_id, sub->conn_id));
    if (!back || back->user_id != sub->user_id || back->conn_id != sub->conn_id) __builtin_trap();
  }
  return 0;
}
