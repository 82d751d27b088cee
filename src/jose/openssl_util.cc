// OpenSSL error-queue draining and BIGNUM/byte conversions for the jose module.
#include "jose/openssl_util.h"

#include <openssl/err.h>

namespace dexcc::jose::detail {
namespace {

// Far above any key size we accept (16384-bit RSA is 2 KiB); keeps int conversions safe.
constexpr size_t kMaxBnBytes = 64 * 1024;

}  // namespace

std::string drain_openssl_errors(std::string_view what) {
  std::string message(what);
  bool first = true;
  while (unsigned long code = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(code, buf, sizeof buf);
    message += first ? ": " : "; ";
    message += buf;
    first = false;
  }
  return message;
}

std::string bn_to_bytes(const BIGNUM* bn) {
  std::string out(static_cast<size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

std::string bn_to_padded_bytes(const BIGNUM* bn, size_t size) {
  std::string out(size, '\0');
  if (BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(size)) < 0) return {};
  return out;
}

BnPtr bn_from_bytes(std::string_view bytes) {
  if (bytes.size() > kMaxBnBytes) return nullptr;
  return BnPtr(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()),
                         nullptr));
}

Result<PkeyPtr> pkey_from_params(const char* type, int selection, OSSL_PARAM* params) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* pkey = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &pkey, selection, params) != 1) {
    return crypto_failure("building the key failed");
  }
  return PkeyPtr(pkey);
}

}  // namespace dexcc::jose::detail
