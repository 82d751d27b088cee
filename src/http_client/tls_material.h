// Internal to http_client: a Client's trust store and client certificate, parsed once with OpenSSL
// and installed into each new connection's SSL_CTX through libcurl's CURLOPT_SSL_CTX_FUNCTION.
//
// Why not CURLOPT_CAINFO_BLOB: libcurl would re-parse the PEM on every new connection, could not
// add certificates to the system roots (it replaces the bundle but keeps the compiled-in CA path),
// and could not trust an intermediate as an anchor, which Go's x509 pools do.
#pragma once

#include <openssl/types.h>

#include <expected>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dexcc::http_client::detail {

struct X509Free {
  void operator()(X509* cert) const;
};
using X509Ptr = std::unique_ptr<X509, X509Free>;

// Every CERTIFICATE block in `pem`, as Go's AppendCertsFromPEM reads them (other blocks skipped).
std::vector<X509Ptr> parse_certificates(std::string_view pem);

class TlsMaterial {
 public:
  // Fails (with a reason fit for a config error) when the PEM holds no certificate, the key does not
  // parse or does not match the certificate, or only one of certificate and key is given.
  static std::expected<std::shared_ptr<const TlsMaterial>, std::string> create(
      std::string_view root_ca_pem, bool trust_system_roots, std::string_view client_cert_pem,
      std::string_view client_key_pem);
  ~TlsMaterial();
  TlsMaterial(const TlsMaterial&) = delete;
  TlsMaterial& operator=(const TlsMaterial&) = delete;

  // Puts the trust store and client certificate into `ssl_ctx` (an SSL_CTX*); false on failure.
  bool install(void* ssl_ctx) const;

 private:
  TlsMaterial() = default;

  X509_STORE* store_ = nullptr;  // shared by every connection of the Client (reference-counted)
  X509Ptr client_cert_;
  std::vector<X509Ptr> client_chain_;
  EVP_PKEY* client_key_ = nullptr;
};

}  // namespace dexcc::http_client::detail
