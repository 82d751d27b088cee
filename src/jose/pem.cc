// PEM private key reading through OpenSSL's decoder, handed to jose::Key's checks.
#include "jose/pem.h"

#include <openssl/bio.h>
#include <openssl/pem.h>

#include <climits>

#include "jose/openssl_util.h"

namespace dexcc::jose {
namespace {

// No passphrase: an encrypted key fails to decode instead of prompting on the terminal.
int no_passphrase(char*, int, int, void*) {
  return -1;
}

}  // namespace

Result<Key> parse_private_key_pem(std::string_view pem) {
  if (pem.size() > INT_MAX) return fail(ErrorKind::kMalformed, "PEM too large");
  std::unique_ptr<BIO, detail::Free<BIO_free>> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return detail::crypto_failure("BIO_new_mem_buf");
  EVP_PKEY* pkey = PEM_read_bio_PrivateKey(bio.get(), nullptr, &no_passphrase, nullptr);
  if (pkey == nullptr) {
    detail::drain_openssl_errors("PEM_read_bio_PrivateKey");
    return fail(ErrorKind::kMalformed, "no PEM private key found");
  }
  return Key::adopt(pkey);
}

Result<std::string> private_key_pem(const Key& key) {
  if (!key.has_private()) return fail(ErrorKind::kKeyMismatch, "not a private key");
  std::unique_ptr<BIO, detail::Free<BIO_free>> bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.native(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return detail::crypto_failure("PEM_write_bio_PrivateKey");
  }
  char* data = nullptr;
  long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

}  // namespace dexcc::jose
