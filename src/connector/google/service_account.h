// Google service-account credentials and the access tokens they buy: the JSON key file, the
// RS256 JWT assertion golang.org/x/oauth2/jwt signs (RFC 7523 §2.1, with domain-wide delegation
// to `sub`), and a token cached until shortly before it expires.
#pragma once

#include <mutex>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "connector/connector.h"
#include "http_client/client.h"
#include "jose/key.h"

namespace dexcc::connector::google {

inline constexpr char kDefaultTokenUri[] = "https://oauth2.googleapis.com/token";
inline constexpr char kDirectoryGroupScope[] =
    "https://www.googleapis.com/auth/admin.directory.group.readonly";

struct ServiceAccount {
  std::string client_email;
  std::string private_key_id;
  std::string token_uri;  // kDefaultTokenUri when the file has none
  jose::Key key;
};

// google.JWTConfigFromJSON's reading: "type" must be "service_account", the key a PEM RSA key.
Result<ServiceAccount> parse_service_account(std::string_view json_text);

// The file at `path`, or with an empty path Application Default Credentials as dex finds them:
// $GOOGLE_APPLICATION_CREDENTIALS, then gcloud's application_default_credentials.json.
Result<ServiceAccount> load_service_account(const std::string& path);

// The signed assertion: header alg RS256, kid private_key_id, typ JWT; claims iss client_email,
// scope, aud token_uri, iat now-10s, exp iat+1h, and sub and prn = `subject` when not empty.
Result<std::string> make_assertion(const ServiceAccount& account, std::string_view scope,
                                   std::string_view subject, base::Time now);

// Access tokens for one (account, scope, subject), fetched with the jwt-bearer grant and reused
// until 10 seconds before they expire, as x/oauth2's ReuseTokenSource does. Thread-safe.
class DelegatedTokens {
 public:
  DelegatedTokens(ServiceAccount account, std::string scope, std::string subject,
                  const http_client::Client& client, const base::Clock& clock)
      : account_(std::move(account)),
        scope_(std::move(scope)),
        subject_(std::move(subject)),
        client_(client),
        clock_(clock) {}

  // The Authorization header value ("Bearer <token>").
  Result<std::string> authorization() const;
  const std::string& subject() const { return subject_; }

 private:
  ServiceAccount account_;
  std::string scope_, subject_;
  const http_client::Client& client_;
  const base::Clock& clock_;
  mutable std::mutex mu_;  // held across a fetch, so concurrent logins share one token request
  mutable std::string authorization_;
  mutable base::Time expiry_{};
  mutable bool expires_ = false;
};

}  // namespace dexcc::connector::google
