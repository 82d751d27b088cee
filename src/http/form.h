// URL escaping and form values with Go's net/url rules (ParseQuery, QueryEscape, PathEscape, Encode).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/query_escape.h"

namespace dexcc::http {

// url.QueryUnescape: "%41" -> "A", '+' -> ' '; nullopt on a malformed escape.
std::optional<std::string> query_unescape(std::string_view s);
// url.PathUnescape: like query_unescape but '+' stays '+'.
std::optional<std::string> path_unescape(std::string_view s);
// url.QueryEscape: everything but [A-Za-z0-9-_.~] escaped, space as '+'.
using base::query_escape;
// url.PathEscape: escapes what may not appear in one path segment.
std::string path_escape(std::string_view s);

// url.Values: keys with ordered value lists, in first-seen key order.
class Values {
 public:
  // First value of `key`, or empty (Go's Values.Get).
  std::string_view get(std::string_view key) const;
  bool has(std::string_view key) const;
  const std::vector<std::string>* all(std::string_view key) const;
  void add(std::string_view key, std::string_view value);
  void set(std::string_view key, std::string_view value);
  void remove(std::string_view key);
  // Appends every value of `other` (used to merge body and query as Go's Request.Form does).
  void append(const Values& other);
  // Values.Encode(): keys sorted, each key=value QueryEscaped, joined with '&'.
  std::string encode() const;
  bool empty() const { return entries_.empty(); }
  const std::vector<std::pair<std::string, std::vector<std::string>>>& entries() const { return entries_; }

 private:
  std::vector<std::pair<std::string, std::vector<std::string>>> entries_;
};

struct ParsedQuery {
  Values values;
  // Go's url.ParseQuery keeps parsing after an error and returns the first one.
  std::optional<std::string> error;
};

// url.ParseQuery: '&'-separated key=value pairs; a ';' is an error (Go 1.17+); empty pieces skipped.
ParsedQuery parse_query(std::string_view query);

}  // namespace dexcc::http
