// TLS server contexts with dex's versions and suites, and their reload from the files.
#include "net/tls_context.h"

#include <fmt/format.h>

#include <stdexcept>

namespace dexcc::net {
namespace {

namespace ssl = boost::asio::ssl;

std::unique_ptr<ssl::context> make_tls_context(const TlsSettings& tls) {
  auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                   ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  SSL_CTX* raw = ctx->native_handle();
  SSL_CTX_set_min_proto_version(raw, tls.min_version == "1.3" ? TLS1_3_VERSION : TLS1_2_VERSION);
  if (tls.max_version == "1.2") SSL_CTX_set_max_proto_version(raw, TLS1_2_VERSION);
  // TLS 1.2 suites as dex allows them: forward-secret AEAD first, then RSA key exchange with GCM.
  SSL_CTX_set_cipher_list(
      raw,
      "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
      "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
      "AES128-GCM-SHA256:AES256-GCM-SHA384");
  boost::system::error_code ec;
  ctx->use_certificate_chain_file(tls.cert_file, ec);
  if (ec)
    throw std::runtime_error(fmt::format("cannot load TLS certificate {}: {}", tls.cert_file, ec.message()));
  ctx->use_private_key_file(tls.key_file, ssl::context::pem, ec);
  if (ec) throw std::runtime_error(fmt::format("cannot load TLS key {}: {}", tls.key_file, ec.message()));
  return ctx;
}

}  // namespace

ReloadableTlsContext::ReloadableTlsContext(std::string listener_name, TlsSettings settings)
    : listener_name_(std::move(listener_name)),
      settings_(std::move(settings)),
      current_(make_tls_context(settings_)) {}

std::shared_ptr<ssl::context> ReloadableTlsContext::current() const {
  std::lock_guard lock(mu_);
  return current_;
}

void ReloadableTlsContext::reload() {
  std::shared_ptr<ssl::context> fresh = make_tls_context(settings_);
  std::lock_guard lock(mu_);
  current_ = std::move(fresh);
}

}  // namespace dexcc::net
