// User and group search filters with every value escaped per RFC 4515.
#include "connector/ldap/search.h"

#include "connector/ldap/escape.h"

namespace dexcc::connector::ldap {
namespace {

std::string with_filter(const std::string& filter, const std::string& match) {
  return filter.empty() ? match : "(&" + filter + match + ")";
}

}  // namespace

std::string user_filter(const UserSearch& search, std::string_view escaped_username) {
  std::string match;
  for (const auto& attr : search.username_attrs)
    match += "(" + attr + "=" + std::string(escaped_username) + ")";
  if (search.username_attrs.size() > 1) match = "(|" + match + ")";
  return with_filter(search.filter, match);
}

std::string group_filter(const GroupSearch& search, std::string_view group_attr, std::string_view value) {
  return with_filter(search.filter, "(" + std::string(group_attr) + "=" + escape_filter_value(value) + ")");
}

}  // namespace dexcc::connector::ldap
