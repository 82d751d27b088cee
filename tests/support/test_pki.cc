// TestCa over the OpenSSL 3 X509 API.
#include "support/test_pki.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>

#include <stdexcept>
#include <utility>

namespace dexcc::testing {
namespace {

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test PKI: ") + what);
}

std::string cert_to_pem(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(size));
  BIO_free(bio);
  return pem;
}

std::string key_to_pem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  char* data = nullptr;
  long size = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(size));
  BIO_free(bio);
  return pem;
}

void add_extension(X509* cert, X509V3_CTX* ctx, int nid, const std::string& value) {
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, ctx, nid, value.c_str());
  check(extension != nullptr, "extension");
  X509_add_ext(cert, extension, -1);
  X509_EXTENSION_free(extension);
}

bool is_ip_literal(const std::string& name) {
  unsigned char buffer[16];
  return inet_pton(AF_INET, name.c_str(), buffer) == 1 || inet_pton(AF_INET6, name.c_str(), buffer) == 1;
}

}  // namespace

TestCa::TestCa(const std::string& common_name) {
  sign_new(common_name, "", "", /*is_ca=*/true, &key_, &cert_);
  cert_pem_ = cert_to_pem(cert_);
}

TestCa::TestCa(TestCa&& other) noexcept
    : key_(std::exchange(other.key_, nullptr)),
      cert_(std::exchange(other.cert_, nullptr)),
      cert_pem_(std::move(other.cert_pem_)) {}

TestCa::~TestCa() {
  X509_free(cert_);
  EVP_PKEY_free(key_);
}

void TestCa::sign_new(const std::string& common_name, const std::string& subject_alt_name,
                      const std::string& extended_key_usage, bool is_ca, EVP_PKEY** key_out,
                      X509** cert_out) const {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  check(key != nullptr, "key generation");
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;
  BIGNUM* serial_number = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(serial_number, X509_get_serialNumber(cert));
  BN_free(serial_number);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0);
  // A CA without a key yet signs itself.
  const bool self_signed = key_ == nullptr;
  X509* issuer = self_signed ? cert : cert_;
  EVP_PKEY* issuer_key = self_signed ? key : key_;
  X509_set_issuer_name(cert, X509_get_subject_name(issuer));
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  if (is_ca) {
    add_extension(cert, &ctx, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(cert, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_extension(cert, &ctx, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert, &ctx, NID_key_usage, "critical,digitalSignature");
    add_extension(cert, &ctx, NID_ext_key_usage, extended_key_usage);
  }
  add_extension(cert, &ctx, NID_subject_key_identifier, "hash");
  if (!self_signed) add_extension(cert, &ctx, NID_authority_key_identifier, "keyid");
  if (!subject_alt_name.empty()) add_extension(cert, &ctx, NID_subject_alt_name, subject_alt_name);
  check(X509_sign(cert, issuer_key, EVP_sha256()) > 0, "signing");
  *key_out = key;
  *cert_out = cert;
}

CertificateAndKey TestCa::issue_leaf(const std::string& common_name, const std::string& subject_alt_name,
                                     const std::string& extended_key_usage) const {
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  sign_new(common_name, subject_alt_name, extended_key_usage, false, &key, &cert);
  CertificateAndKey out{cert_to_pem(cert), key_to_pem(key)};
  X509_free(cert);
  EVP_PKEY_free(key);
  return out;
}

CertificateAndKey TestCa::issue_server(const std::vector<std::string>& names, bool also_client) const {
  std::string san;
  for (const std::string& name : names) {
    if (!san.empty()) san += ',';
    san += (is_ip_literal(name) ? "IP:" : "DNS:") + name;
  }
  return issue_leaf(names.empty() ? "server" : names.front(), san,
                    also_client ? "serverAuth,clientAuth" : "serverAuth");
}

CertificateAndKey TestCa::issue_client(const std::string& common_name) const {
  return issue_leaf(common_name, "", "clientAuth");
}

TestCa TestCa::issue_intermediate(const std::string& common_name) const {
  TestCa intermediate;
  sign_new(common_name, "", "", true, &intermediate.key_, &intermediate.cert_);
  intermediate.cert_pem_ = cert_to_pem(intermediate.cert_);
  return intermediate;
}

}  // namespace dexcc::testing
