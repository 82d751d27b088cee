// mockCallback and mockPassword, matching dex's connector/mock behaviour.
#include "connector/mock/mock.h"

#include <fmt/format.h>

#include "base/json_fields.h"
#include "base/random.h"
#include "connector/state_url.h"

namespace dexcc::connector::mock {
namespace {

class CallbackMock final : public Connector,
                           public CallbackConnector,
                           public RefreshConnector,
                           public TokenIdentityConnector {
 public:
  Capabilities capabilities() const override { return capabilities_of(this); }

  // connector::CallbackConnector
  Result<LoginRedirect> login_url(const Scopes&, const std::string& callback_url,
                                  const std::string& state) const override {
    return LoginRedirect{url_with_state(callback_url, state), ""};
  }
  Result<Identity> handle_callback(const Scopes&, const std::string&, const http::Request&) const override {
    return kilgore_trout();
  }

  // connector::RefreshConnector
  Result<Identity> refresh(const Scopes&, const Identity& identity) const override { return identity; }

  // connector::TokenIdentityConnector
  Result<Identity> token_identity(std::string_view, std::string_view) const override { return kilgore_trout(); }
};
static_assert(std::derived_from<CallbackMock, CallbackConnector>);
static_assert(std::derived_from<CallbackMock, RefreshConnector>);
static_assert(std::derived_from<CallbackMock, TokenIdentityConnector>);

class PasswordMock final : public Connector, public PasswordConnector, public RefreshConnector {
 public:
  PasswordMock(std::string username, std::string password)
      : username_(std::move(username)), password_(std::move(password)) {}

  Capabilities capabilities() const override { return capabilities_of(this); }

  // connector::PasswordConnector
  std::string prompt() const override { return ""; }
  Result<std::optional<Identity>> login(const Scopes&, std::string_view username,
                                        std::string_view password) const override {
    bool user_ok = base::constant_time_equal(username, username_);
    bool pass_ok = base::constant_time_equal(password, password_);
    if (!user_ok || !pass_ok) return std::optional<Identity>();
    Identity id = kilgore_trout();
    id.groups.clear();
    id.connector_data = R"({"test": "true"})";
    return std::optional<Identity>(std::move(id));
  }

  // connector::RefreshConnector
  Result<Identity> refresh(const Scopes&, const Identity& identity) const override { return identity; }

 private:
  std::string username_, password_;
};
static_assert(std::derived_from<PasswordMock, PasswordConnector>);
static_assert(std::derived_from<PasswordMock, RefreshConnector>);

}  // namespace

Identity kilgore_trout() {
  return Identity{{.user_id = "0-385-28089-0",
                   .username = "Kilgore Trout",
                   .email = "kilgore@kilgore.trout",
                   .email_verified = true,
                   .groups = {"authors"}},
                  "foobar"};
}

Result<std::unique_ptr<Connector>> open_callback(const OpenContext&, const nlohmann::json&) {
  return std::make_unique<CallbackMock>();
}

Result<std::unique_ptr<Connector>> open_password(const OpenContext& context, const nlohmann::json& config) {
  base::JsonFields f(config, fmt::format("connectors[{}].config", context.id));
  std::string username = f.string("username");
  std::string password = f.string("password");
  if (username.empty()) f.fail("username", "no username supplied");
  if (password.empty()) f.fail("password", "no password supplied");
  return std::make_unique<PasswordMock>(std::move(username), std::move(password));
}

}  // namespace dexcc::connector::mock
