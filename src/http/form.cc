// net/url escaping rules, reproduced byte for byte because redirect URLs and state round-trip them.
#include "http/form.h"

#include <algorithm>

#include "base/text.h"

namespace dexcc::http {
namespace {

std::optional<std::string> unescape(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    // Runs without escapes (all of a token or a code) are copied at once.
    size_t plain = i;
    while (plain < s.size() && s[plain] != '%' && (s[plain] != '+' || !plus_is_space)) ++plain;
    out.append(s.data() + i, plain - i);
    if (plain == s.size()) break;
    i = plain;
    if (s[i] == '+') {
      out += ' ';  // only stops a run when plus_is_space
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    int hi = base::hex_digit_value(s[i + 1]), lo = base::hex_digit_value(s[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

bool is_unreserved(unsigned char c) { return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~'; }

constexpr char kHex[] = "0123456789ABCDEF";

}  // namespace

std::optional<std::string> query_unescape(std::string_view s) { return unescape(s, true); }
std::optional<std::string> path_unescape(std::string_view s) { return unescape(s, false); }

std::string path_escape(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    // In a path segment Go leaves : @ & = + $ alone and escapes / ; , ? and everything else reserved.
    if (is_unreserved(c) || c == ':' || c == '@' || c == '&' || c == '=' || c == '+' || c == '$') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string_view Values::get(std::string_view key) const {
  const auto* v = all(key);
  return v && !v->empty() ? std::string_view((*v)[0]) : std::string_view();
}

bool Values::has(std::string_view key) const { return all(key) != nullptr; }

std::optional<size_t> Values::indexed_position(std::string_view key) const {
  auto it = index_.find(key);
  return it == index_.end() ? std::nullopt : std::optional<size_t>(it->second);
}

// Small enough to be inlined into add/all/remove: the few keys of a usual request are scanned.
inline std::optional<size_t> Values::position(std::string_view key) const {
  if (entries_.size() >= kIndexFrom) return indexed_position(key);
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].first == key) return i;
  }
  return std::nullopt;
}

void Values::index_last_key() {
  if (entries_.size() == kIndexFrom) {
    for (size_t i = 0; i < entries_.size(); ++i) index_.emplace(entries_[i].first, i);
  } else {
    index_.emplace(entries_.back().first, entries_.size() - 1);
  }
}

const std::vector<std::string>* Values::all(std::string_view key) const {
  auto at = position(key);
  return at ? &entries_[*at].second : nullptr;
}

void Values::add(std::string_view key, std::string_view value) {
  if (auto at = position(key)) {
    entries_[*at].second.emplace_back(value);
    return;
  }
  entries_.emplace_back(std::string(key), std::vector<std::string>{std::string(value)});
  if (entries_.size() >= kIndexFrom) index_last_key();
}

void Values::set(std::string_view key, std::string_view value) {
  remove(key);
  add(key, value);
}

void Values::remove(std::string_view key) {
  auto at = position(key);
  if (!at) return;
  // Before the entry goes, as `key` may view its string.
  if (entries_.size() == kIndexFrom) {
    index_.clear();  // back under the threshold
  } else if (entries_.size() > kIndexFrom) {
    index_.erase(index_.find(key));
    for (auto& entry : index_) {
      if (entry.second > *at) --entry.second;  // the keys after it move down one place
    }
  }
  entries_.erase(entries_.begin() + static_cast<std::ptrdiff_t>(*at));
}

void Values::append(const Values& other) {
  for (const auto& [k, vs] : other.entries_) {
    for (const auto& v : vs) add(k, v);
  }
}

std::string Values::encode() const {
  std::vector<const std::pair<std::string, std::vector<std::string>>*> sorted;
  for (const auto& e : entries_) sorted.push_back(&e);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->first < b->first; });
  std::string out;
  for (const auto* e : sorted) {
    std::string key = query_escape(e->first);
    for (const auto& v : e->second) {
      if (!out.empty()) out += '&';
      out += key;
      out += '=';
      out += query_escape(v);
    }
  }
  return out;
}

ParsedQuery parse_query(std::string_view query, size_t max_parameters) {
  ParsedQuery out;
  auto note = [&](std::string msg) {
    if (!out.error) out.error = std::move(msg);
  };
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view piece = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (piece.empty()) continue;
    if (out.parameters == max_parameters) {
      out.too_many_parameters = true;
      note(kTooManyParameters);
      break;
    }
    ++out.parameters;
    if (piece.find(';') != std::string_view::npos) {
      note("invalid semicolon separator in query");
      continue;
    }
    size_t eq = piece.find('=');
    std::string_view raw_key = piece.substr(0, eq);
    std::string_view raw_value = eq == std::string_view::npos ? std::string_view() : piece.substr(eq + 1);
    auto key = query_unescape(raw_key);
    if (!key) {
      note("invalid URL escape in query");
      continue;
    }
    auto value = query_unescape(raw_value);
    if (!value) {
      note("invalid URL escape in query");
      continue;
    }
    out.values.add(*key, *value);
  }
  return out;
}

}  // namespace dexcc::http
