// Decoding the oidc connector's config with dex's defaults; refusals throw base::ConfigError.
#include "connector/oidc/config.h"

#include "base/log.h"

namespace dexcc::connector::oidc {
namespace {

std::vector<NewGroupFromClaims> new_groups(base::JsonFields& modifications) {
  std::vector<NewGroupFromClaims> out;
  size_t i = 0;
  for (const nlohmann::json* item : modifications.array("newGroupFromClaims")) {
    base::JsonFields f(*item, modifications.path_of("newGroupFromClaims") + "[" + std::to_string(i++) + "]");
    out.push_back({.claims = f.strings("claims"),
                   .delimiter = f.string("delimiter"),
                   .clear_delimiter = f.boolean("clearDelimiter"),
                   .prefix = f.string("prefix")});
  }
  return out;
}

// dex compiles the filter and, when it does not compile, warns and filters nothing.
std::optional<std::regex> groups_filter(base::JsonFields& filter) {
  std::string pattern = filter.string("groupsFilter");
  if (pattern.empty()) return std::nullopt;
  try {
    return std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error&) {
    log::warn("ignoring invalid groupsFilter regex", {{"key", filter.path_of("groupsFilter")}});
    return std::nullopt;
  }
}

ClaimRules claim_rules(base::JsonFields& f) {
  ClaimRules r;
  r.insecure_skip_email_verified = f.boolean("insecureSkipEmailVerified");
  r.insecure_enable_groups = f.boolean("insecureEnableGroups");
  r.allowed_groups = f.strings("allowedGroups");
  r.user_id_key = f.string("userIDKey");
  r.user_name_key = f.string("userNameKey");
  r.override_claim_mapping = f.boolean("overrideClaimMapping");
  base::JsonFields mapping = f.object("claimMapping");
  r.preferred_username_key = mapping.string("preferred_username");
  r.email_key = mapping.string("email");
  r.groups_key = mapping.string("groups");
  base::JsonFields modifications = f.object("claimModifications");
  r.new_group_from_claims = new_groups(modifications);
  base::JsonFields filter = modifications.object("filterGroupClaims");
  r.groups_filter = groups_filter(filter);
  base::JsonFields rename = modifications.object("modifyGroupNames");
  r.group_prefix = rename.string("prefix");
  r.group_suffix = rename.string("suffix");
  for (auto* nested : {&mapping, &modifications, &filter, &rename}) {
    for (const auto& key : nested->unknown_keys()) log::warn("unknown connector config key", {{"key", key}});
  }
  return r;
}

}  // namespace

Config parse_config(const nlohmann::json& json, const std::string& path) {
  base::JsonFields f(json, path);
  Config c;
  c.issuer = f.string("issuer");
  c.issuer_alias = f.string("issuerAlias");
  c.client_id = f.string("clientID");
  c.client_secret = f.string("clientSecret");
  c.redirect_uri = f.string("redirectURI");
  base::JsonFields o = f.object("providerDiscoveryOverrides");
  c.overrides = {.token_url = o.string("tokenURL"),
                 .auth_url = o.string("authURL"),
                 .jwks_url = o.string("jwksURL"),
                 .user_info_url = o.string("userInfoURL"),
                 .device_auth_url = o.string("deviceAuthURL"),
                 .end_session_url = o.string("endSessionURL")};
  c.basic_auth_unsupported = f.optional_boolean("basicAuthUnsupported");
  std::vector<std::string> scopes = f.strings("scopes");
  c.scopes = {"openid"};
  if (scopes.empty()) scopes = {"profile", "email"};
  c.scopes.insert(c.scopes.end(), scopes.begin(), scopes.end());
  if (!f.strings("hostedDomains").empty()) {
    f.fail("hostedDomains",
           "hostedDomains is no longer supported by the oidc connector; use the google connector");
  }
  c.root_cas = f.strings("rootCAs");
  c.insecure_skip_verify = f.boolean("insecureSkipVerify");
  c.acr_values = f.strings("acrValues");
  c.get_user_info = f.boolean("getUserInfo");
  if (auto prompt = f.optional_string("promptType")) c.prompt_type = *prompt;
  c.pkce_challenge = f.string("pkceChallenge");
  if (!c.pkce_challenge.empty() && c.pkce_challenge != "S256" && c.pkce_challenge != "plain") {
    f.fail("pkceChallenge",
           "unsupported PKCE challenge method \"" + c.pkce_challenge + "\" (want S256 or plain)");
  }
  c.claims = claim_rules(f);
  c.claims.email_scope = std::find(c.scopes.begin(), c.scopes.end(), "email") != c.scopes.end();
  for (const auto& key : o.unknown_keys()) log::warn("unknown connector config key", {{"key", key}});
  for (const auto& key : f.unknown_keys()) log::warn("unknown connector config key", {{"key", key}});
  return c;
}

}  // namespace dexcc::connector::oidc
