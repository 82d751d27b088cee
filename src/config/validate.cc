// The start-up checks dex makes before serving, with each message naming the offending key.
#include "config/validate.h"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "base/json_fields.h"

namespace dexcc::config {
namespace {

bool valid_tls_version(const std::string& v) { return v.empty() || v == "1.2" || v == "1.3"; }

bool valid_response_type(const std::string& t) {
  for (const char* ok : {"code", "token", "id_token", "code token", "code id_token", "id_token token",
                         "code id_token token"}) {
    if (t == ok) return true;
  }
  return false;
}

bool valid_cidr(const std::string& text) {
  auto slash = text.find('/');
  if (slash == std::string::npos) return false;
  std::string addr = text.substr(0, slash), bits = text.substr(slash + 1);
  if (bits.empty() || bits.size() > 3 || bits.find_first_not_of("0123456789") != std::string::npos) return false;
  int n = std::stoi(bits);
  bool v6 = addr.find(':') != std::string::npos;
  if (n > (v6 ? 128 : 32)) return false;
  if (v6) return addr.find_first_not_of("0123456789abcdefABCDEF:.") == std::string::npos && addr.size() >= 2;
  int parts = 0;
  size_t start = 0;
  while (true) {
    size_t dot = addr.find('.', start);
    std::string part = addr.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (part.empty() || part.size() > 3 || part.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(part) > 255)
      return false;
    ++parts;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  return parts == 4;
}

}  // namespace

void validate(const Config& c) {
  std::vector<std::string> problems;
  auto check = [&](bool bad, const char* key, std::string problem) {
    if (bad) problems.push_back(fmt::format("config: {}: {}", key, problem));
  };
  check(c.issuer.empty(), "issuer", "no issuer specified in config file");
  check(!c.enable_password_db && !c.static_passwords.empty(), "staticPasswords",
        "cannot specify static passwords without enabling password db");
  check(c.storage.type.empty(), "storage", "no storage supplied in config file");
  check(c.web.http.empty() && c.web.https.empty(), "web", "must supply a HTTP/HTTPS address to listen on");
  check(!c.web.https.empty() && c.web.tls_cert.empty(), "web.tlsCert", "no cert specified for HTTPS");
  check(!c.web.https.empty() && c.web.tls_key.empty(), "web.tlsKey", "no private key specified for HTTPS");
  check(!valid_tls_version(c.web.tls_min_version), "web.tlsMinVersion",
        fmt::format("invalid TLS version \"{}\" (1.2 or 1.3)", c.web.tls_min_version));
  check(!valid_tls_version(c.web.tls_max_version), "web.tlsMaxVersion",
        fmt::format("invalid TLS version \"{}\" (1.2 or 1.3)", c.web.tls_max_version));
  check(!c.web.tls_max_version.empty() && !c.web.tls_min_version.empty() &&
            c.web.tls_min_version > c.web.tls_max_version,
        "web.tlsMinVersion", "TLSMinVersion greater than TLSMaxVersion");
  check(!c.grpc.tls_cert.empty() && c.grpc.addr.empty(), "grpc.addr", "no address specified for gRPC");
  check(!c.grpc.tls_key.empty() && c.grpc.addr.empty(), "grpc.addr", "no address specified for gRPC");
  check(c.grpc.tls_cert.empty() != c.grpc.tls_key.empty(), "grpc.tlsKey", "must specify both a gRPC TLS cert and key");
  check(c.grpc.tls_cert.empty() && !c.grpc.tls_client_ca.empty(), "grpc.tlsClientCA",
        "cannot specify gRPC TLS client CA without a gRPC TLS cert");
  check(!valid_tls_version(c.grpc.tls_min_version), "grpc.tlsMinVersion",
        fmt::format("invalid TLS version \"{}\" (1.2 or 1.3)", c.grpc.tls_min_version));
  check(!valid_tls_version(c.grpc.tls_max_version), "grpc.tlsMaxVersion",
        fmt::format("invalid TLS version \"{}\" (1.2 or 1.3)", c.grpc.tls_max_version));
  check(!c.grpc.tls_max_version.empty() && !c.grpc.tls_min_version.empty() &&
            c.grpc.tls_min_version > c.grpc.tls_max_version,
        "grpc.tlsMinVersion", "TLSMinVersion greater than TLSMaxVersion");
  for (const auto& t : c.oauth2.response_types) {
    check(!valid_response_type(t), "oauth2.responseTypes", fmt::format("unsupported response_type \"{}\"", t));
  }
  for (const auto& m : c.oauth2.pkce.code_challenge_methods_supported) {
    check(m != "S256" && m != "plain", "oauth2.pkce.codeChallengeMethodsSupported",
          fmt::format("unsupported PKCE method \"{}\" (S256 or plain)", m));
  }
  for (const auto& p : c.web.client_remote_ip.trusted_proxies) {
    check(!valid_cidr(p), "web.clientRemoteIP.trustedProxies", fmt::format("\"{}\" is not a CIDR", p));
  }
  check(c.signer.keys_rotation_period <= base::Duration(0), "signer.config.keysRotationPeriod",
        "must be a positive duration");
  check(c.expiry.id_tokens <= base::Duration(0), "expiry.idTokens", "must be a positive duration");
  check(c.expiry.auth_requests <= base::Duration(0), "expiry.authRequests", "must be a positive duration");
  check(c.expiry.device_requests <= base::Duration(0), "expiry.deviceRequests", "must be a positive duration");
  if (!problems.empty()) {
    std::string all;
    for (const auto& p : problems) all += (all.empty() ? "" : "\n") + p;
    throw base::ConfigError(all);
  }
}

}  // namespace dexcc::config
