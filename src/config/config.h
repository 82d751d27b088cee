// The dex v2.45.1 configuration file as typed values, with dex's defaults (reference dex-server.md §8).
//
// The config module turns YAML into these structures and checks them; it knows nothing of HTTP,
// storage backends or connectors, only storage's record types, which static clients and passwords
// are. Storage, signer and connector `config` blocks stay JSON (already
// environment-expanded): each backend or connector decodes its own block when it is opened, as dex
// does, so a type that is not built yet fails at start-up of that piece, never at parsing.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/clock.h"
#include "base/log.h"
#include "storage/entities.h"

namespace dexcc::config {

using base::Duration;
using std::chrono::hours;
using std::chrono::minutes;

struct Storage {
  std::string type;
  nlohmann::json config;  // env-expanded; decoded by the storage backend
};

struct ClientRemoteIp {
  std::string header;
  std::vector<std::string> trusted_proxies;  // CIDRs
};

struct Web {
  std::string http;
  std::string https;
  std::string tls_cert;
  std::string tls_key;
  std::string tls_min_version;  // "1.2" (default when empty) or "1.3"
  std::string tls_max_version;
  std::vector<std::string> allowed_origins;
  std::vector<std::string> allowed_headers;  // default {"Authorization"}
  // The security headers dex honours, as (canonical name, value) pairs; blank values are dropped.
  std::vector<std::pair<std::string, std::string>> headers;
  ClientRemoteIp client_remote_ip;
};

struct Telemetry {
  std::string http;
  bool enable_profiling = false;
};

struct Grpc {
  std::string addr;
  std::string tls_cert;
  std::string tls_key;
  std::string tls_client_ca;
  std::string tls_min_version;
  std::string tls_max_version;
  bool reflection = false;
};

struct RefreshTokenExpiry {
  bool disable_rotation = false;
  Duration reuse_interval{0};       // 0 = off
  Duration absolute_lifetime{0};    // 0 = off, measured from creation
  Duration valid_if_not_used_for{0};  // 0 = off, measured from last use
};

struct Expiry {
  Duration signing_keys = hours(6);
  Duration id_tokens = hours(24);
  Duration auth_requests = hours(24);
  Duration device_requests = minutes(5);
  RefreshTokenExpiry refresh_tokens;
};

struct Logger {
  log::Level level = log::kInfo;
  log::Format format = log::Format::kText;
  std::vector<std::string> exclude_fields;
};

struct Pkce {
  bool enforce = false;
  std::vector<std::string> code_challenge_methods_supported = {"S256", "plain"};
};

struct OAuth2 {
  // Filled with dex's implicit default list when the file leaves it empty (as `dex serve` does).
  std::vector<std::string> grant_types;
  std::vector<std::string> response_types = {"code"};
  bool skip_approval_screen = false;
  bool always_show_login_screen = false;
  std::string password_connector;
  Pkce pkce;
};

struct Frontend {
  std::string dir;  // empty: the assets installed with dexcc ($DEX_FRONTEND_DIR when set)
  std::string theme = "light";
  std::string issuer = "dex";
  std::string logo_url;  // empty: theme/logo.png
  std::map<std::string, std::string> extra;
};

enum class SigningAlgorithm { kRS256, kES256 };

struct Signer {
  std::string type = "local";  // "local" or "vault"
  Duration keys_rotation_period = hours(6);
  SigningAlgorithm algorithm = SigningAlgorithm::kRS256;
  // vault
  std::string vault_addr;
  std::string vault_token;
  std::string vault_key_name;
};

struct Connector {
  std::string type;
  std::string id;
  std::string name;
  nlohmann::json config;  // env-expanded; decoded by the connector when opened
  std::vector<std::string> grant_types;
};

// A client from staticClients: the record storage serves (idEnv/secretEnv already resolved), plus
// newer dex's allowedConnectors, which only the config file carries.
struct StaticClient : storage::Client {
  std::vector<std::string> allowed_connectors;
};

// A password from staticPasswords: the record storage serves (hashFromEnv and base64-of-bcrypt
// already resolved).
using StaticPassword = storage::Password;

// The DEX_* feature flags dexcc honours (reference dex-connectors-web-api.md §5.2).
struct Features {
  bool expand_env = true;
  bool continue_on_connector_failure = true;
  bool api_connectors_crud = false;
  bool config_disallow_unknown_fields = false;
  bool client_credential_grant_enabled_by_default = false;
};

struct Config {
  std::string issuer;
  Storage storage;
  Web web;
  Telemetry telemetry;
  Grpc grpc;
  Expiry expiry;
  Logger logger;
  OAuth2 oauth2;
  Frontend frontend;
  Signer signer;
  std::vector<Connector> connectors;
  std::vector<StaticClient> static_clients;
  bool enable_password_db = false;
  std::vector<StaticPassword> static_passwords;
  Features features;
};

}  // namespace dexcc::config
