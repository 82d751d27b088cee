// JWK import (with go-jose's validation) and export (with go-jose's member order).
#include "jose/jwk.h"

#include <openssl/core_names.h>

#include <fmt/format.h>

#include <optional>

#include "base/base64.h"
#include "base/secret_string.h"
#include "jose/openssl_util.h"

namespace dexcc::jose {
namespace {

using detail::BnPtr;
using nlohmann::json;
using nlohmann::ordered_json;

// Reads the optional string member `name`; null counts as absent, as in Go's encoding/json.
Result<std::optional<std::string>> string_member(const json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return std::nullopt;
  if (!it->is_string())
    return fail(ErrorKind::kMalformed, fmt::format("JWK member \"{}\" is not a string", name));
  return it->get<std::string>();
}

// The decoded bytes of an optional base64url member; private members (d, p, q, ...) come this way,
// so both the text and the bytes are wiped when done with.
Result<std::optional<base::SecretString>> bytes_member(const json& object, const char* name) {
  auto text = string_member(object, name);
  if (!text) return std::unexpected(text.error());
  if (!*text) return std::nullopt;
  base::SecretString encoded(std::move(**text));
  auto bytes = base::base64url_decode(encoded.str());
  if (!bytes) return fail(ErrorKind::kMalformed, fmt::format("JWK member \"{}\" is not base64url", name));
  return base::SecretString(std::move(*bytes));
}

Result<base::SecretString> required_bytes(const json& object, const char* name, std::string_view kty) {
  auto bytes = bytes_member(object, name);
  if (!bytes) return std::unexpected(bytes.error());
  if (!*bytes) return fail(ErrorKind::kMalformed, fmt::format("{} JWK lacks \"{}\"", kty, name));
  return std::move(**bytes);
}

std::unexpected<Error> malformed(std::string message) {
  return fail(ErrorKind::kMalformed, std::move(message));
}

// --- RSA ------------------------------------------------------------------------------------

struct RsaCrt {
  BnPtr dp, dq, qi;
};

// d mod (p-1), d mod (q-1), q^-1 mod p; also checks n = p*q and d*e = 1 mod (p-1) and (q-1), as
// Go's rsa.PrivateKey.Validate does.
Result<RsaCrt> rsa_crt(const BIGNUM* n, const BIGNUM* e, const BIGNUM* d, const BIGNUM* p, const BIGNUM* q) {
  detail::BnCtxPtr ctx(BN_CTX_secure_new());
  BnPtr pq(BN_new()), p1(BN_dup(p)), q1(BN_dup(q)), de(BN_new()), r(BN_new());
  RsaCrt crt{BnPtr(BN_new()), BnPtr(BN_new()), BnPtr(BN_new())};
  if (!ctx || !pq || !p1 || !q1 || !de || !r || !crt.dp || !crt.dq || !crt.qi) {
    return detail::crypto_failure("out of memory");
  }
  if (BN_cmp(p, BN_value_one()) <= 0 || BN_cmp(q, BN_value_one()) <= 0)
    return malformed("RSA JWK has a prime <= 1");
  if (!BN_mul(pq.get(), p, q, ctx.get()) || !BN_sub_word(p1.get(), 1) || !BN_sub_word(q1.get(), 1) ||
      !BN_mul(de.get(), d, e, ctx.get())) {
    return detail::crypto_failure("RSA arithmetic failed");
  }
  if (BN_cmp(pq.get(), n) != 0) return malformed("RSA JWK: n is not p*q");
  for (const BIGNUM* m : {p1.get(), q1.get()}) {
    if (!BN_mod(r.get(), de.get(), m, ctx.get())) return detail::crypto_failure("RSA arithmetic failed");
    if (!BN_is_one(r.get())) return malformed("RSA JWK: d is not the inverse of e");
  }
  if (!BN_mod(crt.dp.get(), d, p1.get(), ctx.get()) || !BN_mod(crt.dq.get(), d, q1.get(), ctx.get()) ||
      BN_mod_inverse(crt.qi.get(), q, p, ctx.get()) == nullptr) {
    return detail::crypto_failure("RSA CRT values could not be computed");
  }
  return crt;
}

// Go reads e into an int; OpenSSL and every JOSE library expect a small odd exponent.
Result<void> check_rsa_public(const BIGNUM* n, const BIGNUM* e) {
  if (!BN_is_odd(n)) return malformed("RSA JWK: n is even");
  if (!BN_is_odd(e) || BN_cmp(e, BN_value_one()) <= 0 || BN_num_bits(e) > 31) {
    return fail(ErrorKind::kUnsupported, "RSA JWK: unsupported public exponent");
  }
  return {};
}

Result<Key> parse_rsa(const json& object) {
  auto n_bytes = required_bytes(object, "n", "RSA");
  if (!n_bytes) return std::unexpected(n_bytes.error());
  auto e_bytes = required_bytes(object, "e", "RSA");
  if (!e_bytes) return std::unexpected(e_bytes.error());
  BnPtr n = detail::bn_from_bytes(*n_bytes), e = detail::bn_from_bytes(*e_bytes);
  if (!n || !e) return malformed("RSA JWK: n or e too large");
  if (auto ok = check_rsa_public(n.get(), e.get()); !ok) return std::unexpected(ok.error());

  auto d_bytes = bytes_member(object, "d");
  if (!d_bytes) return std::unexpected(d_bytes.error());
  detail::ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld || !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e.get())) {
    return detail::crypto_failure("out of memory");
  }
  // Kept alive until the parameters are built: OSSL_PARAM_BLD holds pointers to them.
  BnPtr d, p, q;
  RsaCrt crt;
  if (*d_bytes) {
    auto p_bytes = required_bytes(object, "p", "RSA private");
    if (!p_bytes) return std::unexpected(p_bytes.error());
    auto q_bytes = required_bytes(object, "q", "RSA private");
    if (!q_bytes) return std::unexpected(q_bytes.error());
    d = detail::bn_from_bytes(**d_bytes);
    p = detail::bn_from_bytes(*p_bytes);
    q = detail::bn_from_bytes(*q_bytes);
    if (!d || !p || !q) return malformed("RSA JWK: d, p or q too large");
    auto computed = rsa_crt(n.get(), e.get(), d.get(), p.get(), q.get());
    if (!computed) return std::unexpected(computed.error());
    crt = std::move(*computed);
    // dp, dq and qi are optional in go-jose; when given they must be the values of this key.
    for (auto [name, value] : {std::pair{"dp", crt.dp.get()}, {"dq", crt.dq.get()}, {"qi", crt.qi.get()}}) {
      auto given = bytes_member(object, name);
      if (!given) return std::unexpected(given.error());
      if (*given) {
        BnPtr bn = detail::bn_from_bytes(**given);
        if (!bn || BN_cmp(bn.get(), value) != 0) return malformed(fmt::format("RSA JWK: wrong \"{}\"", name));
      }
    }
    if (!OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_D, d.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR1, p.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_FACTOR2, q.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT1, crt.dp.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_EXPONENT2, crt.dq.get()) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_COEFFICIENT1, crt.qi.get())) {
      return detail::crypto_failure("out of memory");
    }
  }
  detail::ParamsPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  if (!params) return detail::crypto_failure("out of memory");
  auto pkey = detail::pkey_from_params("RSA", d ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get());
  if (!pkey) return malformed(pkey.error().message);
  return Key::adopt(pkey->release());
}

