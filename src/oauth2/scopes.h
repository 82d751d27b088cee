// Scope parsing and classification as dex does it (reference dex-server.md §5.7, §2.2 step 9).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/text.h"

namespace dexcc::oauth2 {

constexpr std::string_view kScopeOpenId = "openid";
constexpr std::string_view kScopeOfflineAccess = "offline_access";
constexpr std::string_view kScopeEmail = "email";
constexpr std::string_view kScopeProfile = "profile";
constexpr std::string_view kScopeGroups = "groups";
constexpr std::string_view kScopeFederatedId = "federated:id";
constexpr std::string_view kScopeCrossClientPrefix = "audience:server:client_id:";

// Go's strings.Fields: split on runs of whitespace.
std::vector<std::string> split_fields(std::string_view s);

struct ScopeCheck {
  bool has_openid = false;
  std::vector<std::string> unrecognized;  // in request order
  std::vector<std::string> peers;         // client IDs named by audience:server:client_id:<id>, in order
};

// Sorts each scope into known, cross-client peer, or unrecognized. Trust of the peers is decided by
// the caller (it needs storage).
ScopeCheck classify_scopes(const std::vector<std::string>& scopes);

bool has_scope(const std::vector<std::string>& scopes, std::string_view scope);

// Go's fmt "%q" of a []string: ["a" "b"] with strconv.Quote escaping.
std::string go_quote_list(const std::vector<std::string>& values);
// Go's strconv.Quote of one string (it lives in base, below the URL parser that quotes too).
using base::go_quote;

}  // namespace dexcc::oauth2
