// URL escaping and form values with Go's net/url rules (ParseQuery, QueryEscape, PathEscape, Encode).
#pragma once

#include <cstddef>
#include <functional>
#include <map>
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

// The most parameters (key=value pieces, a repeated key counting once per value) that one query
// string, or one request's body and query together, may carry. dex has no limit; dex's requests
// need a few dozen, and a 1 MiB body of empty ones holds about 350,000.
inline constexpr size_t kMaxParameters = 1000;
// What a request over the limit is told, as its endpoint words a 400 (JSON or HTML page).
inline constexpr char kTooManyParameters[] = "Too many parameters (at most 1000).";

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
  // From this many keys on, keys are found through index_; below it a scan of entries_ is faster.
  static constexpr size_t kIndexFrom = 16;

  std::optional<size_t> position(std::string_view key) const;
  std::optional<size_t> indexed_position(std::string_view key) const;
  // Adds the key just appended to entries_ to index_ (the whole of entries_ when it starts).
  void index_last_key();

  std::vector<std::pair<std::string, std::vector<std::string>>> entries_;
  // Key -> position in entries_, holding every key while entries_ has kIndexFrom keys or more, and
  // empty below. An ordered map, not a hash table: a client cannot pick keys that all collide.
  std::map<std::string, size_t, std::less<>> index_;
};

struct ParsedQuery {
  Values values;
  // Go's url.ParseQuery keeps parsing after an error and returns the first one.
  std::optional<std::string> error;
  // Parsing stopped after `max_parameters`: `values` holds the first ones and `error` is set.
  bool too_many_parameters = false;
  size_t parameters = 0;  // non-empty pieces taken, malformed ones included
};

// url.ParseQuery: '&'-separated key=value pairs; a ';' is an error (Go 1.17+); empty pieces skipped.
// Unlike Go it stops at the piece after `max_parameters`, so no query costs more than the limit.
ParsedQuery parse_query(std::string_view query, size_t max_parameters = kMaxParameters);

}  // namespace dexcc::http
