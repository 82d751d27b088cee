// Password login against storage passwords, with dex's cost window and identity mapping.
#include "connector/local/local.h"

#include <fmt/format.h>

#include "base/bcrypt.h"
#include "base/log.h"
#include "base/random.h"

namespace dexcc::connector::local {
namespace {

// A cost-10 hash of a random secret, compared against when an email is unknown so that unknown and
// known accounts take the same time to answer (no user enumeration by timing).
const std::string& decoy_hash() {
  static const std::string kDecoy = base::bcrypt_hash(base::hex_encode(base::random_bytes(16)), kMinCost);
  return kDecoy;
}

Identity identity_of(const storage::Password& p) {
  return Identity{{.user_id = p.user_id,
                   .username = p.name.empty() ? p.username : p.name,
                   .preferred_username = p.preferred_username,
                   .email = p.email,
                   .email_verified = p.email_verified.value_or(true),
                   .groups = p.groups},
                  ""};
}

class PasswordDb final : public Connector, public PasswordConnector, public RefreshConnector {
 public:
  explicit PasswordDb(storage::PasswordStore& store) : store_(store) {}

  Capabilities capabilities() const override { return capabilities_of(this); }

  // connector::PasswordConnector
  std::string prompt() const override { return "Email Address"; }

  Result<std::optional<Identity>> login(const Scopes&, std::string_view email,
                                        std::string_view password) const override {
    auto p = store_.get_password(email);
    if (!p) {
      if (!p.error().not_found()) return failed("get password: " + p.error().message);
      base::bcrypt_verify(password, decoy_hash());
      return std::optional<Identity>();
    }
    auto cost = base::bcrypt_cost(p->hash);
    if (!cost || *cost < kMinCost || *cost > kMaxCost) {
      return failed(fmt::format("password hash cost {} is outside the allowed range {}..{}",
                                cost ? std::to_string(*cost) : "(invalid)", kMinCost, kMaxCost));
    }
    if (!base::bcrypt_verify(password, p->hash)) return std::optional<Identity>();
    return std::optional<Identity>(identity_of(*p));
  }

  // connector::RefreshConnector
  Result<Identity> refresh(const Scopes&, const Identity& identity) const override {
    // The email is the lookup key: it never changes; a deleted or re-created user stops refreshing.
    auto p = store_.get_password(identity.email);
    if (!p) {
      if (p.error().not_found()) return failed("user not found");
      return failed("get password: " + p.error().message);
    }
    if (p->user_id != identity.user_id) return failed("user not found");
    Identity refreshed = identity;
    refreshed.username = p->name.empty() ? p->username : p->name;
    refreshed.preferred_username = p->preferred_username;
    refreshed.email_verified = p->email_verified.value_or(true);
    refreshed.groups = p->groups;
    return refreshed;
  }

 private:
  storage::PasswordStore& store_;
};
static_assert(std::derived_from<PasswordDb, PasswordConnector>);
static_assert(std::derived_from<PasswordDb, RefreshConnector>);

}  // namespace

Result<std::unique_ptr<Connector>> open(const OpenContext& context, const nlohmann::json&) {
  if (!context.passwords) return failed("the local connector needs the password store");
  return std::make_unique<PasswordDb>(*context.passwords);
}

}  // namespace dexcc::connector::local
