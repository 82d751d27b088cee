// JSON column encoders/decoders: Go's output shapes written with base::go_json, read leniently.
// The columns every refresh reads (string lists, offline_session.refresh) are read with the pull
// parser; the rarely read key columns go through nlohmann.
#include "storage/sql/encoding.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>

#include "base/go_json.h"
#include "base/json_reader.h"
#include "base/secret_string.h"
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

// RFC 3339 text whose UTC time has a year in 0000-9999: only those can be written back (Go's
// MarshalJSON refuses the others, and ours would write text that no decoder reads).
std::optional<Time> parse_json_time(std::string_view text) {
  constexpr Time kFirst{std::chrono::sys_days{std::chrono::year{0} / 1 / 1}};
  constexpr Time kEnd{std::chrono::sys_days{std::chrono::year{10000} / 1 / 1}};
  auto t = base::parse_rfc3339(text);
  if (!t || *t < kFirst || *t >= kEnd) return std::nullopt;
  return t;
}

Result<Time> time_member(const ordered_json& object, std::string_view name, std::string_view column) {
  const ordered_json* v = member(object, name);
  if (v == nullptr || v->is_null()) return kZeroTime;
  if (!v->is_string()) return bad_column(column, fmt::format("{} is not a time", name));
  auto t = parse_json_time(v->get_ref<const std::string&>());
  if (!t) return bad_column(column, fmt::format("{} is not an RFC 3339 time", name));
  return *t;
}

// The reader could not read the shape it was asked for: broken text, or well-formed text of
// another shape (`problem`).
std::unexpected<Error> unexpected_shape(base::JsonReader& r, std::string_view column, std::string_view problem) {
  using Kind = base::JsonReader::Kind;
  Kind next = r.peek();
  bool broken = r.failed() || next == Kind::kInvalid || next == Kind::kEnd;
  return bad_column(column, broken ? "invalid JSON" : problem);
}

// One member value of a Go struct field of type string: null leaves it as it was (Go's rule).
Result<void> read_string_field(base::JsonReader& r, std::string& field, std::string_view name,
                               std::string_view column) {
  if (r.null() || r.string(field)) return {};
  return unexpected_shape(r, column, fmt::format("{} is not a string", name));
}

Result<void> read_time_field(base::JsonReader& r, Time& field, std::string& scratch, std::string_view name,
                             std::string_view column) {
  if (r.null()) return {};
  if (!r.string(scratch)) return unexpected_shape(r, column, fmt::format("{} is not a time", name));
  auto t = parse_json_time(scratch);
  if (!t) return bad_column(column, fmt::format("{} is not an RFC 3339 time", name));
  field = *t;
  return {};
}

// One RefreshTokenRef object; members matched to fields as Go does (any case, the last one wins).
Result<RefreshTokenRef> read_refresh_ref(base::JsonReader& r, std::string& key, std::string& scratch,
                                         std::string_view column) {
  RefreshTokenRef ref;
  if (!r.begin_object()) return unexpected_shape(r, column, "entry is not an object");
  while (r.member(key)) {
    Result<void> read;
    if (base::ascii_iequals(key, "ID")) {
      read = read_string_field(r, ref.id, "ID", column);
    } else if (base::ascii_iequals(key, "ClientID")) {
      read = read_string_field(r, ref.client_id, "ClientID", column);
    } else if (base::ascii_iequals(key, "CreatedAt")) {
      read = read_time_field(r, ref.created_at, scratch, "CreatedAt", column);
    } else if (base::ascii_iequals(key, "LastUsed")) {
      read = read_time_field(r, ref.last_used, scratch, "LastUsed", column);
    } else if (!r.skip()) {
      read = bad_column(column, "invalid JSON");
    }
    if (!read) return std::unexpected(read.error());
  }
  if (r.failed()) return bad_column(column, "invalid JSON");
  return ref;
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
  base::JsonReader r(json);
  std::vector<std::string> out;
  if (r.null()) return r.finish() ? Result<std::vector<std::string>>(out) : bad_column(column, "invalid JSON");
  if (!r.begin_array()) return unexpected_shape(r, column, "not a JSON array");
  while (r.element()) {
    std::string& s = out.emplace_back();
    if (r.null()) continue;  // Go leaves the element empty
    if (!r.string(s)) return unexpected_shape(r, column, "array element is not a string");
  }
  if (!r.finish()) return bad_column(column, "invalid JSON");
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
  using Refs = std::map<std::string, RefreshTokenRef>;
  base::JsonReader r(json);
  Refs out;
  if (r.null()) return r.finish() ? Result<Refs>(out) : bad_column(kColumn, "invalid JSON");
  if (!r.begin_object()) return unexpected_shape(r, kColumn, "not a JSON object");
  std::string client, key, scratch;
  while (r.member(client)) {
    if (r.null()) {  // a nil *RefreshTokenRef; dex never writes one
      out.erase(client);
      continue;
    }
    auto ref = read_refresh_ref(r, key, scratch, kColumn);
    if (!ref) return std::unexpected(ref.error());
    out.insert_or_assign(client, std::move(*ref));
  }
  if (!r.finish()) return bad_column(kColumn, "invalid JSON");
  return out;
}

Result<std::string> encode_jwk(const Jwk& jwk, std::string_view column) {
  if (jwk.empty()) return std::string("null");
  auto v = parse(jwk, column);
  if (!v) return std::unexpected(v.error());
  if (!v->is_object()) return fail(fmt::format("encode {}: a JWK must be a JSON object", column));
  std::string text = base::go_json_dump(*v);
  base::wipe_json(*v);  // the signing key's JWK is private
  return text;
}

Result<Jwk> decode_jwk(std::string_view json, std::string_view column) {
  auto v = parse(json, column);
  if (!v) return std::unexpected(v.error());
  if (v->is_null()) return Jwk();
  if (!v->is_object()) return bad_column(column, "a JWK must be a JSON object");
  std::string text = base::go_json_dump(*v);
  base::wipe_json(*v);
  return text;
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
