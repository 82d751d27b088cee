// Tests for config decoding: every key, every default, every error message.
#include "config/load.h"

#include <gtest/gtest.h>

#include <map>

#include "base/json_fields.h"

namespace dexcc::config {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr char kMinimal[] = R"(
issuer: http://127.0.0.1:5556/dex
storage:
  type: memory
web:
  http: 127.0.0.1:5556
)";

constexpr char kHash[] = "$2a$10$2b2cU8CPhOTaGrs1HRQuAueS7JTT5ZHsHSzYiFPm1leZck7Mc8T4W";

Getenv env(std::map<std::string, std::string> vars = {}) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::string error_of(const std::string& yaml, std::map<std::string, std::string> vars = {}) {
  try {
    load_text(yaml, env(std::move(vars)));
  } catch (const base::ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ConfigLoad, Defaults) {
  Config c = load_text(kMinimal, env()).config;
  EXPECT_EQ(c.issuer, "http://127.0.0.1:5556/dex");
  EXPECT_EQ(c.storage.type, "memory");
  EXPECT_TRUE(c.storage.config.is_object());
  EXPECT_EQ(c.web.allowed_headers, std::vector<std::string>{"Authorization"});
  EXPECT_TRUE(c.web.headers.empty());
  EXPECT_EQ(c.expiry.signing_keys, hours(6));
  EXPECT_EQ(c.expiry.id_tokens, hours(24));
  EXPECT_EQ(c.expiry.auth_requests, hours(24));
  EXPECT_EQ(c.expiry.device_requests, minutes(5));
  EXPECT_FALSE(c.expiry.refresh_tokens.disable_rotation);
  EXPECT_EQ(c.expiry.refresh_tokens.reuse_interval, base::Duration(0));
  EXPECT_EQ(c.expiry.refresh_tokens.absolute_lifetime, base::Duration(0));
  EXPECT_EQ(c.expiry.refresh_tokens.valid_if_not_used_for, base::Duration(0));
  EXPECT_EQ(c.logger.level, log::kInfo);
  EXPECT_EQ(c.logger.format, log::Format::kText);
  EXPECT_EQ(c.oauth2.response_types, std::vector<std::string>{"code"});
  EXPECT_EQ(c.oauth2.grant_types.size(), 6u);
  EXPECT_EQ(c.oauth2.grant_types[0], "authorization_code");
  EXPECT_FALSE(c.oauth2.skip_approval_screen);
  EXPECT_FALSE(c.oauth2.always_show_login_screen);
  EXPECT_EQ(c.oauth2.pkce.code_challenge_methods_supported, (std::vector<std::string>{"S256", "plain"}));
  EXPECT_EQ(c.frontend.theme, "light");
  EXPECT_EQ(c.frontend.issuer, "dex");
  EXPECT_EQ(c.signer.type, "local");
  EXPECT_EQ(c.signer.keys_rotation_period, hours(6));
  EXPECT_EQ(c.signer.algorithm, SigningAlgorithm::kRS256);
  EXPECT_FALSE(c.enable_password_db);
  EXPECT_TRUE(c.features.expand_env);
  EXPECT_TRUE(c.features.continue_on_connector_failure);
}

TEST(ConfigLoad, EveryKey) {
  std::string yaml = std::string(kMinimal) + R"(
  https: 127.0.0.1:5554
  tlsCert: /c.pem
  tlsKey: /k.pem
  tlsMinVersion: "1.2"
  tlsMaxVersion: "1.3"
  allowedOrigins: ["*"]
  allowedHeaders: [X-Custom]
  headers:
    X-Frame-Options: DENY
    Content-Security-Policy: "default-src 'self'"
    Strict-Transport-Security: ""
    X-Other: ignored
  clientRemoteIP:
    header: X-Forwarded-For
    trustedProxies: [10.0.0.0/8, "fd00::/8"]
telemetry:
  http: 127.0.0.1:5558
  enableProfiling: true
grpc:
  addr: 127.0.0.1:5557
  tlsCert: s.crt
  tlsKey: s.key
  tlsClientCA: ca.crt
  tlsMinVersion: "1.3"
  reflection: true
expiry:
  signingKeys: 2h
  idTokens: 1h
  authRequests: 10m
  deviceRequests: 3m
  refreshTokens:
    disableRotation: true
    reuseInterval: 3s
    absoluteLifetime: 3960h
    validIfNotUsedFor: 2160h
logger:
  level: debug
  format: json
  excludeFields: [email]
oauth2:
  grantTypes: [authorization_code, refresh_token]
  responseTypes: [code, token, id_token]
  skipApprovalScreen: true
  alwaysShowLoginScreen: true
  passwordConnector: local
  pkce:
    enforce: true
    codeChallengeMethodsSupported: [S256]
frontend:
  Dir: /srv/web
  theme: dark
  issuer: Acme
  logoURL: https://acme/logo.png
  extra:
    k: v
signer:
  type: local
  config:
    keysRotationPeriod: 30m
    algorithm: ES256
connectors:
- type: mockPassword
  id: mp
  name: Mock
  config:
    username: "$USER_X"
    password: pw
  grantTypes: [password]
staticClients:
- id: app
  secret: s
  redirectURIs: [http://a/cb]
  trustedPeers: [other]
  name: App
  logoURL: http://a/l.png
  allowedConnectors: [mp]
- idEnv: CLIENT_ID
  secretEnv: CLIENT_SECRET
  name: From env
- id: pub
  public: true
  name: Public
enablePasswordDB: true
staticPasswords:
- email: Admin@Example.com
  hash: ")" + kHash + R"("
  username: admin
  name: Admin User
  preferredUsername: adm
  emailVerified: false
  userID: "1234"
  groups: [a, b]
- email: env@example.com
  hashFromEnv: PW_HASH
  userID: "2"
)";
  auto loaded = load_text(yaml, env({{"USER_X", "kilgore"},
                                     {"CLIENT_ID", "env-id"},
                                     {"CLIENT_SECRET", "env-secret"},
                                     {"PW_HASH", kHash}}));
  const Config& c = loaded.config;
  EXPECT_EQ(c.web.https, "127.0.0.1:5554");
  EXPECT_EQ(c.web.tls_cert, "/c.pem");
  EXPECT_EQ(c.web.tls_key, "/k.pem");
  EXPECT_EQ(c.web.tls_min_version, "1.2");
  EXPECT_EQ(c.web.tls_max_version, "1.3");
  EXPECT_EQ(c.web.allowed_origins, std::vector<std::string>{"*"});
  EXPECT_EQ(c.web.allowed_headers, std::vector<std::string>{"X-Custom"});
  ASSERT_EQ(c.web.headers.size(), 2u);  // blank and unknown ones dropped
  EXPECT_EQ(c.web.headers[0].first, "Content-Security-Policy");
  EXPECT_EQ(c.web.headers[1], (std::pair<std::string, std::string>{"X-Frame-Options", "DENY"}));
  EXPECT_EQ(c.web.client_remote_ip.header, "X-Forwarded-For");
  EXPECT_EQ(c.web.client_remote_ip.trusted_proxies.size(), 2u);
  EXPECT_EQ(c.telemetry.http, "127.0.0.1:5558");
  EXPECT_TRUE(c.telemetry.enable_profiling);
  EXPECT_EQ(c.grpc.addr, "127.0.0.1:5557");
  EXPECT_EQ(c.grpc.tls_client_ca, "ca.crt");
  EXPECT_EQ(c.grpc.tls_min_version, "1.3");
  EXPECT_TRUE(c.grpc.reflection);
  EXPECT_EQ(c.expiry.signing_keys, hours(2));
  EXPECT_EQ(c.expiry.id_tokens, hours(1));
  EXPECT_EQ(c.expiry.auth_requests, minutes(10));
  EXPECT_EQ(c.expiry.device_requests, minutes(3));
  EXPECT_TRUE(c.expiry.refresh_tokens.disable_rotation);
  EXPECT_EQ(c.expiry.refresh_tokens.reuse_interval, seconds(3));
  EXPECT_EQ(c.expiry.refresh_tokens.absolute_lifetime, hours(3960));
  EXPECT_EQ(c.expiry.refresh_tokens.valid_if_not_used_for, hours(2160));
  EXPECT_EQ(c.logger.level, log::kDebug);
  EXPECT_EQ(c.logger.format, log::Format::kJson);
  EXPECT_EQ(c.logger.exclude_fields, std::vector<std::string>{"email"});
  EXPECT_EQ(c.oauth2.grant_types, (std::vector<std::string>{"authorization_code", "refresh_token"}));
  EXPECT_EQ(c.oauth2.response_types.size(), 3u);
  EXPECT_TRUE(c.oauth2.skip_approval_screen);
  EXPECT_TRUE(c.oauth2.always_show_login_screen);
  EXPECT_EQ(c.oauth2.password_connector, "local");
  EXPECT_TRUE(c.oauth2.pkce.enforce);
  EXPECT_EQ(c.oauth2.pkce.code_challenge_methods_supported, std::vector<std::string>{"S256"});
  EXPECT_EQ(c.frontend.dir, "/srv/web");
  EXPECT_EQ(c.frontend.theme, "dark");
  EXPECT_EQ(c.frontend.issuer, "Acme");
  EXPECT_EQ(c.frontend.logo_url, "https://acme/logo.png");
  EXPECT_EQ(c.frontend.extra.at("k"), "v");
  EXPECT_EQ(c.signer.keys_rotation_period, minutes(30));
  EXPECT_EQ(c.signer.algorithm, SigningAlgorithm::kES256);
  ASSERT_EQ(c.connectors.size(), 1u);
  EXPECT_EQ(c.connectors[0].type, "mockPassword");
  EXPECT_EQ(c.connectors[0].config["username"], "kilgore");  // expanded inside connector config
  EXPECT_EQ(c.connectors[0].grant_types, std::vector<std::string>{"password"});
  ASSERT_EQ(c.static_clients.size(), 3u);
  EXPECT_EQ(c.static_clients[0].trusted_peers, std::vector<std::string>{"other"});
  EXPECT_EQ(c.static_clients[0].logo_url, "http://a/l.png");
  EXPECT_EQ(c.static_clients[0].allowed_connectors, std::vector<std::string>{"mp"});
  EXPECT_EQ(c.static_clients[1].id, "env-id");
  EXPECT_EQ(c.static_clients[1].secret, "env-secret");
  EXPECT_TRUE(c.static_clients[2].is_public);
  EXPECT_TRUE(c.enable_password_db);
  ASSERT_EQ(c.static_passwords.size(), 2u);
  EXPECT_EQ(c.static_passwords[0].email, "Admin@Example.com");
  EXPECT_EQ(c.static_passwords[0].hash, kHash);
  EXPECT_EQ(c.static_passwords[0].preferred_username, "adm");
  EXPECT_EQ(c.static_passwords[0].email_verified, false);
  EXPECT_EQ(c.static_passwords[0].user_id, "1234");
  EXPECT_EQ(c.static_passwords[0].groups, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(c.static_passwords[1].hash, kHash);
  EXPECT_FALSE(c.static_passwords[1].email_verified.has_value());
  ASSERT_EQ(loaded.unknown_keys, std::vector<std::string>{"web.headers.X-Other"});
}

TEST(ConfigLoad, KeysMatchCaseInsensitively) {
  Config c = load_text("ISSUER: http://x\nStorage: {Type: memory}\nWEB: {HTTP: ':1'}\nstaticclients:\n- ID: a\n  "
                       "Secret: b\n  NAME: c\n  redirecturis: [u]\n",
                       env())
                 .config;
  EXPECT_EQ(c.issuer, "http://x");
  EXPECT_EQ(c.storage.type, "memory");
  EXPECT_EQ(c.static_clients[0].redirect_uris, std::vector<std::string>{"u"});
}

TEST(ConfigLoad, ScalarsBecomeStringsWhereDexExpectsStrings) {
  Config c = load_text(std::string(kMinimal) + "staticClients:\n- id: 123\n  secret: 456\n  name: yes\n", env()).config;
  EXPECT_EQ(c.static_clients[0].id, "123");
  EXPECT_EQ(c.static_clients[0].secret, "456");
  EXPECT_EQ(c.static_clients[0].name, "true");
}

TEST(ConfigLoad, ExpansionOnlyInsideConfigBlocks) {
  auto vars = std::map<std::string, std::string>{{"DB", "/tmp/x.db"}, {"ISS", "http://y"}};
  Config c = load_text("issuer: $ISS\nstorage:\n  type: sqlite3\n  config:\n    file: $DB\nweb: {http: ':1'}\n", env(vars))
                 .config;
  EXPECT_EQ(c.issuer, "$ISS");
  EXPECT_EQ(c.storage.config["file"], "/tmp/x.db");
  vars["DEX_EXPAND_ENV"] = "false";
  c = load_text("issuer: x\nstorage:\n  type: sqlite3\n  config:\n    file: $DB\nweb: {http: ':1'}\n", env(vars)).config;
  EXPECT_EQ(c.storage.config["file"], "$DB");
}

TEST(ConfigLoad, SignerWithoutTypeUsesExpirySigningKeys) {
  Config c = load_text(std::string(kMinimal) + "expiry: {signingKeys: 3h}\n", env()).config;
  EXPECT_EQ(c.signer.type, "local");
  EXPECT_EQ(c.signer.keys_rotation_period, hours(3));
}

TEST(ConfigLoad, Base64EncodedBcryptHashIsAccepted) {
  std::string b64 = "JDJhJDEwJDJiMmNVOENQaE9UYUdyczFIUlF1QXVlUzdKVFQ1WkhzSFN6WWlGUG0xbGVaY2s3TWM4VDRX";
  Config c = load_text(std::string(kMinimal) + "enablePasswordDB: true\nstaticPasswords:\n- email: a@b\n  hash: " +
                           b64 + "\n",
                       env())
                 .config;
  EXPECT_EQ(c.static_passwords[0].hash, kHash);
}

TEST(ConfigLoad, ClientCredentialsJoinsDefaultGrantsBehindFlag) {
  Config c = load_text(kMinimal, env({{"DEX_CLIENT_CREDENTIAL_GRANT_ENABLED_BY_DEFAULT", "true"}})).config;
  EXPECT_EQ(c.oauth2.grant_types.back(), "client_credentials");
}

TEST(ConfigLoad, FrontendDirFromEnvironment) {
  Config c = load_text(kMinimal, env({{"DEX_FRONTEND_DIR", "/web"}})).config;
  EXPECT_EQ(c.frontend.dir, "/web");
}

struct ErrorCase {
  const char* name;
  std::string yaml;
  std::string want;
};

class ConfigErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(ConfigErrors, NamesTheKeyAndTheProblem) { EXPECT_EQ(error_of(GetParam().yaml), GetParam().want); }

const std::string kMin = kMinimal;

INSTANTIATE_TEST_SUITE_P(
    All, ConfigErrors,
    ::testing::Values(
        ErrorCase{"bad_duration", kMin + "expiry: {idTokens: 1x}\n", "config: expiry.idTokens: \"1x\" is not a duration"},
        ErrorCase{"duration_days", kMin + "expiry:\n  refreshTokens: {absoluteLifetime: 30d}\n",
                  "config: expiry.refreshTokens.absoluteLifetime: \"30d\" is not a duration"},
        ErrorCase{"no_issuer", "storage: {type: memory}\nweb: {http: ':1'}\n",
                  "config: issuer: no issuer specified in config file"},
        ErrorCase{"no_storage", "issuer: x\nweb: {http: ':1'}\n", "config: storage: no storage supplied in config file"},
        ErrorCase{"unknown_storage", "issuer: x\nstorage: {type: mongo}\nweb: {http: ':1'}\n",
                  "config: storage.type: unknown storage type \"mongo\""},
        ErrorCase{"no_listener", "issuer: x\nstorage: {type: memory}\n",
                  "config: web: must supply a HTTP/HTTPS address to listen on"},
        ErrorCase{"https_no_cert", "issuer: x\nstorage: {type: memory}\nweb: {https: ':1', tlsKey: k}\n",
                  "config: web.tlsCert: no cert specified for HTTPS"},
        ErrorCase{"https_no_key", "issuer: x\nstorage: {type: memory}\nweb: {https: ':1', tlsCert: c}\n",
                  "config: web.tlsKey: no private key specified for HTTPS"},
        ErrorCase{"tls_version", kMin + "  tlsMinVersion: '1.1'\n",
                  "config: web.tlsMinVersion: invalid TLS version \"1.1\" (1.2 or 1.3)"},
        ErrorCase{"tls_order", kMin + "  tlsMinVersion: '1.3'\n  tlsMaxVersion: '1.2'\n",
                  "config: web.tlsMinVersion: TLSMinVersion greater than TLSMaxVersion"},
        ErrorCase{"grpc_cert_no_addr", kMin + "grpc: {tlsCert: c, tlsKey: k}\n",
                  "config: grpc.addr: no address specified for gRPC\nconfig: grpc.addr: no address specified for gRPC"},
        ErrorCase{"grpc_half_tls", kMin + "grpc: {addr: ':2', tlsCert: c}\n",
                  "config: grpc.tlsKey: must specify both a gRPC TLS cert and key"},
        ErrorCase{"grpc_ca_no_cert", kMin + "grpc: {addr: ':2', tlsClientCA: ca}\n",
                  "config: grpc.tlsClientCA: cannot specify gRPC TLS client CA without a gRPC TLS cert"},
        ErrorCase{"passwords_without_db", kMin + "staticPasswords:\n- {email: a, hash: 'x'}\n",
                  "config: staticPasswords[0].hash: malformed bcrypt hash"},
        ErrorCase{"passwords_db_off",
                  kMin + "staticPasswords:\n- {email: a, hash: '$2a$10$2b2cU8CPhOTaGrs1HRQuAueS7JTT5ZHsHSzYiFPm1leZck7Mc8T4W'}\n",
                  "config: staticPasswords: cannot specify static passwords without enabling password db"},
        ErrorCase{"password_no_hash", kMin + "enablePasswordDB: true\nstaticPasswords:\n- {email: a@b}\n",
                  "config: staticPasswords[0].hash: no password hash provided for user a@b"},
        ErrorCase{"client_no_name", kMin + "staticClients:\n- {id: a, secret: b}\n",
                  "config: staticClients[0].name: is required for a client"},
        ErrorCase{"client_no_id", kMin + "staticClients:\n- {name: a, secret: b}\n",
                  "config: staticClients[0].id: id or idEnv is required for a client"},
        ErrorCase{"client_id_twice", kMin + "staticClients:\n- {id: a, idEnv: X, name: n, secret: b}\n",
                  "config: staticClients[0].idEnv: id and idEnv are exclusive for client \"a\""},
        ErrorCase{"client_no_secret", kMin + "staticClients:\n- {id: a, name: n}\n",
                  "config: staticClients[0].secret: secret or secretEnv is required for client \"a\""},
        ErrorCase{"client_secret_twice", kMin + "staticClients:\n- {id: a, name: n, secret: s, secretEnv: X}\n",
                  "config: staticClients[0].secretEnv: secret and secretEnv are exclusive for client \"a\""},
        ErrorCase{"connector_unknown", kMin + "connectors:\n- {type: foo, id: a, name: b}\n",
                  "config: connectors[0].type: unknown connector type \"foo\""},
        ErrorCase{"connector_missing_fields", kMin + "connectors:\n- {type: ldap, id: a}\n",
                  "config: connectors[0]: id, type and name are required for a connector"},
        ErrorCase{"connector_config_list", kMin + "connectors:\n- {type: ldap, id: a, name: b, config: [1]}\n",
                  "config: connectors[0].config: expected a mapping, got array"},
        ErrorCase{"response_type", kMin + "oauth2: {responseTypes: [code, tokn]}\n",
                  "config: oauth2.responseTypes: unsupported response_type \"tokn\""},
        ErrorCase{"pkce_method", kMin + "oauth2: {pkce: {codeChallengeMethodsSupported: [S512]}}\n",
                  "config: oauth2.pkce.codeChallengeMethodsSupported: unsupported PKCE method \"S512\" (S256 or plain)"},
        ErrorCase{"log_level", kMin + "logger: {level: loud}\n",
                  "config: logger.level: \"loud\" is not a log level (debug, info, warn, error)"},
        ErrorCase{"log_format", kMin + "logger: {format: xml}\n",
                  "config: logger.format: log format is not one of the supported values (json, text): xml"},
        ErrorCase{"signer_type", kMin + "signer: {type: hsm}\n", "config: signer.type: unknown signer type \"hsm\""},
        ErrorCase{"signer_period", kMin + "signer: {type: local, config: {}}\n",
                  "config: signer.config.keysRotationPeriod: is required for the local signer"},
        ErrorCase{"signer_alg", kMin + "signer: {type: local, config: {keysRotationPeriod: 1h, algorithm: HS256}}\n",
                  "config: signer.config.algorithm: unsupported signing algorithm \"HS256\" (RS256 or ES256)"},
        ErrorCase{"trusted_proxy", kMin + "  clientRemoteIP: {trustedProxies: [10.0.0.0]}\n",
                  "config: web.clientRemoteIP.trustedProxies: \"10.0.0.0\" is not a CIDR"},
        ErrorCase{"wrong_type", kMin + "enablePasswordDB: maybe\n",
                  "config: enablePasswordDB: expected true or false, got string"},
        ErrorCase{"wrong_shape", "issuer: x\nstorage: {type: memory}\nweb: [1]\n",
                  "config: web: expected a mapping, got array"},
        ErrorCase{"negative_expiry", kMin + "expiry: {idTokens: -1h}\n",
                  "config: expiry.idTokens: must be a positive duration"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(ConfigLoad, UnknownKeysAreReportedNotFatal) {
  auto loaded = load_text(std::string(kMinimal) + "  htp: x\nfoo: 1\n", env());
  EXPECT_EQ(loaded.unknown_keys, (std::vector<std::string>{"foo", "web.htp"}));
}

TEST(ConfigLoad, UnknownKeysFatalWhenDisallowed) {
  EXPECT_EQ(error_of(std::string(kMinimal) + "foo: 1\n", {{"DEX_CONFIG_DISALLOW_UNKNOWN_FIELDS", "true"}}),
            "config: foo: unknown field");
}

TEST(ConfigLoad, FlagOverridesApplyBeforeValidation) {
  Overrides o;
  o.web_http = "127.0.0.1:9999";
  o.telemetry_http = "127.0.0.1:9998";
  o.grpc_addr = "127.0.0.1:9997";
  Config c = load_text("issuer: x\nstorage: {type: memory}\n", env(), o).config;
  EXPECT_EQ(c.web.http, "127.0.0.1:9999");
  EXPECT_EQ(c.telemetry.http, "127.0.0.1:9998");
  EXPECT_EQ(c.grpc.addr, "127.0.0.1:9997");
}

TEST(ConfigLoad, MissingFile) {
  try {
    load_file("/nonexistent/config.yaml", env());
    FAIL();
  } catch (const base::ConfigError& e) {
    EXPECT_EQ(std::string(e.what()), "config: cannot read /nonexistent/config.yaml: No such file or directory");
  }
}

}  // namespace
}  // namespace dexcc::config
