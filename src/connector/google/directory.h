// The Admin SDK Directory API's groups.list (GET /admin/directory/v1/groups?userKey=...) as dex
// calls it for a user's groups: every page, group emails, and with transitive membership the
// groups of each group, each group listed once.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "connector/connector.h"
#include "connector/google/service_account.h"
#include "http_client/client.h"

namespace dexcc::connector::google {

inline constexpr char kDirectoryBase[] = "https://admin.googleapis.com";

class Directory {
 public:
  // `base` is kDirectoryBase outside tests.
  Directory(std::string base, const http_client::Client& client) : base_(std::move(base)), client_(client) {}

  // The emails of the groups `user_key` (a user's or a group's email) belongs to. dex's errors:
  // "could not list groups: googleapi: Error 403: ..., forbidden".
  Result<std::vector<std::string>> groups(const std::string& user_key, bool transitive,
                                          const DelegatedTokens& tokens) const;

 private:
  Result<std::vector<std::string>> collect(const std::string& user_key, bool transitive,
                                           const DelegatedTokens& tokens, std::set<std::string>& seen) const;

  std::string base_;
  const http_client::Client& client_;
};

// googleapi.CheckResponse's error text for a refused call (the body is Google's JSON error).
std::string googleapi_error(int status, const std::string& body);

}  // namespace dexcc::connector::google
