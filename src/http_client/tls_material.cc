// The Client's OpenSSL trust store and client certificate, and how they reach libcurl's SSL_CTX.
#include "http_client/tls_material.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

namespace dexcc::http_client::detail {
namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};

std::unique_ptr<BIO, BioFree> memory_bio(std::string_view bytes) {
  return std::unique_ptr<BIO, BioFree>(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
}

}  // namespace

void X509Free::operator()(X509* cert) const {
  X509_free(cert);
}

std::vector<X509Ptr> parse_certificates(std::string_view pem) {
  std::vector<X509Ptr> certs;
  auto bio = memory_bio(pem);
  if (!bio) return certs;
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) certs.emplace_back(cert);
  // The loop ends on end-of-input or a damaged block; neither should linger in this thread's queue.
  ERR_clear_error();
  return certs;
}

std::expected<std::shared_ptr<const TlsMaterial>, std::string> TlsMaterial::create(
    std::string_view root_ca_pem, bool trust_system_roots, std::string_view client_cert_pem,
    std::string_view client_key_pem) {
  std::shared_ptr<TlsMaterial> material(new TlsMaterial());
  material->store_ = X509_STORE_new();
  if (material->store_ == nullptr) return std::unexpected("cannot allocate a certificate store");
  if (trust_system_roots) {
    // OpenSSL's default locations honour SSL_CERT_FILE and SSL_CERT_DIR, as Go's system pool does.
    X509_STORE_set_default_paths(material->store_);
    ERR_clear_error();
  }
  if (!root_ca_pem.empty()) {
    auto roots = parse_certificates(root_ca_pem);
    if (roots.empty()) return std::unexpected("no certificates found in the root CA PEM");
    for (const auto& root : roots) X509_STORE_add_cert(material->store_, root.get());
    ERR_clear_error();  // a certificate already in the store is not an error
  } else if (!trust_system_roots) {
    return std::unexpected("no root CA given and the system roots are not trusted");
  }
  // Any certificate in the pool is an anchor, as in Go: an intermediate given as root CA works.
  X509_STORE_set_flags(material->store_, X509_V_FLAG_PARTIAL_CHAIN);

  if (client_cert_pem.empty() != client_key_pem.empty()) {
    return std::unexpected("a client certificate needs both the certificate and its key");
  }
  if (client_cert_pem.empty()) return material;
  auto chain = parse_certificates(client_cert_pem);
  if (chain.empty()) return std::unexpected("no certificate found in the client certificate PEM");
  material->client_cert_ = std::move(chain.front());
  material->client_chain_.assign(std::make_move_iterator(chain.begin() + 1),
                                 std::make_move_iterator(chain.end()));
  auto key_bio = memory_bio(client_key_pem);
  material->client_key_ =
      key_bio ? PEM_read_bio_PrivateKey(key_bio.get(), nullptr, nullptr, nullptr) : nullptr;
  ERR_clear_error();
  if (material->client_key_ == nullptr) return std::unexpected("the client key is not a PEM private key");
  if (X509_check_private_key(material->client_cert_.get(), material->client_key_) != 1) {
    ERR_clear_error();
    return std::unexpected("the client key does not match the client certificate");
  }
  return material;
}

TlsMaterial::~TlsMaterial() {
  X509_STORE_free(store_);
  EVP_PKEY_free(client_key_);
}

bool TlsMaterial::install(void* ssl_ctx) const {
  auto* ctx = static_cast<SSL_CTX*>(ssl_ctx);
  SSL_CTX_set1_cert_store(ctx, store_);
  if (client_cert_) {
    if (SSL_CTX_use_certificate(ctx, client_cert_.get()) != 1) return false;
    for (const auto& cert : client_chain_) {
      if (SSL_CTX_add1_chain_cert(ctx, cert.get()) != 1) return false;
    }
    if (SSL_CTX_use_PrivateKey(ctx, client_key_) != 1) return false;
  }
  return true;
}

}  // namespace dexcc::http_client::detail
