// FakeUpstream over LoopbackServer, with OpenSSL for its TLS side.
#include "support/fake_upstream.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>

#include <stdexcept>

namespace dexcc::testing {
namespace {

const char* reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 404:
      return "Not Found";
    default:
      return "Status";
  }
}

std::string render(const FakeResponse& response) {
  std::string out =
      "HTTP/1.1 " + std::to_string(response.status) + " " + reason_phrase(response.status) + "\r\n";
  for (const auto& [name, value] : response.headers) out += name + ": " + value + "\r\n";
  if (!response.close_delimited) out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  out += "\r\n";
  out += response.body;
  return out;
}

SSL_CTX* make_tls_context(const FakeTls& tls) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (tls.tls12_only) SSL_CTX_set_max_proto_version(ctx, TLS1_2_VERSION);
  BIO* bio = BIO_new_mem_buf(tls.cert_pem.data(), static_cast<int>(tls.cert_pem.size()));
  X509* leaf = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  SSL_CTX_use_certificate(ctx, leaf);
  X509_free(leaf);
  while (X509* intermediate = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
    SSL_CTX_add0_chain_cert(ctx, intermediate);
  }
  BIO_free(bio);
  bio = BIO_new_mem_buf(tls.key_pem.data(), static_cast<int>(tls.key_pem.size()));
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  bool ok = key != nullptr && SSL_CTX_use_PrivateKey(ctx, key) == 1;
  EVP_PKEY_free(key);
  if (!tls.client_ca_pem.empty()) {
    bio = BIO_new_mem_buf(tls.client_ca_pem.data(), static_cast<int>(tls.client_ca_pem.size()));
    X509* ca = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    ok = ok && ca != nullptr && X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), ca) == 1;
    if (ca != nullptr) SSL_CTX_add_client_CA(ctx, ca);
    X509_free(ca);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  }
  ERR_clear_error();
  if (!ok) {
    SSL_CTX_free(ctx);
    throw std::runtime_error("FakeUpstream: bad TLS certificate or key");
  }
  return ctx;
}

std::string peer_common_name(SSL* ssl) {
  X509* peer = SSL_get1_peer_certificate(ssl);
  if (peer == nullptr) return "";
  char name[256] = {};
  X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, name, sizeof name);
  X509_free(peer);
  return name;
}

}  // namespace

void FakeUpstream::TlsContextFree::operator()(SSL_CTX* context) const {
  SSL_CTX_free(context);
}

FakeUpstream::FakeUpstream(Handler handler, std::optional<FakeTls> tls)
    : handler_(std::move(handler)),
      tls_context_(tls ? make_tls_context(*tls) : nullptr),
      server_([this](int fd) { serve(fd); }) {}

std::string FakeUpstream::url(std::string_view path, std::string_view host) const {
  return std::string(tls_context_ ? "https://" : "http://") + std::string(host) + ":" +
         std::to_string(port()) + std::string(path);
}

std::vector<FakeExchange> FakeUpstream::exchanges() const {
  std::lock_guard lock(mutex_);
  return exchanges_;
}

void FakeUpstream::serve(int fd) {
  SSL* ssl = nullptr;
  std::string common_name;
  if (tls_context_) {
    ssl = SSL_new(tls_context_.get());
    SSL_set_fd(ssl, fd);
    if (SSL_accept(ssl) != 1) {
      ERR_clear_error();
      SSL_free(ssl);
      return;
    }
    common_name = peer_common_name(ssl);
  }
  const auto read = [&](char* data, size_t size) -> long {
    if (ssl == nullptr) return ::recv(fd, data, size, 0);
    return SSL_read(ssl, data, static_cast<int>(size));
  };
  const auto write = [&](std::string_view bytes) {
    if (ssl == nullptr) return send_all(fd, bytes);
    return SSL_write(ssl, bytes.data(), static_cast<int>(bytes.size())) == static_cast<int>(bytes.size());
  };
  std::string buffer;
  while (auto request = read_request(read, buffer)) {
    {
      std::lock_guard lock(mutex_);
      exchanges_.push_back(FakeExchange{*request, common_name});
    }
    FakeResponse response = handler_(*request);
    if (response.delay.count() > 0 && !server_.sleep_unless_stopped(response.delay)) break;
    if (!write(render(response))) break;
    if (response.close_delimited || request->header("Connection") == "close") break;
  }
  if (ssl != nullptr) {
    SSL_shutdown(ssl);
    SSL_free(ssl);
    ERR_clear_error();
  }
}

}  // namespace dexcc::testing
