// Scope classification and Go-style quoting of scope lists for dex's error descriptions.
#include "oauth2/scopes.h"

#include <algorithm>

namespace dexcc::oauth2 {

std::vector<std::string> split_fields(std::string_view s) {
  std::vector<std::string> out;
  size_t i = 0;
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; };
  while (i < s.size()) {
    while (i < s.size() && space(s[i])) ++i;
    size_t start = i;
    while (i < s.size() && !space(s[i])) ++i;
    if (i > start) out.emplace_back(s.substr(start, i - start));
  }
  return out;
}

ScopeCheck classify_scopes(const std::vector<std::string>& scopes) {
  ScopeCheck out;
  for (const auto& s : scopes) {
    if (s == kScopeOpenId) {
      out.has_openid = true;
    } else if (s == kScopeOfflineAccess || s == kScopeEmail || s == kScopeProfile || s == kScopeGroups ||
               s == kScopeFederatedId) {
      // known
    } else if (s.starts_with(kScopeCrossClientPrefix)) {
      out.peers.push_back(s.substr(kScopeCrossClientPrefix.size()));
    } else {
      out.unrecognized.push_back(s);
    }
  }
  return out;
}

bool has_scope(const std::vector<std::string>& scopes, std::string_view scope) {
  return std::find(scopes.begin(), scopes.end(), scope) != scopes.end();
}

std::string go_quote_list(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ' ';
    out += go_quote(values[i]);
  }
  return out + "]";
}

}  // namespace dexcc::oauth2
