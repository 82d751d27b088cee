// Key generation, adoption checks and copies of jose::Key.
#include "jose/key.h"

#include <openssl/core_names.h>
#include <openssl/err.h>

#include <fmt/format.h>

#include <utility>

#include "jose/openssl_util.h"
#include "jose/rsa_keygen.h"

namespace dexcc::jose {
namespace {

// RFC 7518 §3.3 asks for 2048 bits; 1024-bit keys still appear at some upstream providers and
// Go verifies them, so verification accepts them. The upper bound caps verification cost.
constexpr int kMinRsaBits = 1024;
constexpr int kMinGeneratedRsaBits = 2048;
constexpr int kMaxRsaBits = 16384;

std::optional<Curve> curve_of(EVP_PKEY* pkey) {
  char name[64];
  size_t len = 0;
  if (EVP_PKEY_get_group_name(pkey, name, sizeof name, &len) != 1) return std::nullopt;
  std::string_view n(name, len);
  if (n == "prime256v1" || n == "P-256") return Curve::kP256;
  if (n == "secp384r1" || n == "P-384") return Curve::kP384;
  return std::nullopt;
}

// Probing for a parameter that may be absent must not leave errors on the queue.
bool has_bn_param(EVP_PKEY* pkey, const char* name) {
  ERR_set_mark();
  BIGNUM* bn = nullptr;
  bool present = EVP_PKEY_get_bn_param(pkey, name, &bn) == 1;
  BN_clear_free(bn);
  ERR_pop_to_mark();
  return present;
}

}  // namespace

Result<Key> Key::generate_rsa(int bits) {
  if (bits < kMinGeneratedRsaBits || bits > kMaxRsaBits) {
    return fail(ErrorKind::kUnsupported,
                fmt::format("RSA key size {} not in {}..{}", bits, kMinGeneratedRsaBits, kMaxRsaBits));
  }
  auto pkey = detail::generate_rsa_from_primes(bits);
  if (!pkey) return std::unexpected(pkey.error());
  return adopt(pkey->release());
}

Result<Key> Key::generate_ec(Curve curve) {
  if (curve == Curve::kNone) return fail(ErrorKind::kUnsupported, "no curve given for an EC key");
  const char* group = curve == Curve::kP256 ? "P-256" : "P-384";
  EVP_PKEY* pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", group);
  if (pkey == nullptr) return detail::crypto_failure("EC key generation failed");
  return adopt(pkey);
}

Result<Key> Key::adopt(EVP_PKEY* raw) {
  detail::PkeyPtr pkey(raw);
  if (!pkey) return fail(ErrorKind::kMalformed, "no key");
  int bits = EVP_PKEY_get_bits(pkey.get());
  if (EVP_PKEY_is_a(pkey.get(), "RSA")) {
    if (bits < kMinRsaBits || bits > kMaxRsaBits) {
      return fail(ErrorKind::kUnsupported,
                  fmt::format("RSA key size {} not in {}..{}", bits, kMinRsaBits, kMaxRsaBits));
    }
    bool priv = has_bn_param(pkey.get(), OSSL_PKEY_PARAM_RSA_D);
    return Key(pkey.release(), KeyType::kRsa, Curve::kNone, bits, priv);
  }
  if (EVP_PKEY_is_a(pkey.get(), "EC")) {
    auto curve = curve_of(pkey.get());
    if (!curve) return fail(ErrorKind::kUnsupported, "EC key on an unsupported curve");
    bool priv = has_bn_param(pkey.get(), OSSL_PKEY_PARAM_PRIV_KEY);
    return Key(pkey.release(), KeyType::kEc, *curve, bits, priv);
  }
  return fail(ErrorKind::kUnsupported, "key type is neither RSA nor EC");
}

Key::Key(const Key& other)
    : pkey_(other.pkey_),
      type_(other.type_),
      curve_(other.curve_),
      bits_(other.bits_),
      has_private_(other.has_private_) {
  if (pkey_ != nullptr) EVP_PKEY_up_ref(pkey_);
}

Key& Key::operator=(const Key& other) {
  if (this != &other) *this = Key(other);
  return *this;
}

Key::Key(Key&& other) noexcept
    : pkey_(std::exchange(other.pkey_, nullptr)),
      type_(other.type_),
      curve_(other.curve_),
      bits_(other.bits_),
      has_private_(other.has_private_) {}

Key& Key::operator=(Key&& other) noexcept {
  if (this != &other) {
    EVP_PKEY_free(pkey_);
    pkey_ = std::exchange(other.pkey_, nullptr);
    type_ = other.type_;
    curve_ = other.curve_;
    bits_ = other.bits_;
    has_private_ = other.has_private_;
  }
  return *this;
}

Key::~Key() {
  EVP_PKEY_free(pkey_);
}

size_t Key::signature_size() const {
  if (type_ == KeyType::kRsa) return static_cast<size_t>((bits_ + 7) / 8);
  return 2 * curve_size(curve_);
}

bool Key::suits(Algorithm alg) const {
  if (algorithm_key_type(alg) != type_) return false;
  return type_ == KeyType::kRsa || algorithm_curve(alg) == curve_;
}

Result<Key> Key::public_key() const {
  if (!has_private_) return *this;
  OSSL_PARAM* raw_params = nullptr;
  if (EVP_PKEY_todata(pkey_, EVP_PKEY_PUBLIC_KEY, &raw_params) != 1) {
    return detail::crypto_failure("exporting the public key failed");
  }
  detail::ParamsPtr params(raw_params);
  auto pkey =
      detail::pkey_from_params(type_ == KeyType::kRsa ? "RSA" : "EC", EVP_PKEY_PUBLIC_KEY, params.get());
  if (!pkey) return std::unexpected(pkey.error());
  return adopt(pkey->release());
}

bool Key::same_public_key(const Key& other) const {
  ERR_set_mark();
  bool same = EVP_PKEY_eq(pkey_, other.pkey_) == 1;
  ERR_pop_to_mark();
  return same;
}

}  // namespace dexcc::jose
