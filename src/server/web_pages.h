// WebPages: the browser flow's Pages rendered by the web module's templates.
#pragma once

#include "server/auth/pages.h"
#include "web/frontend.h"

namespace dexcc::server {

class WebPages final : public auth::Pages {
 public:
  explicit WebPages(const web::Frontend& frontend) : frontend_(frontend) {}

  // auth::Pages
  http::Response login(const http::Request& req, const std::vector<auth::ConnectorChoice>& connectors) const override;
  http::Response password(const http::Request& req, const auth::PasswordForm& form, int status) const override;
  http::Response approval(const http::Request& req, const auth::ApprovalForm& form) const override;
  http::Response oob(const http::Request& req, const std::string& code) const override;
  http::Response error(const http::Request& req, int status, const std::string& message) const override;
  http::Response device(const http::Request& req, const auth::DeviceForm& form, int status) const override;
  http::Response device_success(const http::Request& req, const std::string& client_name) const override;
  http::Response auto_post(const http::Request& req, const std::string& action,
                           const std::vector<std::pair<std::string, std::string>>& fields) const override;

 private:
  const web::Frontend& frontend_;
};

}  // namespace dexcc::server
