// The keystone connector: login with the user's own token, refresh with an admin token.
#include "connector/keystone/keystone.h"

#include <fmt/format.h>

#include "base/text.h"
#include "connector/keystone/api.h"
#include "connector/upstream/client.h"

namespace dexcc::connector::keystone {
namespace {

class Keystone final : public Connector, public PasswordConnector, public RefreshConnector {
 public:
  Keystone(Config config, http_client::Client client)
      : config_(std::move(config)), api_(config_, std::move(client)) {}

  Capabilities capabilities() const override { return capabilities_of(this); }

  // connector::PasswordConnector
  std::string prompt() const override { return "username"; }

  Result<std::optional<Identity>> login(const Scopes& scopes, std::string_view username,
                                        std::string_view password) const override {
    auto answer = api_.create_token(std::string(username), std::string(password));
    if (!answer) return std::unexpected(answer.error());
    // Keystone's 401 for a wrong password is an error in dex, not "invalid password"; only another
    // 2xx than 201 shows the form again.
    if (answer->status / 100 != 2) return failed(fmt::format("keystone login: error {}", answer->status));
    if (answer->status != 201) return std::optional<Identity>();
    Identity id;
    if (scopes.groups) {
      auto groups = api_.groups(answer->user_id, answer->token);
      if (!groups) return std::unexpected(groups.error());
      id.groups = std::move(*groups);
    }
    id.username = std::string(username);
    id.user_id = answer->user_id;
    auto user = api_.user(answer->user_id, answer->token);
    if (!user) return std::unexpected(user.error());
    // dex v2.45.1 dereferences nil here and the request panics.
    if (!*user) return failed(fmt::format("keystone: user {} does not exist", base::go_quote(id.user_id)));
    if (!(*user)->email.empty()) {
      id.email = (*user)->email;
      id.email_verified = true;
    }
    return std::optional<Identity>(std::move(id));
  }

  // connector::RefreshConnector
  Result<Identity> refresh(const Scopes& scopes, const Identity& identity) const override {
    auto admin = api_.create_token(config_.admin_username, config_.admin_password);
    if (!admin)
      return failed(fmt::format("keystone: failed to obtain admin token: {}", admin.error().message));
    // dex goes on with whatever token header came back; without one every lookup would fail anyway.
    if (admin->status != 201) {
      return failed(fmt::format("keystone: failed to obtain admin token: status {}", admin->status));
    }
    auto user = api_.user(identity.user_id, admin->token);
    if (!user) return std::unexpected(user.error());
    std::string quoted = base::go_quote(identity.user_id);
    if (!*user) return failed(fmt::format("keystone: user {} does not exist", quoted));
    if (!(*user)->enabled) return failed(fmt::format("keystone: user {} is disabled", quoted));
    Identity refreshed = identity;
    if (scopes.groups) {
      auto groups = api_.groups(identity.user_id, admin->token);
      if (!groups) return std::unexpected(groups.error());
      refreshed.groups = std::move(*groups);
    }
    return refreshed;
  }

 private:
  Config config_;
  Api api_;
};
static_assert(std::derived_from<Keystone, PasswordConnector>);
static_assert(std::derived_from<Keystone, RefreshConnector>);

}  // namespace

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json& json) {
  Config config = parse_config(json, fmt::format("connectors[{}].config", context.id));
  // dex uses Go's default client: system roots, proxy variables, redirects followed.
  auto client = upstream::make_client({}, false);
  if (!client) return failed(fmt::format("failed to create HTTP client: {}", client.error().message));
  return std::make_unique<Keystone>(std::move(config), std::move(*client));
}

}  // namespace dexcc::connector::keystone
