// Service-account key files, jwt-bearer assertions and the cached delegated access token.
#include "connector/google/service_account.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "base/go_json.h"
#include "base/secret_string.h"
#include "connector/upstream/authorize.h"
#include "connector/upstream/token.h"
#include "http_client/calls.h"
#include "jose/jws_signer.h"
#include "jose/pem.h"

namespace dexcc::connector::google {
namespace {

constexpr char kJwtBearer[] = "urn:ietf:params:oauth:grant-type:jwt-bearer";

std::string member(const nlohmann::json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A credentials file holds a private key: its text is wiped when freed.
std::optional<base::SecretString> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return base::SecretString(std::move(text).str());
}

}  // namespace

Result<ServiceAccount> parse_service_account(std::string_view json_text) {
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
  base::WipeJsonOnExit wipe(j);  // private_key is in it
  if (j.is_discarded() || !j.is_object())
    return failed("google: read JWT from JSON credentials: not a JSON object");
  std::string type = member(j, "type");
  if (type != "service_account") {
    return failed(fmt::format(
        "google: read JWT from JSON credentials: 'type' field is \"{}\" (expected \"service_account\")",
        type));
  }
  base::SecretString key_pem = member(j, "private_key");
  auto key = jose::parse_private_key_pem(key_pem);
  if (!key)
    return failed(
        fmt::format("private key should be a PEM or plain PKCS1 or PKCS8; {}", key.error().message));
  if (key->type() != jose::KeyType::kRsa) return failed("private key is invalid: not an RSA key");
  ServiceAccount account{.client_email = member(j, "client_email"),
                         .private_key_id = member(j, "private_key_id"),
                         .token_uri = member(j, "token_uri"),
                         .key = std::move(*key)};
  if (account.token_uri.empty()) account.token_uri = kDefaultTokenUri;
  return account;
}

Result<ServiceAccount> load_service_account(const std::string& path) {
  std::string file = path;
  if (file.empty()) {
    // google.FindDefaultCredentials: the variable, then gcloud's well-known file. dex v2.45.1 can
    // do nothing with the metadata server's credentials (they have no JSON), so neither do we.
    if (const char* env = std::getenv("GOOGLE_APPLICATION_CREDENTIALS"); env && *env) {
      file = env;
    } else if (const char* home = std::getenv("HOME"); home && *home) {
      std::string well_known = std::string(home) + "/.config/gcloud/application_default_credentials.json";
      if (read_file(well_known)) file = well_known;
    }
    if (file.empty()) {
      return failed(
          "failed to fetch application default credentials: google: could not find default credentials");
    }
  }
  auto text = read_file(file);
  if (!text) return failed(fmt::format("error reading credentials from file: open {}: cannot read", file));
  auto account = parse_service_account(*text);
  if (!account)
    return failed(fmt::format("unable to parse client secret file to config: {}", account.error().message));
  return account;
}

Result<std::string> make_assertion(const ServiceAccount& account, std::string_view scope,
                                   std::string_view subject, base::Time now) {
  // x/oauth2/jws sets its clock back 10 s, so that a server whose clock is behind ours still
  // takes the assertion.
  int64_t iat = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count() - 10;
  nlohmann::ordered_json claims{{"iss", account.client_email},
                                {"scope", scope},
                                {"aud", account.token_uri},
                                {"exp", iat + 3600},
                                {"iat", iat}};
  if (!subject.empty()) {
    claims["sub"] = subject;
    claims["prn"] = subject;  // sub's old name, still set by x/oauth2 for older servers
  }
  auto signer = jose::JwsSigner::create(account.key, jose::Algorithm::kRS256, account.private_key_id, "JWT");
  if (!signer) return failed(fmt::format("google: cannot sign the assertion: {}", signer.error().message));
  auto token = signer->sign(base::go_json_dump(claims));
  if (!token) return failed(fmt::format("google: cannot sign the assertion: {}", token.error().message));
  return std::move(*token);
}

Result<std::string> DelegatedTokens::authorization() const {
  std::lock_guard lock(mu_);
  base::Time now = clock_.now();
  if (!authorization_.empty() && (!expires_ || now + std::chrono::seconds(10) < expiry_))
    return authorization_;
  auto assertion = make_assertion(account_, scope_, subject_, now);
  if (!assertion) return std::unexpected(assertion.error());
  auto response = http_client::post_form(client_, account_.token_uri,
                                         {{"grant_type", kJwtBearer}, {"assertion", *assertion}});
  if (!response) return failed(fmt::format("oauth2: cannot fetch token: {}", response.error().message));
  auto token = upstream::parse_token_response(
      response->status, response->headers.get("Content-Type").value_or(""), response->body);
  if (!token) return std::unexpected(token.error());
  authorization_ = upstream::authorization_value(token->token_type, token->access_token);
  expires_ = token->expires_in > 0;
  expiry_ = now + std::chrono::seconds(token->expires_in);
  return authorization_;
}

}  // namespace dexcc::connector::google
