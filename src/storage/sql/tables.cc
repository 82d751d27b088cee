// Column lists of dex's tables and generation of the CRUD statements over them.
#include "storage/sql/tables.h"

#include <fmt/format.h>

namespace dexcc::storage::sql {
namespace {

std::string join(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  std::string out;
  for (const auto* list : {&a, &b}) {
    for (auto c : *list) {
      if (!out.empty()) out += ", ";
      out += c;
    }
  }
  return out;
}

// "k1 = $n, k2 = $n+1" joined by `sep`, numbering from `first`.
std::string assignments(const std::vector<std::string_view>& cols, int first, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < cols.size(); ++i) {
    if (i > 0) out += sep;
    out += fmt::format("{} = ${}", cols[i], first + static_cast<int>(i));
  }
  return out;
}

}  // namespace

const Table& client_table() {
  static const Table t{
      "client", {"secret", "redirect_uris", "trusted_peers", "public", "name", "logo_url"}, {"id"}};
  return t;
}

const Table& auth_request_table() {
  static const Table t{"auth_request",
                       {"client_id",
                        "response_types",
                        "scopes",
                        "redirect_uri",
                        "nonce",
                        "state",
                        "force_approval_prompt",
                        "logged_in",
                        "claims_user_id",
                        "claims_username",
                        "claims_preferred_username",
                        "claims_email",
                        "claims_email_verified",
                        "claims_groups",
                        "connector_id",
                        "connector_data",
                        "expiry",
                        "code_challenge",
                        "code_challenge_method",
                        "hmac_key"},
                       {"id"}};
  return t;
}

const Table& auth_code_table() {
  static const Table t{
      "auth_code",
      {"client_id", "scopes", "nonce", "redirect_uri", "claims_user_id", "claims_username",
       "claims_preferred_username", "claims_email", "claims_email_verified", "claims_groups", "connector_id",
       "connector_data", "expiry", "code_challenge", "code_challenge_method"},
      {"id"}};
  return t;
}

const Table& refresh_token_table() {
  static const Table t{
      "refresh_token",
      {"client_id", "scopes", "nonce", "claims_user_id", "claims_username", "claims_preferred_username",
       "claims_email", "claims_email_verified", "claims_groups", "connector_id", "connector_data", "token",
       "obsolete_token", "created_at", "last_used"},
      {"id"}};
  return t;
}

const Table& password_table() {
  static const Table t{
      "password",
      {"hash", "username", "user_id", "preferred_username", "groups", "name", "email_verified"},
      {"email"}};
  return t;
}

const Table& keys_table() {
  static const Table t{
      "keys", {"verification_keys", "signing_key", "signing_key_pub", "next_rotation"}, {"id"}};
  return t;
}

const Table& offline_session_table() {
  static const Table t{"offline_session", {"refresh", "connector_data"}, {"user_id", "conn_id"}};
  return t;
}

const Table& connector_table() {
  static const Table t{"connector", {"type", "name", "resource_version", "config"}, {"id"}};
  return t;
}

const Table& device_request_table() {
  static const Table t{
      "device_request", {"device_code", "client_id", "client_secret", "scopes", "expiry"}, {"user_code"}};
  return t;
}

const Table& device_token_table() {
  static const Table t{"device_token",
                       {"status", "token", "expiry", "last_request", "poll_interval", "code_challenge",
                        "code_challenge_method"},
                       {"device_code"}};
  return t;
}

std::string insert_statement(const Table& t) {
  std::string params;
  size_t n = t.values.size() + t.keys.size();
  for (size_t i = 1; i <= n; ++i) params += fmt::format("{}${}", i > 1 ? ", " : "", i);
  return fmt::format("insert into {} ({}) values ({});", t.name, join(t.values, t.keys), params);
}

std::string select_statement(const Table& t, bool by_key) {
  if (!by_key) return fmt::format("select {} from {};", join(t.values, t.keys), t.name);
  return fmt::format("select {} from {} where {};", join(t.values, t.keys), t.name,
                     assignments(t.keys, 1, " and "));
}

std::string update_statement(const Table& t) {
  return fmt::format("update {} set {} where {};", t.name, assignments(t.values, 1, ", "),
                     assignments(t.keys, static_cast<int>(t.values.size()) + 1, " and "));
}

std::string delete_statement(const Table& t) {
  return fmt::format("delete from {} where {};", t.name, assignments(t.keys, 1, " and "));
}

std::string delete_expired_statement(std::string_view table) {
  return fmt::format("delete from {} where expiry < $1;", table);
}

}  // namespace dexcc::storage::sql
