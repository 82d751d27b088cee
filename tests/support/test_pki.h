// A throw-away PKI for tests that speak TLS: a CA made at test time, and server or client
// certificates it signs, all as PEM text (EC P-256, valid from an hour ago for a day).
#pragma once

#include <openssl/types.h>

#include <string>
#include <vector>

namespace dexcc::testing {

struct CertificateAndKey {
  std::string cert_pem;
  std::string key_pem;
};

class TestCa {
 public:
  explicit TestCa(const std::string& common_name);
  ~TestCa();
  TestCa(TestCa&& other) noexcept;
  TestCa& operator=(TestCa&&) = delete;

  const std::string& cert_pem() const { return cert_pem_; }

  // A server certificate whose subjectAltName lists `names`: DNS names or IP literals. With
  // `also_client` it may serve as a client certificate too (etcd's gateway dials etcd with it).
  CertificateAndKey issue_server(const std::vector<std::string>& names, bool also_client = false) const;
  CertificateAndKey issue_client(const std::string& common_name) const;
  // A CA signed by this one, which can issue certificates in turn.
  TestCa issue_intermediate(const std::string& common_name) const;

 private:
  TestCa() = default;
  // Signs a new key's certificate with this CA (or itself when this CA has no key yet).
  void sign_new(const std::string& common_name, const std::string& subject_alt_name,
                const std::string& extended_key_usage, bool is_ca, EVP_PKEY** key, X509** cert) const;
  CertificateAndKey issue_leaf(const std::string& common_name, const std::string& subject_alt_name,
                               const std::string& extended_key_usage) const;

  EVP_PKEY* key_ = nullptr;
  X509* cert_ = nullptr;
  std::string cert_pem_;
};

}  // namespace dexcc::testing
