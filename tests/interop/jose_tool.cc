// Test-only command-line front end to dexcc's jose module, so an independent JOSE implementation
// (npm `jose`, in jose_interop.mjs) can exchange keys and tokens with it. Not part of the product.
//
//   jose_tool generate    {"kty":"RSA"|"EC","crv":"P-256","kid":"..","alg":".."} -> private JWK
//   jose_tool public      JWK                                    -> public JWK (go-jose order)
//   jose_tool thumbprint  JWK                                    -> RFC 7638 thumbprint
//   jose_tool sign        {"jwk":{..},"alg":"RS256","kid":"..","payload":".."} -> compact JWS
//   jose_tool verify      {"jwk":{..},"token":".."}              -> {"alg","kid","payload"}
//
// Input is one JSON value on stdin; output goes to stdout. A refusal exits 1 with
// "<kind>: <message>" on stderr, a usage error exits 2.
#include <nlohmann/json.hpp>

#include <iostream>
#include <iterator>
#include <string>
#include <string_view>

#include "base/go_json.h"
#include "jose/jose.h"

namespace {

using dexcc::jose::Error;
using nlohmann::json;

const char* kind_name(dexcc::jose::ErrorKind kind) {
  switch (kind) {
    case dexcc::jose::ErrorKind::kMalformed:
      return "malformed";
    case dexcc::jose::ErrorKind::kUnsupported:
      return "unsupported";
    case dexcc::jose::ErrorKind::kKeyMismatch:
      return "key-mismatch";
    case dexcc::jose::ErrorKind::kBadSignature:
      return "bad-signature";
    case dexcc::jose::ErrorKind::kInvalidClaims:
      return "invalid-claims";
    case dexcc::jose::ErrorKind::kCrypto:
      return "crypto";
  }
  return "?";
}

int refuse(const Error& e) {
  std::cerr << kind_name(e.kind) << ": " << e.message << "\n";
  return 1;
}

std::string text_member(const json& in, const char* name) {
  auto it = in.find(name);
  return it != in.end() && it->is_string() ? it->get<std::string>() : std::string();
}

dexcc::jose::Result<dexcc::jose::Key> generate(const json& in) {
  if (text_member(in, "kty") == "RSA") return dexcc::jose::Key::generate_rsa(2048);
  auto curve = dexcc::jose::parse_curve(text_member(in, "crv"));
  if (!curve) return dexcc::jose::fail(dexcc::jose::ErrorKind::kUnsupported, "unknown curve");
  return dexcc::jose::Key::generate_ec(*curve);
}

int run(std::string_view command, const json& in) {
  using namespace dexcc::jose;
  if (command == "generate") {
    auto key = generate(in);
    if (!key) return refuse(key.error());
    auto out = jwk_private_json(Jwk{*key, text_member(in, "kid"), text_member(in, "alg"), "sig"});
    if (!out) return refuse(out.error());
    std::cout << dexcc::base::go_json_dump(*out) << "\n";
    return 0;
  }
  if (command == "public" || command == "thumbprint") {
    auto jwk = jwk_from_json(in);
    if (!jwk) return refuse(jwk.error());
    if (command == "thumbprint") {
      auto thumbprint = jwk_thumbprint(jwk->key);
      if (!thumbprint) return refuse(thumbprint.error());
      std::cout << *thumbprint << "\n";
      return 0;
    }
    auto pub = jwk->key.public_key();
    if (!pub) return refuse(pub.error());
    auto out = jwk_public_json(Jwk{*pub, jwk->kid, jwk->alg, jwk->use});
    if (!out) return refuse(out.error());
    std::cout << dexcc::base::go_json_dump(*out) << "\n";
    return 0;
  }
  if (command == "sign") {
    auto jwk = jwk_from_json(in.value("jwk", json()));
    if (!jwk) return refuse(jwk.error());
    auto alg = parse_algorithm(text_member(in, "alg"));
    if (!alg) return refuse(Error{ErrorKind::kUnsupported, "unknown alg"});
    auto signer = JwsSigner::create(jwk->key, *alg, text_member(in, "kid"));
    if (!signer) return refuse(signer.error());
    auto token = signer->sign(text_member(in, "payload"));
    if (!token) return refuse(token.error());
    std::cout << *token << "\n";
    return 0;
  }
  if (command == "verify") {
    auto jwk = jwk_from_json(in.value("jwk", json()));
    if (!jwk) return refuse(jwk.error());
    auto jws = parse_compact(text_member(in, "token"));
    if (!jws) return refuse(jws.error());
    if (auto ok = verify_signature(*jws, jwk->key); !ok) return refuse(ok.error());
    json out = {{"alg", algorithm_name(jws->alg)}, {"kid", jws->kid}, {"payload", jws->payload}};
    std::cout << out.dump() << "\n";
    return 0;
  }
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: jose_tool generate|public|thumbprint|sign|verify < input.json\n";
    return 2;
  }
  std::string input{std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
  json in = json::parse(input, nullptr, false);
  if (in.is_discarded()) {
    std::cerr << "input is not JSON\n";
    return 2;
  }
  int rc = run(argv[1], in);
  if (rc == 2) std::cerr << "unknown command " << argv[1] << "\n";
  return rc;
}