// --- EC -------------------------------------------------------------------------------------

Result<Key> parse_ec(const json& object) {
  auto crv_name = string_member(object, "crv");
  if (!crv_name) return std::unexpected(crv_name.error());
  if (!*crv_name) return malformed("EC JWK lacks \"crv\"");
  auto curve = parse_curve(**crv_name);
  if (!curve)
    return fail(ErrorKind::kUnsupported, fmt::format("unsupported elliptic curve \"{}\"", **crv_name));
  size_t size = curve_size(*curve);

  auto x = required_bytes(object, "x", "EC");
  if (!x) return std::unexpected(x.error());
  auto y = required_bytes(object, "y", "EC");
  if (!y) return std::unexpected(y.error());
  // RFC 7518 §6.2.1.2: the full coordinate size, as go-jose insists.
  if (x->size() != size || y->size() != size) return malformed("EC JWK: wrong length for x or y");
  auto d_bytes = bytes_member(object, "d");
  if (!d_bytes) return std::unexpected(d_bytes.error());
  if (*d_bytes && (*d_bytes)->size() != size) return malformed("EC JWK: wrong length for d");

  std::string point = "\x04" + x->str() + y->str();
  detail::ParamBldPtr bld(OSSL_PARAM_BLD_new());
  BnPtr d;
  std::string group(curve_name(*curve));
  if (!bld || !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group.c_str(), 0) ||
      !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size())) {
    return detail::crypto_failure("out of memory");
  }
  if (*d_bytes) {
    d = detail::bn_from_bytes(**d_bytes);
    if (!d || !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get())) {
      return detail::crypto_failure("out of memory");
    }
  }
  detail::ParamsPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  if (!params) return detail::crypto_failure("out of memory");
  auto pkey = detail::pkey_from_params("EC", d ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get());
  if (!pkey) return malformed(pkey.error().message);

  // The point must be on the curve and in its subgroup; a private d must produce that point.
  detail::PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey->get(), nullptr));
  if (!check) return detail::crypto_failure("out of memory");
  int ok = d ? EVP_PKEY_check(check.get()) : EVP_PKEY_public_check(check.get());
  if (ok != 1) return malformed(detail::drain_openssl_errors("EC JWK: invalid key"));
  return Key::adopt(pkey->release());
}

// --- export ---------------------------------------------------------------------------------

