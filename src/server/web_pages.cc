// Mapping the flow's page data onto the web module's page types.
#include "server/web_pages.h"

namespace dexcc::server {

http::Response WebPages::login(const http::Request& req, const std::vector<auth::ConnectorChoice>& connectors) const {
  web::LoginPage page;
  for (const auto& c : connectors) page.connectors.push_back({c.id, c.name, c.type, c.url});
  return frontend_.login(req, page);
}

http::Response WebPages::password(const http::Request& req, const auth::PasswordForm& form, int status) const {
  http::Response r = frontend_.password(req, web::PasswordPage{.post_url = form.post_url,
                                                                 .back_link = form.back_link,
                                                                 .username = form.username,
                                                                 .username_prompt = form.username_prompt,
                                                                 .invalid = form.invalid});
  r.status = status;
  return r;
}

http::Response WebPages::approval(const http::Request& req, const auth::ApprovalForm& form) const {
  return frontend_.approval(req, web::ApprovalPage{.user = form.user,
                                                   .client = form.client_name,
                                                   .auth_req_id = form.auth_request_id,
                                                   .hmac = form.hmac,
                                                   .scopes = form.scopes});
}

http::Response WebPages::oob(const http::Request& req, const std::string& code) const {
  return frontend_.oob(req, web::OobPage{code});
}

http::Response WebPages::error(const http::Request& req, int status, const std::string& message) const {
  return frontend_.error_page(req, status, message);
}

http::Response WebPages::device(const http::Request& req, const auth::DeviceForm& form, int status) const {
  http::Response r =
      frontend_.device(req, web::DevicePage{.post_url = form.post_url, .user_code = form.user_code, .invalid = form.invalid});
  r.status = status;
  return r;
}

http::Response WebPages::device_success(const http::Request& req, const std::string& client_name) const {
  return frontend_.device_success(req, web::DeviceSuccessPage{client_name});
}

http::Response WebPages::auto_post(const http::Request& req, const std::string& action,
                                   const std::vector<std::pair<std::string, std::string>>& fields) const {
  return frontend_.auto_post(req, web::AutoPostPage{action, fields});
}

}  // namespace dexcc::server
