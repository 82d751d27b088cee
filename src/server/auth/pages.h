// Pages: the HTML pages the browser flow shows, declared here by the flow that needs them; the web
// module's templates implement it (server/web_pages.h) and tests can pass a fake.
#pragma once

#include <string>
#include <vector>

#include "http/request.h"
#include "http/response.h"

namespace dexcc::server::auth {

struct ConnectorChoice {
  std::string id;
  std::string name;
  std::string type;
  std::string url;  // where its button leads: <issuer path>/auth/<escaped id>?<params>
};

struct PasswordForm {
  std::string post_url;
  std::string back_link;
  std::string username;
  std::string username_prompt;
  bool invalid = false;
};

struct ApprovalForm {
  std::string user;
  std::string client_name;
  std::string auth_request_id;
  std::string hmac;
  std::vector<std::string> scopes;  // requested scopes; the page shows what it can describe
};

struct DeviceForm {
  std::string post_url;
  std::string user_code;
  bool invalid = false;
};

class Pages {
 public:
  virtual ~Pages() = default;
  virtual http::Response login(const http::Request& req, const std::vector<ConnectorChoice>& connectors) const = 0;
  virtual http::Response password(const http::Request& req, const PasswordForm& form, int status) const = 0;
  virtual http::Response approval(const http::Request& req, const ApprovalForm& form) const = 0;
  virtual http::Response oob(const http::Request& req, const std::string& code) const = 0;
  virtual http::Response error(const http::Request& req, int status, const std::string& message) const = 0;
  virtual http::Response device(const http::Request& req, const DeviceForm& form, int status) const = 0;
  virtual http::Response device_success(const http::Request& req, const std::string& client_name) const = 0;
  // A page that POSTs `fields` to `action` by itself (SAML's HTTP-POST binding).
  virtual http::Response auto_post(const http::Request& req, const std::string& action,
                                   const std::vector<std::pair<std::string, std::string>>& fields) const = 0;
};

}  // namespace dexcc::server::auth
