// Prepared OpenSSL sign/verify contexts and the ECDSA DER <-> JWS r||s conversion.
#include "jose/digest_context.h"

#include <openssl/rsa.h>

#include <fmt/format.h>

namespace dexcc::jose::detail {
namespace {

// OpenSSL writes ECDSA signatures as DER SEQUENCE{INTEGER r, INTEGER s}; JWS wants r||s with
// each half left-padded to the curve size (RFC 7518 §3.4).
Result<void> der_to_raw(const unsigned char* der, size_t der_len, size_t half, std::string& out) {
  const unsigned char* p = der;
  EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der_len)));
  if (!sig) return crypto_failure("decoding the ECDSA signature failed");
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  std::string rb = bn_to_padded_bytes(r, half), sb = bn_to_padded_bytes(s, half);
  if (rb.empty() || sb.empty()) return fail(ErrorKind::kCrypto, "ECDSA signature value too large");
  out += rb;
  out += sb;
  return {};
}

Result<std::string> raw_to_der(std::string_view raw) {
  size_t half = raw.size() / 2;
  BnPtr r = bn_from_bytes(raw.substr(0, half)), s = bn_from_bytes(raw.substr(half));
  EcdsaSigPtr sig(ECDSA_SIG_new());
  if (!r || !s || !sig || ECDSA_SIG_set0(sig.get(), r.get(), s.get()) != 1) {
    return crypto_failure("building the ECDSA signature failed");
  }
  // ECDSA_SIG_set0 took ownership.
  (void)r.release();
  (void)s.release();
  unsigned char* der = nullptr;
  int len = i2d_ECDSA_SIG(sig.get(), &der);
  if (len <= 0) return crypto_failure("encoding the ECDSA signature failed");
  std::string out(reinterpret_cast<char*>(der), static_cast<size_t>(len));
  OPENSSL_free(der);
  return out;
}

}  // namespace

Result<DigestContext> DigestContext::create(const Key& key, Algorithm alg, Purpose purpose) {
  if (!key.suits(alg)) {
    return fail(ErrorKind::kKeyMismatch,
                fmt::format("{} key cannot be used with {}",
                            key.type() == KeyType::kRsa ? "an RSA" : "this EC", algorithm_name(alg)));
  }
  if (purpose == Purpose::kSign && !key.has_private()) {
    return fail(ErrorKind::kKeyMismatch, "signing needs a private key");
  }
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return crypto_failure("out of memory");
  EVP_PKEY_CTX* pctx = nullptr;
  const char* md = algorithm_digest(alg);
  int ok = purpose == Purpose::kSign
               ? EVP_DigestSignInit_ex(ctx.get(), &pctx, md, nullptr, nullptr, key.native(), nullptr)
               : EVP_DigestVerifyInit_ex(ctx.get(), &pctx, md, nullptr, nullptr, key.native(), nullptr);
  if (ok != 1) return crypto_failure("setting up the signature context failed");
  if (algorithm_is_pss(alg)) {
    // RFC 7518 §3.5: salt as long as the hash when signing. Verification accepts any salt
    // length, as go-jose (Go's rsa.VerifyPSS with nil options) does.
    int salt = purpose == Purpose::kSign ? RSA_PSS_SALTLEN_DIGEST : RSA_PSS_SALTLEN_AUTO;
    if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, salt) != 1) {
      return crypto_failure("setting up RSA-PSS failed");
    }
  }
  int max = EVP_PKEY_get_size(key.native());
  if (max <= 0) return crypto_failure("unknown signature size");
  return DigestContext(std::move(ctx), alg, key.signature_size(), static_cast<size_t>(max));
}

Result<MdCtxPtr> DigestContext::fresh() const {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_MD_CTX_copy_ex(ctx.get(), prepared_.get()) != 1) {
    return crypto_failure("copying the signature context failed");
  }
  // The copy is used once: let the final step work in place instead of on yet another copy.
  EVP_MD_CTX_set_flags(ctx.get(), EVP_MD_CTX_FLAG_FINALISE);
  return ctx;
}

Result<void> DigestContext::sign(std::string_view data, std::string& out) const {
  auto ctx = fresh();
  if (!ctx) return std::unexpected(ctx.error());
  unsigned char buf[1024];
  std::string heap;
  unsigned char* sig = buf;
  if (max_der_size_ > sizeof buf) {
    heap.resize(max_der_size_);
    sig = reinterpret_cast<unsigned char*>(heap.data());
  }
  size_t len = max_der_size_;
  if (EVP_DigestSignUpdate(ctx->get(), data.data(), data.size()) != 1 ||
      EVP_DigestSignFinal(ctx->get(), sig, &len) != 1) {
    return crypto_failure("signing failed");
  }
  if (algorithm_key_type(alg_) == KeyType::kEc) return der_to_raw(sig, len, signature_size_ / 2, out);
  out.append(reinterpret_cast<const char*>(sig), len);
  return {};
}

Result<void> DigestContext::verify(std::string_view data, std::string_view signature) const {
  // Go rejects RSA signatures shorter than the modulus, which OpenSSL would left-pad and accept.
  if (signature.size() != signature_size_) {
    return fail(ErrorKind::kBadSignature,
                fmt::format("{} signature has {} bytes, want {}", algorithm_name(alg_), signature.size(),
                            signature_size_));
  }
  std::string der;
  if (algorithm_key_type(alg_) == KeyType::kEc) {
    auto converted = raw_to_der(signature);
    if (!converted) return std::unexpected(converted.error());
    der = std::move(*converted);
    signature = der;
  }
  auto ctx = fresh();
  if (!ctx) return std::unexpected(ctx.error());
  int ok = EVP_DigestVerifyUpdate(ctx->get(), data.data(), data.size());
  if (ok == 1) {
    ok = EVP_DigestVerifyFinal(ctx->get(), reinterpret_cast<const unsigned char*>(signature.data()),
                               signature.size());
  }
  if (ok != 1) {
    return fail(ErrorKind::kBadSignature,
                drain_openssl_errors(fmt::format("{} signature does not verify", algorithm_name(alg_))));
  }
  return {};
}

}  // namespace dexcc::jose::detail
