// Token response decoding with x/oauth2's rules: media type picks the format, expires_in may be a
// number or a numeric string, a missing access_token is an error.
#include "connector/upstream/token.h"

#include <fmt/format.h>

#include <charconv>
#include <limits>

#include "base/text.h"
#include "http/form.h"

namespace dexcc::connector::upstream {
namespace {

// The media type without parameters, lowercased ("Application/JSON; charset=x" -> "application/json").
std::string media_type(std::string_view content_type) {
  std::string_view t = content_type.substr(0, content_type.find(';'));
  while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
  while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
  return base::go_to_lower(t);
}

std::optional<int64_t> parse_seconds(std::string_view s) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

// x/oauth2 caps expires_in at MaxInt32 so that a huge value does not overflow the expiry.
int64_t capped(int64_t seconds) {
  return std::min<int64_t>(seconds, std::numeric_limits<int32_t>::max());
}

std::string string_member(const nlohmann::json& j, const char* name) {
  auto it = j.find(name);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<Token> from_form(std::string_view body) {
  auto parsed = http::parse_query(body);
  if (parsed.error) return failed("oauth2: cannot parse response: malformed form body");
  Token t;
  for (const auto& [key, values] : parsed.values.entries()) {
    if (!values.empty()) t.raw[key] = values.front();
  }
  t.access_token = std::string(parsed.values.get("access_token"));
  t.token_type = std::string(parsed.values.get("token_type"));
  t.refresh_token = std::string(parsed.values.get("refresh_token"));
  if (auto e = parsed.values.get("expires_in"); !e.empty()) {
    if (auto v = parse_seconds(e)) t.expires_in = capped(*v);
  }
  return t;
}

Result<Token> from_json(std::string_view body) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return failed("oauth2: cannot parse json: the response is not a JSON object");
  Token t;
  t.access_token = string_member(j, "access_token");
  t.token_type = string_member(j, "token_type");
  t.refresh_token = string_member(j, "refresh_token");
  if (auto it = j.find("expires_in"); it != j.end() && !it->is_null()) {
    if (it->is_number_integer()) {
      t.expires_in = capped(it->get<int64_t>());
    } else if (it->is_number_float()) {
      t.expires_in = capped(static_cast<int64_t>(it->get<double>()));
    } else if (it->is_string()) {
      auto v = parse_seconds(it->get<std::string>());
      if (!v) return failed("oauth2: cannot parse json: expires_in is not a number");
      t.expires_in = capped(*v);
    } else {
      return failed("oauth2: cannot parse json: expires_in is not a number");
    }
  }
  t.raw = std::move(j);
  return t;
}

// The error of a refused request: RFC 6749 §5.2's members when the body has them.
std::string refusal(int status, std::string_view type, std::string_view body) {
  std::string code, description;
  if (type == "application/x-www-form-urlencoded" || type == "text/plain") {
    auto parsed = http::parse_query(body);
    code = std::string(parsed.values.get("error"));
    description = std::string(parsed.values.get("error_description"));
  } else {
    nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_object()) {
      code = string_member(j, "error");
      description = string_member(j, "error_description");
    }
  }
  if (code.empty()) return fmt::format("oauth2: cannot fetch token: status {}", status);
  if (description.empty()) return fmt::format("oauth2: {}", base::go_quote(code));
  return fmt::format("oauth2: {} {}", base::go_quote(code), base::go_quote(description));
}

}  // namespace

std::string Token::extra_string(std::string_view name) const {
  auto it = raw.find(name);
  return it != raw.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<Token> parse_token_response(int status, std::string_view content_type, std::string_view body) {
  std::string type = media_type(content_type);
  if (status < 200 || status > 299) return failed(refusal(status, type, body));
  auto token = (type == "application/x-www-form-urlencoded" || type == "text/plain") ? from_form(body)
                                                                                     : from_json(body);
  if (!token) return token;
  if (token->access_token.empty()) return failed("oauth2: server response missing access_token");
  return token;
}

}  // namespace dexcc::connector::upstream
