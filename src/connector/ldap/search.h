// The filters the ldap connector sends, built from the config and escaped values (dex's exact
// shapes, so directory logs and ACLs see what they saw with dex).
#pragma once

#include <string>
#include <string_view>

#include "connector/ldap/config.h"

namespace dexcc::connector::ldap {

// (&<filter>(<attr>=<value>)), or (<attr>=<value>) without a filter; with several username
// attributes the match is (|(a1=<value>)(a2=<value>)...). `escaped_username` is already escaped.
std::string user_filter(const UserSearch& search, std::string_view escaped_username);

// (&<filter>(<group_attr>=<escaped value>)), or without the filter part. `value` is raw.
std::string group_filter(const GroupSearch& search, std::string_view group_attr, std::string_view value);

}  // namespace dexcc::connector::ldap
