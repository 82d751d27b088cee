// CreatePassword, UpdatePassword, DeletePassword, ListPasswords and VerifyPassword with dex v2.45.1's
// rules: hashes only (bcrypt, cost 10..16), never plain passwords, and no hash ever listed.
#include <fmt/format.h>

#include "api/handlers.h"
#include "api/password_hash.h"
#include "base/bcrypt.h"
#include "base/log.h"

namespace dexcc::api {

Outcome Handlers::create_password(const pb::CreatePasswordReq& req, pb::CreatePasswordResp& resp) {
  if (!req.has_password()) return base::fail("no password supplied");
  const pb::Password& p = req.password();
  if (p.user_id().empty()) return base::fail("no user ID supplied");
  // proto3 sends no empty bytes field, so dex's nil check is an emptiness check here.
  if (p.hash().empty()) return base::fail("no hash of password supplied");
  if (auto ok = check_hash_cost(p.hash()); !ok) return ok;

  storage::Password record{
      .email = p.email(), .hash = p.hash(), .username = p.username(), .user_id = p.user_id()};
  if (auto r = stores_.passwords.create_password(record); !r) {
    return write_failed(
        r.error(), storage::ErrorKind::kAlreadyExists, [&] { resp.set_already_exists(true); },
        "create password");
  }
  return {};
}

Outcome Handlers::update_password(const pb::UpdatePasswordReq& req, pb::UpdatePasswordResp& resp) {
  if (req.email().empty()) return base::fail("no email supplied");
  if (req.new_hash().empty() && req.new_username().empty()) return base::fail("nothing to update");
  if (!req.new_hash().empty()) {
    if (auto ok = check_hash_cost(req.new_hash()); !ok) return ok;
  }
  auto r = stores_.passwords.update_password(
      req.email(), [&req](storage::Password old) -> storage::Result<storage::Password> {
        if (!req.new_hash().empty()) old.hash = req.new_hash();
        if (!req.new_username().empty()) old.username = req.new_username();
        return old;
      });
  if (!r) {
    return write_failed(
        r.error(), storage::ErrorKind::kNotFound, [&] { resp.set_not_found(true); }, "update password");
  }
  return {};
}

Outcome Handlers::delete_password(const pb::DeletePasswordReq& req, pb::DeletePasswordResp& resp) {
  if (req.email().empty()) return base::fail("no email supplied");
  if (auto r = stores_.passwords.delete_password(req.email()); !r) {
    return write_failed(
        r.error(), storage::ErrorKind::kNotFound, [&] { resp.set_not_found(true); }, "delete password");
  }
  return {};
}

Outcome Handlers::list_passwords(const pb::ListPasswordReq&, pb::ListPasswordResp& resp) {
  auto all = stores_.passwords.list_passwords();
  if (!all) {
    log::error("api: failed to list passwords", {{"err", all.error().message}});
    return base::fail(fmt::format("list passwords: {}", all.error().message));
  }
  for (const auto& p : *all) {
    pb::Password* out = resp.add_passwords();
    out->set_email(p.email);
    out->set_username(p.username);
    out->set_user_id(p.user_id);
  }
  return {};
}

Outcome Handlers::verify_password(const pb::VerifyPasswordReq& req, pb::VerifyPasswordResp& resp) {
  if (req.email().empty()) return base::fail("no email supplied");
  if (req.password().empty()) return base::fail("no password to verify supplied");
  auto p = stores_.passwords.get_password(req.email());
  if (!p) {
    if (p.error().not_found()) {
      resp.set_not_found(true);
      return {};
    }
    log::error("api: there was an error retrieving the password", {{"err", p.error().message}});
    return base::fail(fmt::format("verify password: {}", p.error().message));
  }
  // No cost check here, as in dex: a static password with any valid bcrypt hash verifies.
  bool ok = base::bcrypt_verify(req.password(), p->hash);
  if (!ok) log::info("api: password check failed", {{"email", req.email()}});
  resp.set_verified(ok);
  return {};
}

}  // namespace dexcc::api
