// PEM file reading and checks with OpenSSL, worded as Go's crypto/tls and os packages.
#include "base/pem_files.h"

#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

namespace dexcc::base {
namespace {

// Go's *PathError text: "<op> <path>: <errno text in lower case>".
std::string path_error(const char* op, const std::string& path, int err) {
  std::string text = std::strerror(err);
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return fmt::format("{} {}: {}", op, path, text);
}

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};

std::unique_ptr<BIO, BioFree> memory_bio(const std::string& pem) {
  return std::unique_ptr<BIO, BioFree>(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

std::unique_ptr<X509, X509Free> first_certificate(const std::string& pem) {
  auto bio = memory_bio(pem);
  return std::unique_ptr<X509, X509Free>(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

}  // namespace

Result<std::string> read_file_go(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(path_error("open", path, errno));
  struct stat st {};
  if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return fail(path_error("read", path, EISDIR));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool has_pem_certificate(const std::string& pem) {
  bool found = first_certificate(pem) != nullptr;
  ERR_clear_error();  // nothing of this check may linger in this thread's OpenSSL error queue
  return found;
}

Result<void> check_pem_key_pair(const std::string& cert_pem, const std::string& key_pem) {
  auto checked = [&]() -> Result<void> {
    auto cert = first_certificate(cert_pem);
    if (!cert) return fail("tls: failed to find any PEM data in certificate input");
    auto bio = memory_bio(key_pem);
    std::unique_ptr<EVP_PKEY, KeyFree> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key) return fail("tls: failed to find any PEM data in key input");
    if (X509_check_private_key(cert.get(), key.get()) != 1)
      return fail("tls: private key does not match public key");
    return {};
  }();
  ERR_clear_error();
  return checked;
}

}  // namespace dexcc::base
