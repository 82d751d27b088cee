// Test doubles for the server module: pages that describe themselves in plain text, a token minter
// that makes readable fake tokens, and a fixture with memory storage, clients and connectors.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "base/bcrypt.h"
#include "connector/manager.h"
#include "server/auth/flow.h"
#include "storage/memory/memory.h"
#include "storage/static.h"

namespace dexcc::server::testing {

class FakePages : public auth::Pages {
 public:
  http::Response login(const http::Request&, const std::vector<auth::ConnectorChoice>& cs) const override {
    std::string body = "login";
    for (const auto& c : cs) body += "|" + c.id + "=" + c.url;
    return http::Response::html(200, body);
  }
  http::Response password(const http::Request&, const auth::PasswordForm& f, int status) const override {
    return http::Response::html(status, "password|" + f.post_url + "|" + f.username + "|" + f.username_prompt + "|" +
                                            (f.invalid ? "invalid" : "valid") + "|back=" + f.back_link);
  }
  http::Response approval(const http::Request&, const auth::ApprovalForm& f) const override {
    return http::Response::html(200, "approval|" + f.user + "|" + f.client_name + "|" + f.auth_request_id);
  }
  http::Response oob(const http::Request&, const std::string& code) const override {
    return http::Response::html(200, "oob|" + code);
  }
  http::Response error(const http::Request&, int status, const std::string& message) const override {
    return http::Response::html(status, "error|" + message);
  }
  http::Response device(const http::Request&, const auth::DeviceForm& f, int status) const override {
    return http::Response::html(status, "device|" + f.post_url + "|" + f.user_code + "|" + (f.invalid ? "invalid" : "valid"));
  }
  http::Response device_success(const http::Request&, const std::string& client_name) const override {
    return http::Response::html(200, "device_success|" + client_name);
  }
  http::Response auto_post(const http::Request&, const std::string& action,
                           const std::vector<std::pair<std::string, std::string>>&) const override {
    return http::Response::html(200, "post|" + action);
  }
};

class FakeMinter : public tokens::TokenMinter {
 public:
  explicit FakeMinter(const base::Clock& clock) : clock_(clock) {}
  oauth2::Result<tokens::Minted> id_token(const tokens::TokenSubject& s, std::string_view access_token,
                                          std::string_view code) const override {
    return tokens::Minted{"idtoken." + s.client_id + "." + s.claims.user_id + ".at=" + std::string(access_token) +
                              ".c=" + std::string(code),
                          clock_.now() + std::chrono::hours(24)};
  }
  oauth2::Result<tokens::Minted> access_token(const tokens::TokenSubject& s) const override {
    return tokens::Minted{"access." + s.client_id, clock_.now() + std::chrono::hours(24)};
  }

 private:
  const base::Clock& clock_;
};

}  // namespace dexcc::server::testing
