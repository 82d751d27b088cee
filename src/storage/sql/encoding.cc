// JSON column encoders/decoders: Go's output shapes written with base::go_json, read leniently.
#include "storage/sql/encoding.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/go_json.h"
#include "base/text.h"
#include "base/time_format.h"

namespace dexcc::storage::sql {
namespace {

using nlohmann::ordered_json;

std::unexpected<Error> bad_column(std::string_view column, std::string_view problem) {
  return fail(fmt::format("decode {}: {}", column, problem));
}

Result<ordered_json> parse(std::string_view json, std::string_view column) {
  ordered_json v = ordered_json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (v.is_discarded()) return bad_column(column, "invalid JSON");
  return v;
}

// Go's decoder matches a struct field by exact name first, then case-insensitively.
const ordered_json* member(const ordered_json& object, std::string_view name) {
  auto exact = object.find(std::string(name));
  if (exact != object.end()) return &*exact;
  for (auto it = object.begin(); it != object.end(); ++it) {
    if (base::ascii_iequals(it.key(), name)) return &*it;
  }
  return nullptr;
}

Result<std::string> string_member(const ordered_json& object, std::string_view name,
                                  std::string_view column) {
  const ordered_json* v = member(object, name);
  if (v == nullptr || v->is_null()) return std::string();
  if (!v->is_string()) return bad_column(column, fmt::format("{} is not a string", name));
  return v->get<std::string>();
}

Result<Time> time_member(const ordered_json& object, std::string_view name, std::string_view column) {
  const ordered_json* v = member(object, name);
  if (v == nullptr || v->is_null()) return kZeroTime;
  if (!v->is_string()) return bad_column(column, fmt::format("{} is not a time", name));
  auto t = base::parse_rfc3339(v->get_ref<const std::string&>());
  if (!t) return bad_column(column, fmt::format("{} is not an RFC 3339 time", name));
  return *t;
}

void append_time(std::string& out, Time t) {
  out += '"';
  out += base::format_rfc3339_nano(t);
  out += '"';
}

}  // namespace

std::string encode_string_list(const std::vector<std::string>& list) {
  if (list.empty()) return "null";
  std::string out = "[";
  for (size_t i = 0; i < list.size(); ++i) {
    if (i > 0) out += ',';
    base::append_go_json_string(out, list[i]);
  }
  out += ']';
  return out;
}

Result<std::vector<std::string>> decode_string_list(std::string_view json, std::string_view column) {
  auto v = parse(json, column);
  if (!v) return std::unexpected(v.error());
  std::vector<std::string> out;
  if (v->is_null()) return out;
  if (!v->is_array()) return bad_column(column, "not a JSON array");
  for (const auto& e : *v) {
    if (!e.is_string()) return bad_column(column, "array element is not a string");
    out.push_back(e.get<std::string>());
  }
  return out;
}

std::string encode_refresh_refs(const std::map<std::string, RefreshTokenRef>& refs) {
  // Go sorts map keys byte-wise, as std::map does; the struct has no JSON tags, hence "ID" etc.
  std::string out = "{";
  bool first = true;
  for (const auto& [client, ref] : refs) {
    if (!first) out += ',';
    first = false;
    base::append_go_json_string(out, client);
    out += ":{\"ID\":";
    base::append_go_json_string(out, ref.id);
    out += ",\"ClientID\":";
    base::append_go_json_string(out, ref.client_id);
    out += ",\"CreatedAt\":";
    append_time(out, ref.created_at);
    out += ",\"LastUsed\":";
    append_time(out, ref.last_used);
    out += '}';
  }
  out += '}';
  return out;
}

Result<std::map<std::string, RefreshTokenRef>> decode_refresh_refs(std::string_view json) {
  constexpr std::string_view kColumn = "offline_session.refresh";
  auto v = parse(json, kColumn);
  if (!v) return std::unexpected(v.error());
  std::map<std::string, RefreshTokenRef> out;
  if (v->is_null()) return out;
  if (!v->is_object()) return bad_column(kColumn, "not a JSON object");
  for (auto it = v->begin(); it != v->end(); ++it) {
    if (it->is_null()) continue;  // a nil *RefreshTokenRef; dex never writes one
    if (!it->is_object()) return bad_column(kColumn, "entry is not an object");
    RefreshTokenRef ref;
    auto id = string_member(*it, "ID", kColumn);
    auto client = string_member(*it, "ClientID", kColumn);
    auto created = time_member(*it, "CreatedAt", kColumn);
    auto used = time_member(*it, "LastUsed", kColumn);
    if (!id) return std::unexpected(id.error());
    if (!client) return std::unexpected(client.error());
    if (!created) return std::unexpected(created.error());
    if (!used) return std::unexpected(used.error());
    ref.id = *id;
    ref.client_id = *client;
    ref.created_at = *created;
    ref.last_used = *used;
    out.emplace(it.key(), std::move(ref));
  }
  return out;
}

Result<std::string> encode_jwk(const Jwk& jwk, std::string_view column) {
  if (jwk.empty()) return std::string("null");
  auto v = parse(jwk, column);
  if (!v) return std::unexpected(v.error());
  if (!v->is_object()) return fail(fmt::format("encode {}: a JWK must be a JSON object", column));
  return base::go_json_dump(*v);
}

Result<Jwk> decode_jwk(std::string_view json, std::string_view column) {
  auto v = parse(json, column);
  if (!v) return std::unexpected(v.error());
  if (v->is_null()) return Jwk();
  if (!v->is_object()) return bad_column(column, "a JWK must be a JSON object");
  return base::go_json_dump(*v);
}

Result<std::string> encode_verification_keys(const std::vector<VerificationKey>& keys) {
  if (keys.empty()) return std::string("null");
  std::string out = "[";
  for (size_t i = 0; i < keys.size(); ++i) {
    auto jwk = encode_jwk(keys[i].public_key, "keys.verification_keys");
    if (!jwk) return std::unexpected(jwk.error());
    if (i > 0) out += ',';
    out += "{\"publicKey\":" + *jwk + ",\"expiry\":";
    append_time(out, keys[i].expiry);
    out += '}';
  }
  out += ']';
  return out;
}

Result<std::vector<VerificationKey>> decode_verification_keys(std::string_view json) {
  constexpr std::string_view kColumn = "keys.verification_keys";
  auto v = parse(json, kColumn);
  if (!v) return std::unexpected(v.error());
  std::vector<VerificationKey> out;
  if (v->is_null()) return out;
  if (!v->is_array()) return bad_column(kColumn, "not a JSON array");
  for (const auto& e : *v) {
    if (!e.is_object()) return bad_column(kColumn, "element is not an object");
    VerificationKey key;
    if (const ordered_json* pk = member(e, "publicKey"); pk != nullptr && !pk->is_null()) {
      if (!pk->is_object()) return bad_column(kColumn, "publicKey is not an object");
      key.public_key = base::go_json_dump(*pk);
    }
    auto expiry = time_member(e, "expiry", kColumn);
    if (!expiry) return std::unexpected(expiry.error());
    key.expiry = *expiry;
    out.push_back(std::move(key));
  }
  return out;
}

}  // namespace dexcc::storage::sql
