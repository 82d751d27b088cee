// Decoding the config file section by section into typed structures with dex's defaults.
#include "config/load.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <fstream>
#include <sstream>

#include "base/base64.h"
#include "base/bcrypt.h"
#include "base/json_fields.h"
#include "config/validate.h"
#include "config/yaml_to_json.h"

namespace dexcc::config {
namespace {

using base::ConfigError;
using base::JsonFields;
using nlohmann::json;

// Collects unknown keys from every JsonFields the decoder used.
class Decoder {
 public:
  explicit Decoder(const Getenv& getenv) : getenv_(getenv) {}

  JsonFields& track(JsonFields&& f) {
    fields_.push_back(std::make_unique<JsonFields>(std::move(f)));
    return *fields_.back();
  }
  std::vector<std::string> unknown_keys() const {
    std::vector<std::string> out;
    for (const auto& f : fields_) {
      auto keys = f->unknown_keys();
      out.insert(out.end(), keys.begin(), keys.end());
    }
    return out;
  }
  const Getenv& getenv() const { return getenv_; }
  // Keeps a value the decoder made (an expanded config block) alive as long as its JsonFields.
  const json& own(json value) { return owned_.emplace_back(std::move(value)); }

 private:
  const Getenv& getenv_;
  std::deque<json> owned_;
  std::vector<std::unique_ptr<JsonFields>> fields_;
};

json expanded(const json* raw, const Features& features, const Getenv& getenv) {
  json value = raw ? *raw : json(nullptr);
  if (features.expand_env) expand_env_in_json(value, getenv);
  return value;
}

Storage decode_storage(JsonFields& top, Decoder& d, const Features& features) {
  Storage s;
  if (!top.has("storage")) return s;
  JsonFields& f = d.track(top.object("storage"));
  s.type = f.string("type");
  const auto& types = known_storage_types();
  if (std::find(types.begin(), types.end(), s.type) == types.end())
    f.fail("type", fmt::format("unknown storage type \"{}\"", s.type));
  s.config = expanded(f.raw("config"), features, d.getenv());
  if (s.config.is_null()) s.config = json::object();
  return s;
}

Web decode_web(JsonFields& top, Decoder& d) {
  Web w;
  JsonFields& f = d.track(top.object("web"));
  w.http = f.string("http");
  w.https = f.string("https");
  w.tls_cert = f.string("tlsCert");
  w.tls_key = f.string("tlsKey");
  w.tls_min_version = f.string("tlsMinVersion");
  w.tls_max_version = f.string("tlsMaxVersion");
  w.allowed_origins = f.strings("allowedOrigins");
  w.allowed_headers = f.strings("allowedHeaders");
  if (w.allowed_headers.empty()) w.allowed_headers = {"Authorization"};
  JsonFields& h = d.track(f.object("headers"));
  for (const char* name : {"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "X-XSS-Protection",
                           "Strict-Transport-Security"}) {
    std::string value = h.string(name);
    if (!value.empty()) w.headers.emplace_back(name, value);
  }
  JsonFields& ip = d.track(f.object("clientRemoteIP"));
  w.client_remote_ip.header = ip.string("header");
  w.client_remote_ip.trusted_proxies = ip.strings("trustedProxies");
  return w;
}

Telemetry decode_telemetry(JsonFields& top, Decoder& d) {
  JsonFields& f = d.track(top.object("telemetry"));
  return Telemetry{.http = f.string("http"), .enable_profiling = f.boolean("enableProfiling")};
}

Grpc decode_grpc(JsonFields& top, Decoder& d) {
  JsonFields& f = d.track(top.object("grpc"));
  Grpc g;
  g.addr = f.string("addr");
  g.tls_cert = f.string("tlsCert");
  g.tls_key = f.string("tlsKey");
  g.tls_client_ca = f.string("tlsClientCA");
  g.tls_min_version = f.string("tlsMinVersion");
  g.tls_max_version = f.string("tlsMaxVersion");
  g.reflection = f.boolean("reflection");
  return g;
}

Expiry decode_expiry(JsonFields& top, Decoder& d) {
  JsonFields& f = d.track(top.object("expiry"));
  Expiry e;
  e.signing_keys = f.duration("signingKeys", e.signing_keys);
  e.id_tokens = f.duration("idTokens", e.id_tokens);
  e.auth_requests = f.duration("authRequests", e.auth_requests);
  e.device_requests = f.duration("deviceRequests", e.device_requests);
  JsonFields& r = d.track(f.object("refreshTokens"));
  e.refresh_tokens.disable_rotation = r.boolean("disableRotation");
  e.refresh_tokens.reuse_interval = r.duration("reuseInterval", Duration(0));
  e.refresh_tokens.absolute_lifetime = r.duration("absoluteLifetime", Duration(0));
  e.refresh_tokens.valid_if_not_used_for = r.duration("validIfNotUsedFor", Duration(0));
  return e;
}

Logger decode_logger(JsonFields& top, Decoder& d) {
  JsonFields& f = d.track(top.object("logger"));
  Logger l;
  if (auto level = f.optional_string("level"); level && !level->empty()) {
    auto parsed = log::parse_level(*level);
    if (!parsed) f.fail("level", fmt::format("\"{}\" is not a log level (debug, info, warn, error)", *level));
    l.level = *parsed;
  }
  std::string format = f.string("format");
  if (format == "json") {
    l.format = log::Format::kJson;
  } else if (format != "" && format != "text") {
    f.fail("format", fmt::format("log format is not one of the supported values (json, text): {}", format));
  }
  l.exclude_fields = f.strings("excludeFields");
  return l;
}

OAuth2 decode_oauth2(JsonFields& top, Decoder& d) {
  JsonFields& f = d.track(top.object("oauth2"));
  OAuth2 o;
  o.grant_types = f.strings("grantTypes");
  if (f.has("responseTypes")) o.response_types = f.strings("responseTypes");
  if (o.response_types.empty()) o.response_types = {"code"};
  o.skip_approval_screen = f.boolean("skipApprovalScreen");
  o.always_show_login_screen = f.boolean("alwaysShowLoginScreen");
  o.password_connector = f.string("passwordConnector");
  JsonFields& p = d.track(f.object("pkce"));
  o.pkce.enforce = p.boolean("enforce");
  if (p.has("codeChallengeMethodsSupported")) {
    o.pkce.code_challenge_methods_supported = p.strings("codeChallengeMethodsSupported");
  }
  return o;
}

Frontend decode_frontend(JsonFields& top, Decoder& d) {
  // dex's WebConfig has no json tags: Go matches the field names case-insensitively.
  JsonFields& f = d.track(top.object("frontend"));
  Frontend fr;
  fr.dir = f.string("dir");
  fr.logo_url = f.string("logoURL");
  fr.issuer = f.string("issuer", "dex");
  if (fr.issuer.empty()) fr.issuer = "dex";
  fr.theme = f.string("theme", "light");
  if (fr.theme.empty() || fr.theme == "coreos" || fr.theme == "tectonic") fr.theme = "light";
  fr.extra = f.string_map("extra");
  return fr;
}

Signer decode_signer(JsonFields& top, Decoder& d, const Expiry& expiry, const Features& features) {
  Signer s;
  s.keys_rotation_period = expiry.signing_keys;
  if (!top.has("signer")) return s;
  JsonFields& f = d.track(top.object("signer"));
  s.type = f.string("type");
  const json& config = d.own(expanded(f.raw("config"), features, d.getenv()));
  JsonFields& c = d.track(JsonFields(config, f.path_of("config")));
  if (s.type.empty()) {
    // No type: dex falls back to the local signer with the deprecated expiry.signingKeys period.
    s.type = "local";
    return s;
  }
  if (s.type == "local") {
    if (!c.has("keysRotationPeriod")) c.fail("keysRotationPeriod", "is required for the local signer");
    s.keys_rotation_period = c.duration("keysRotationPeriod", expiry.signing_keys);
    std::string alg = c.string("algorithm", "RS256");
    if (alg == "ES256") {
      s.algorithm = SigningAlgorithm::kES256;
    } else if (alg != "RS256" && !alg.empty()) {
      c.fail("algorithm", fmt::format("unsupported signing algorithm \"{}\" (RS256 or ES256)", alg));
    }
  } else if (s.type == "vault") {
    s.vault_addr = c.string("addr", d.getenv()("VAULT_ADDR").value_or(""));
    s.vault_token = c.string("token", d.getenv()("VAULT_TOKEN").value_or(""));
    s.vault_key_name = c.string("keyName");
  } else {
    f.fail("type", fmt::format("unknown signer type \"{}\"", s.type));
  }
  return s;
}

std::vector<Connector> decode_connectors(JsonFields& top, Decoder& d, const Features& features) {
  std::vector<Connector> out;
  auto items = top.array("connectors");
  for (size_t i = 0; i < items.size(); ++i) {
    JsonFields& f = d.track(JsonFields(*items[i], fmt::format("connectors[{}]", i)));
    Connector c;
    c.type = f.string("type");
    c.id = f.string("id");
    c.name = f.string("name");
    c.grant_types = f.strings("grantTypes");
    if (c.id.empty() || c.name.empty() || c.type.empty())
      throw ConfigError(fmt::format("config: {}: id, type and name are required for a connector", f.path()));
    const auto& types = known_connector_types();
    if (std::find(types.begin(), types.end(), c.type) == types.end())
      f.fail("type", fmt::format("unknown connector type \"{}\"", c.type));
    c.config = expanded(f.raw("config"), features, d.getenv());
    if (c.config.is_null()) c.config = json::object();
    if (!c.config.is_object()) f.fail("config", "expected a mapping, got " + base::json_type_name(c.config));
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<StaticClient> decode_static_clients(JsonFields& top, Decoder& d) {
  std::vector<StaticClient> out;
  auto items = top.array("staticClients");
  for (size_t i = 0; i < items.size(); ++i) {
    JsonFields& f = d.track(JsonFields(*items[i], fmt::format("staticClients[{}]", i), true));
    StaticClient c;
    c.id = f.string("id");
    std::string id_env = f.string("idEnv");
    c.secret = f.string("secret");
    std::string secret_env = f.string("secretEnv");
    c.redirect_uris = f.strings("redirectURIs");
    c.trusted_peers = f.strings("trustedPeers");
    c.is_public = f.boolean("public");
    c.name = f.string("name");
    c.logo_url = f.string("logoURL");
    c.allowed_connectors = f.strings("allowedConnectors");
    // dex's serve.go rules, in its order.
    if (c.name.empty()) throw ConfigError(fmt::format("config: {}.name: is required for a client", f.path()));
    if (c.id.empty() && id_env.empty())
      throw ConfigError(fmt::format("config: {}.id: id or idEnv is required for a client", f.path()));
    if (!id_env.empty()) {
      if (!c.id.empty())
        throw ConfigError(fmt::format("config: {}.idEnv: id and idEnv are exclusive for client \"{}\"", f.path(), c.id));
      c.id = d.getenv()(id_env).value_or("");
    }
    if (c.secret.empty() && secret_env.empty() && !c.is_public)
      throw ConfigError(
          fmt::format("config: {}.secret: secret or secretEnv is required for client \"{}\"", f.path(), c.id));
    if (!secret_env.empty()) {
      if (!c.secret.empty())
        throw ConfigError(
            fmt::format("config: {}.secretEnv: secret and secretEnv are exclusive for client \"{}\"", f.path(), c.id));
      c.secret = d.getenv()(secret_env).value_or("");
    }
    out.push_back(std::move(c));
  }
  return out;
}

// A static password's hash: bcrypt text, or (for backwards compatibility) base64 of bcrypt text.
std::string decode_hash(const std::string& hash, JsonFields& f) {
  if (base::bcrypt_cost(hash)) return hash;
  auto decoded = base::base64_decode(hash);
  if (!decoded) f.fail("hash", "malformed bcrypt hash");
  if (!base::bcrypt_cost(*decoded)) f.fail("hash", "malformed bcrypt hash (base64 decoded)");
  return *decoded;
}

std::vector<StaticPassword> decode_static_passwords(JsonFields& top, Decoder& d) {
  std::vector<StaticPassword> out;
  auto items = top.array("staticPasswords");
  for (size_t i = 0; i < items.size(); ++i) {
    JsonFields& f = d.track(JsonFields(*items[i], fmt::format("staticPasswords[{}]", i), true));
    StaticPassword p;
    p.email = f.string("email");
    p.username = f.string("username");
    p.name = f.string("name");
    p.preferred_username = f.string("preferredUsername");
    p.email_verified = f.optional_boolean("emailVerified");
    p.user_id = f.string("userID");
    p.groups = f.strings("groups");
    std::string hash = f.string("hash");
    std::string hash_env = f.string("hashFromEnv");
    if (hash.empty() && !hash_env.empty()) hash = d.getenv()(hash_env).value_or("");
    if (hash.empty()) f.fail("hash", fmt::format("no password hash provided for user {}", p.email));
    p.hash = decode_hash(hash, f);
    out.push_back(std::move(p));
  }
  return out;
}

// `dex serve` fills an empty oauth2.grantTypes with every grant except client_credentials, which
// joins only behind DEX_CLIENT_CREDENTIAL_GRANT_ENABLED_BY_DEFAULT.
void apply_serve_defaults(Config& c, const Getenv& getenv) {
  if (c.oauth2.grant_types.empty()) {
    c.oauth2.grant_types = {"authorization_code",
                            "implicit",
                            "password",
                            "refresh_token",
                            "urn:ietf:params:oauth:grant-type:device_code",
                            "urn:ietf:params:oauth:grant-type:token-exchange"};
    if (c.features.client_credential_grant_enabled_by_default) c.oauth2.grant_types.push_back("client_credentials");
  }
  if (c.frontend.dir.empty()) c.frontend.dir = getenv("DEX_FRONTEND_DIR").value_or("");
}

}  // namespace

const std::vector<std::string>& known_connector_types() {
  static const std::vector<std::string> kTypes = {
      "keystone", "mockCallback", "mockPassword", "ldap",     "gitea",           "github",    "gitlab",
      "google",   "oidc",         "oauth",        "saml",     "samlExperimental", "authproxy", "linkedin",
      "microsoft", "bitbucket-cloud", "openshift", "atlassian-crowd", "local"};
  return kTypes;
}

const std::vector<std::string>& known_storage_types() {
  static const std::vector<std::string> kTypes = {"memory", "sqlite3", "postgres", "mysql", "etcd", "kubernetes"};
  return kTypes;
}

Loaded load_text(std::string_view yaml_text, const Getenv& getenv, const Overrides& overrides) {
  json doc = yaml_to_json(yaml_text);
  if (doc.is_null()) doc = json::object();
  Decoder d(getenv);
  // Top-level string fields accept YAML numbers and booleans, as dex's target-aware loader does.
  JsonFields& top = d.track(JsonFields(doc, "", true));
  Loaded out;
  Config& c = out.config;
  c.features = read_features(getenv);
  c.issuer = top.string("issuer");
  c.storage = decode_storage(top, d, c.features);
  c.web = decode_web(top, d);
  c.telemetry = decode_telemetry(top, d);
  c.grpc = decode_grpc(top, d);
  c.expiry = decode_expiry(top, d);
  c.logger = decode_logger(top, d);
  c.oauth2 = decode_oauth2(top, d);
  c.frontend = decode_frontend(top, d);
  c.signer = decode_signer(top, d, c.expiry, c.features);
  c.connectors = decode_connectors(top, d, c.features);
  c.static_clients = decode_static_clients(top, d);
  c.enable_password_db = top.boolean("enablePasswordDB");
  c.static_passwords = decode_static_passwords(top, d);
  out.unknown_keys = d.unknown_keys();
  if (c.features.config_disallow_unknown_fields && !out.unknown_keys.empty()) {
    std::string lines;
    for (const auto& k : out.unknown_keys) lines += (lines.empty() ? "" : "\n") + fmt::format("config: {}: unknown field", k);
    throw ConfigError(lines);
  }
  apply_serve_defaults(c, getenv);
  if (overrides.web_http) c.web.http = *overrides.web_http;
  if (overrides.web_https) c.web.https = *overrides.web_https;
  if (overrides.telemetry_http) c.telemetry.http = *overrides.telemetry_http;
  if (overrides.grpc_addr) c.grpc.addr = *overrides.grpc_addr;
  validate(c);
  return out;
}

Loaded load_file(const std::filesystem::path& path, const Getenv& getenv, const Overrides& overrides) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(fmt::format("config: cannot read {}: {}", path.string(), std::strerror(errno)));
  std::stringstream ss;
  ss << in.rdbuf();
  return load_text(ss.str(), getenv, overrides);
}

}  // namespace dexcc::config
