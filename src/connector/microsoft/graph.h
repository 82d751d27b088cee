// The Microsoft Graph calls dex's microsoft connector makes with the user's token: /me, the ids
// of the user's groups (POST /me/getMemberGroups) and their names (POST
// /directoryObjects/getByIds), following @odata.nextLink pages, with Graph's errors as dex words
// them ("<code>: <message>").
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "connector/connector.h"
#include "http_client/client.h"

namespace dexcc::connector::microsoft {

struct GraphUser {
  std::string id;                   // the stable object id: the UserID
  std::string display_name;         // the Username
  std::string user_principal_name;  // the Email
};

// getByIds takes at most this many ids per request (Graph's documented limit).
inline constexpr size_t kMaxIdsPerLookup = 1000;

class Graph {
 public:
  // `graph_url` without a trailing '/', e.g. https://graph.microsoft.com.
  Graph(std::string graph_url, const http_client::Client& client)
      : url_(std::move(graph_url)), client_(client) {}

  // GET /v1.0/me?$select=id,displayName,userPrincipalName.
  Result<GraphUser> me(const std::string& authorization) const;
  // POST /v1.0/me/getMemberGroups {"securityEnabledOnly": ...}: group ids, every page.
  Result<std::vector<std::string>> member_group_ids(const std::string& authorization,
                                                    bool security_only) const;
  // POST /v1.0/directoryObjects/getByIds {"ids": [...], "types": ["group"]}: display names, every
  // page, in chunks of kMaxIdsPerLookup ids (dex v2.45.1 sends them all at once and fails above).
  Result<std::vector<std::string>> group_names(const std::string& authorization,
                                               const std::vector<std::string>& ids) const;

 private:
  // POSTs `body` to `url` and to every @odata.nextLink after it; returns each page's "value".
  Result<std::vector<nlohmann::json>> post_pages(const std::string& authorization, std::string url,
                                                 const std::string& body) const;

  std::string url_;
  const http_client::Client& client_;
};

// dex's graphError: {"error":{"code","message"}} -> "code: message".
std::string graph_error(const std::string& body);

}  // namespace dexcc::connector::microsoft
