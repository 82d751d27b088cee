// Pages: the data each page shows, as dex v2.45.1 hands it to its templates (reference §3.4), and
// the mustache view built from it. View keys keep dex's field names (Connectors, PostURL, ...), so
// a dex template ports to mustache by rewriting `{{ .PostURL }}` as `{{PostURL}}`.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace dexcc::web {

struct ConnectorInfo {
  std::string id;
  std::string name;
  std::string type;  // selects the button icon: dex-btn-icon--<type>
  std::string url;   // where the button leads
};

// GET /auth: one button per connector.
struct LoginPage {
  std::vector<ConnectorInfo> connectors;  // shown sorted by name, byte order, as v2.45.1 does
};

// /auth/{id}/login: the username/password form. Invalid re-shows it with an error and HTTP 401.
struct PasswordPage {
  std::string post_url;         // the current URL, with its state and back parameters
  std::string back_link;        // "Select another login method." when non-empty
  std::string username;         // kept after a failed attempt
  std::string username_prompt;  // the connector's prompt; empty reads "Username"
  bool invalid = false;
};

// GET /approval: the consent page. Both buttons POST to the page's own URL, which carries `req`
// and `hmac` in its query; the form repeats them as hidden fields too.
struct ApprovalPage {
  std::string user;
  std::string client;  // the client's display name
  std::string auth_req_id;
  std::string hmac;
  std::vector<std::string> scopes;  // the requested scopes; the page lists those it can describe
};

// The code for redirect_uri=urn:ietf:wg:oauth:2.0:oob.
struct OobPage {
  std::string code;
};

// GET /device: the user-code form. Invalid re-shows it with an error and HTTP 400.
struct DevicePage {
  std::string post_url;  // <issuer path>/device/auth/verify_code
  std::string user_code;
  bool invalid = false;
};

struct DeviceSuccessPage {
  std::string client_name;
};

struct ErrorPage {
  int status = 500;
  std::string message;
};

// A page that POSTs its fields to `action` as soon as it loads (SAML's HTTP-POST binding).
struct AutoPostPage {
  std::string action;
  std::vector<std::pair<std::string, std::string>> fields;
};

// dex's scopeDescriptions for the approval page, sorted: "Have offline access",
// "View basic profile information", "View your email address", "View your groups".
std::vector<std::string> scope_descriptions(const std::vector<std::string>& scopes);

// The views: JSON objects of strings, booleans and lists. Every URL-valued field has already been
// through safe_url; HTML escaping is the template engine's job.
nlohmann::json view(const LoginPage& page);
nlohmann::json view(const PasswordPage& page);
nlohmann::json view(const ApprovalPage& page);
nlohmann::json view(const OobPage& page);
nlohmann::json view(const DevicePage& page);
nlohmann::json view(const DeviceSuccessPage& page);
nlohmann::json view(const ErrorPage& page);
nlohmann::json view(const AutoPostPage& page);

}  // namespace dexcc::web
