// Checking the PEM files with Go's error texts (os.ReadFile, tls.LoadX509KeyPair, AppendCertsFromPEM).
#include "api/tls_files.h"

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

namespace dexcc::api {
namespace {

// Go's *PathError text: "<op> <path>: <errno text in lower case>".
std::string path_error(const char* op, const std::string& path, int err) {
  std::string text = std::strerror(err);
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return fmt::format("{} {}: {}", op, path, text);
}

base::Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return base::fail(path_error("open", path, errno));
  struct stat st {};
  if (stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    return base::fail(path_error("read", path, EISDIR));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
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

// tls.LoadX509KeyPair's checks: a certificate, a key, and the key belonging to the certificate.
base::Result<void> check_key_pair(const std::string& cert_pem, const std::string& key_pem) {
  auto cert = first_certificate(cert_pem);
  if (!cert) return base::fail("tls: failed to find any PEM data in certificate input");
  auto bio = memory_bio(key_pem);
  std::unique_ptr<EVP_PKEY, KeyFree> key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (!key) return base::fail("tls: failed to find any PEM data in key input");
  if (X509_check_private_key(cert.get(), key.get()) != 1)
    return base::fail("tls: private key does not match public key");
  return {};
}

}  // namespace

base::Result<void> check_tls_files(const config::Grpc& options) {
  auto failed = [](const std::string& why) { return base::fail("invalid config: get gRPC TLS: " + why); };
  auto cert = read_file(options.tls_cert);
  if (!cert) return failed("loading TLS keypair: " + cert.error().message);
  auto key = read_file(options.tls_key);
  if (!key) return failed("loading TLS keypair: " + key.error().message);
  auto pair = check_key_pair(*cert, *key);
  ERR_clear_error();  // nothing of these checks may linger in this thread's OpenSSL error queue
  if (!pair) return failed("loading TLS keypair: " + pair.error().message);
  if (!options.tls_client_ca.empty()) {
    auto ca = read_file(options.tls_client_ca);
    if (!ca) return failed("reading from client CA file: " + ca.error().message);
    bool parsed = first_certificate(*ca) != nullptr;
    ERR_clear_error();
    if (!parsed) return failed("failed to parse client CA");
  }
  return {};
}

}  // namespace dexcc::api