Result<std::string> bn_param(const Key& key, const char* name, size_t pad = 0) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(key.native(), name, &raw) != 1) {
    return detail::crypto_failure(fmt::format("reading key parameter {} failed", name));
  }
  BnPtr bn(raw);
  base::SecretString bytes = pad ? detail::bn_to_padded_bytes(bn.get(), pad) : detail::bn_to_bytes(bn.get());
  if (bytes.empty()) return fail(ErrorKind::kCrypto, fmt::format("key parameter {} out of range", name));
  return base::base64url_encode(bytes.str());
}

void put_if(ordered_json& out, const char* name, const std::string& value) {
  if (!value.empty()) out[name] = value;
}

// Appends members in order; stops at the first failure.
Result<void> put_params(ordered_json& out, const Key& key,
                        std::initializer_list<std::pair<const char*, const char*>> members, size_t pad) {
  for (auto [member, param] : members) {
    auto value = bn_param(key, param, pad);
    if (!value) return std::unexpected(value.error());
    out[member] = std::move(*value);
  }
  return {};
}

}  // namespace

Result<Jwk> jwk_from_json(const json& object) {
  if (!object.is_object()) return malformed("JWK is not a JSON object");
  std::optional<std::string> members[4];
  const char* names[4] = {"kty", "kid", "alg", "use"};
  for (int i = 0; i < 4; ++i) {
    auto value = string_member(object, names[i]);
    if (!value) return std::unexpected(value.error());
    members[i] = std::move(*value);
  }
  const auto& kty = members[0];
  if (!kty) return malformed("JWK lacks \"kty\"");
  Result<Key> key = *kty == "RSA" ? parse_rsa(object)
                    : *kty == "EC"
                        ? parse_ec(object)
                        : fail(ErrorKind::kUnsupported, fmt::format("unsupported JWK key type \"{}\"", *kty));
  if (!key) return std::unexpected(key.error());
  return Jwk{std::move(*key), members[1].value_or(""), members[2].value_or(""), members[3].value_or("")};
}

Result<Jwk> parse_jwk(std::string_view json_text) {
  json object = json::parse(json_text, nullptr, false);
  if (object.is_discarded()) return malformed("JWK is not valid JSON");
  return jwk_from_json(object);
}

Result<std::vector<Jwk>> parse_jwk_set(std::string_view json_text) {
  json set = json::parse(json_text, nullptr, false);
  if (set.is_discarded() || !set.is_object()) return malformed("JWK set is not a JSON object");
  auto keys = set.find("keys");
  if (keys == set.end() || !keys->is_array()) return malformed("JWK set lacks a \"keys\" array");
  std::vector<Jwk> out;
  out.reserve(keys->size());
  for (const auto& member : *keys) {
    auto jwk = jwk_from_json(member);
    if (jwk) {
      out.push_back(std::move(*jwk));
    } else if (jwk.error().kind != ErrorKind::kUnsupported) {
      return std::unexpected(jwk.error());
    }
  }
  return out;
}

Result<ordered_json> jwk_public_json(const Jwk& jwk) {
  const Key& key = jwk.key;
  ordered_json out = ordered_json::object();
  put_if(out, "use", jwk.use);
  out["kty"] = key.type() == KeyType::kRsa ? "RSA" : "EC";
  put_if(out, "kid", jwk.kid);
  if (key.type() == KeyType::kEc) out["crv"] = curve_name(key.curve());
  put_if(out, "alg", jwk.alg);
  Result<void> ok =
      key.type() == KeyType::kRsa
          ? put_params(out, key, {{"n", OSSL_PKEY_PARAM_RSA_N}, {"e", OSSL_PKEY_PARAM_RSA_E}}, 0)
          : put_params(out, key, {{"x", OSSL_PKEY_PARAM_EC_PUB_X}, {"y", OSSL_PKEY_PARAM_EC_PUB_Y}},
                       curve_size(key.curve()));
  if (!ok) return std::unexpected(ok.error());
  return out;
}

Result<ordered_json> jwk_private_json(const Jwk& jwk) {
  if (!jwk.key.has_private()) return fail(ErrorKind::kKeyMismatch, "not a private key");
  auto out = jwk_public_json(jwk);
  if (!out) return out;
  Result<void> ok =
      jwk.key.type() == KeyType::kRsa
          ? put_params(*out, jwk.key,
                       {{"d", OSSL_PKEY_PARAM_RSA_D},
                        {"p", OSSL_PKEY_PARAM_RSA_FACTOR1},
                        {"q", OSSL_PKEY_PARAM_RSA_FACTOR2},
                        {"dp", OSSL_PKEY_PARAM_RSA_EXPONENT1},
                        {"dq", OSSL_PKEY_PARAM_RSA_EXPONENT2},
                        {"qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1}},
                       0)
          : put_params(*out, jwk.key, {{"d", OSSL_PKEY_PARAM_PRIV_KEY}}, curve_size(jwk.key.curve()));
  if (!ok) return std::unexpected(ok.error());
  return out;
}

}  // namespace dexcc::jose
