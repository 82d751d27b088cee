// A directory entry as the connector keeps it, and dex's ConnectorData for ldap logins
// (reference §1.3): {"username": <filter-escaped username>, "entry": <go-ldap Entry as JSON>}.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dexcc::connector::ldap {

struct Attribute {
  std::string name;  // as the server returned it
  std::vector<std::string> values;
};

struct Entry {
  std::string dn;
  std::vector<Attribute> attributes;

  // dex's getAttrs: the values of `name` (an exact match first, then any case: attribute names are
  // case-insensitive in LDAP), or the DN itself for "DN"/"dn" when no such attribute exists.
  std::vector<std::string> values(std::string_view name) const;
  // The first value, or "".
  std::string value(std::string_view name) const;
};

struct RefreshData {
  std::string username;  // filter-escaped once, as dex stores it
  Entry entry;
};

// Go's json.Marshal of dex's refreshData: Attributes as {"Name","Values","ByteValues"} with the
// byte values in standard base64.
std::string encode_refresh_data(const RefreshData& data);
// nullopt when `text` is not that JSON. Go's decoding: member names in any case, null = empty.
std::optional<RefreshData> decode_refresh_data(std::string_view text);

}  // namespace dexcc::connector::ldap
