// The JSON gateway calls: request bodies, endpoint failover, auth tokens and proto3 JSON decoding.
#include "storage/etcd/gateway.h"

#include <fmt/format.h>

#include <charconv>

#include "base/base64.h"

namespace dexcc::storage::etcd {
namespace {

constexpr int64_t kPageSize = 500;

std::string b64(std::string_view bytes) {
  return base::base64_encode(bytes);
}

// proto3 JSON writes int64 as a string; accept a number too.
int64_t int64_field(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end()) return 0;
  if (it->is_number_integer()) return it->get<int64_t>();
  if (!it->is_string()) return 0;
  const auto& s = it->get_ref<const std::string&>();
  int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

Result<std::string> unb64(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_string()) return std::string();
  auto bytes = base::base64_decode(it->get_ref<const std::string&>());
  if (!bytes) return fail(fmt::format("etcd: the gateway sent a {} that is not base64", name));
  return std::move(*bytes);
}

Result<std::vector<KeyValue>> decode_kvs(const nlohmann::json& response) {
  std::vector<KeyValue> out;
  auto it = response.find("kvs");
  if (it == response.end() || !it->is_array()) return out;  // absent when empty
  for (const auto& kv : *it) {
    KeyValue v;
    auto key = unb64(kv, "key");
    if (!key) return std::unexpected(key.error());
    auto value = unb64(kv, "value");
    if (!value) return std::unexpected(value.error());
    v.key = std::move(*key);
    v.value = std::move(*value);
    v.create_revision = int64_field(kv, "create_revision");
    v.mod_revision = int64_field(kv, "mod_revision");
    out.push_back(std::move(v));
  }
  return out;
}

bool is_connection_failure(const http_client::Error& e) {
  using K = http_client::ErrorKind;
  return e.kind == K::kConnect || e.kind == K::kTimeout || e.kind == K::kProtocol || e.kind == K::kTls;
}

}  // namespace

std::string prefix_end(std::string_view prefix) {
  std::string end(prefix);
  while (!end.empty()) {
    auto& last = reinterpret_cast<unsigned char&>(end.back());
    if (last < 0xff) {
      ++last;
      return end;
    }
    end.pop_back();
  }
  return std::string(1, '\0');  // etcd: "\0" as range_end means "to the end of the keyspace"
}

Gateway::Gateway(GatewayOptions options, http_client::Client client)
    : options_(std::move(options)), client_(std::move(client)) {}

Result<std::unique_ptr<Gateway>> Gateway::create(GatewayOptions options) {
  if (options.endpoints.empty()) return fail("etcd: no endpoints");
  auto client = http_client::Client::create(options.client);
  if (!client) return fail("etcd: " + client.error().message);
  std::unique_ptr<Gateway> g(new Gateway(std::move(options), std::move(*client)));
  if (!g->options_.username.empty()) {
    if (auto a = g->authenticate(); !a) return std::unexpected(a.error());
  }
  return g;
}

std::string Gateway::token() {
  std::lock_guard lock(token_mutex_);
  return token_;
}

Result<void> Gateway::authenticate() {
  nlohmann::json body = {{"name", options_.username}, {"password", options_.password}};
  const std::string text = body.dump();
  bool refused = false;
  Result<nlohmann::json> answer = fail("etcd: no endpoints");
  for (size_t i = 0; i < options_.endpoints.size(); ++i) {
    const size_t index = (current_.load() + i) % options_.endpoints.size();
    answer = call_once(options_.endpoints[index], "/v3/auth/authenticate", text, refused);
    if (answer || answer.error().kind != ErrorKind::kConflict) {
      if (answer) current_.store(index);
      break;
    }
  }
  if (!answer) return std::unexpected(answer.error());
  auto it = answer->find("token");
  if (it == answer->end() || !it->is_string()) return fail("etcd: authenticate answered without a token");
  std::lock_guard lock(token_mutex_);
  token_ = it->get<std::string>();
  return {};
}

// A failed exchange is reported as kConflict internally only to mean "try the next endpoint"; the
// callers below turn it back into kOther before it leaves the gateway.
Result<nlohmann::json> Gateway::call_once(const std::string& endpoint, std::string_view path,
                                          const std::string& body, bool& token_refused) {
  http_client::Request request;
  request.method = "POST";
  request.url = endpoint + std::string(path);
  request.headers.add("Content-Type", "application/json");
  if (path != "/v3/auth/authenticate") {
    if (auto t = token(); !t.empty()) request.headers.add("Authorization", t);
  }
  request.body = body;
  auto response = client_.send(request);
  if (!response) {
    return fail(is_connection_failure(response.error()) ? ErrorKind::kConflict : ErrorKind::kOther,
                "etcd: " + response.error().message);
  }
  nlohmann::json json = nlohmann::json::parse(response->body, nullptr, false);
  if (!response->ok()) {
    std::string message = json.is_object() ? json.value("message", json.value("error", "")) : "";
    if (response->status == 401 || message.find("invalid auth token") != std::string::npos)
      token_refused = true;
    // 503 is the gateway's word for "no leader" or "etcd is stopping": another member may answer.
    auto kind = response->status == 503 ? ErrorKind::kConflict : ErrorKind::kOther;
    return fail(kind, fmt::format("etcd: POST {}: status {}{}{}", http_client::redacted_url(request.url),
                                  response->status, message.empty() ? "" : ": ", message));
  }
  if (!json.is_object()) {
    return fail(fmt::format("etcd: POST {}: the answer is not a JSON object",
                            http_client::redacted_url(request.url)));
  }
  return json;
}

Result<nlohmann::json> Gateway::call(std::string_view path, const nlohmann::json& body) {
  const std::string text = body.dump();
  Result<nlohmann::json> answer = fail("etcd: no endpoints");
  bool renewed = false;
  for (size_t i = 0; i < options_.endpoints.size(); ++i) {
    const size_t index = (current_.load() + i) % options_.endpoints.size();
    bool refused = false;
    answer = call_once(options_.endpoints[index], path, text, refused);
    if (!answer && refused && !renewed && !options_.username.empty()) {
      // Tokens expire (etcd's simple tokens after 5 minutes idle) or die with a restart: renew once.
      renewed = true;
      if (auto a = authenticate(); !a) return std::unexpected(a.error());
      answer = call_once(options_.endpoints[index], path, text, refused);
    }
    if (answer) {
      current_.store(index);
      return answer;
    }
    if (answer.error().kind != ErrorKind::kConflict) break;
  }
  answer.error().kind = ErrorKind::kOther;
  return answer;
}

Result<void> Gateway::ping() {
  const std::string everything(1, '\0');  // key and range_end "\0": the whole keyspace
  auto r =
      call("/v3/kv/range",
           {{"key", b64(everything)}, {"range_end", b64(everything)}, {"limit", "1"}, {"keys_only", true}});
  if (!r) return std::unexpected(r.error());
  return {};
}

Result<std::optional<KeyValue>> Gateway::get(std::string_view key) {
  auto r = call("/v3/kv/range", {{"key", b64(key)}});
  if (!r) return std::unexpected(r.error());
  auto kvs = decode_kvs(*r);
  if (!kvs) return std::unexpected(kvs.error());
  if (kvs->empty()) return std::optional<KeyValue>();
  return std::optional<KeyValue>(std::move(kvs->front()));
}

Result<std::vector<KeyValue>> Gateway::list(std::string_view prefix) {
  std::vector<KeyValue> out;
  const std::string end = prefix_end(prefix);
  std::string from(prefix);
  int64_t revision = 0;  // pinned after the first page so all pages read one snapshot
  for (;;) {
    nlohmann::json body = {{"key", b64(from)}, {"range_end", b64(end)}, {"limit", std::to_string(kPageSize)}};
    if (revision != 0) body["revision"] = std::to_string(revision);
    auto r = call("/v3/kv/range", body);
    if (!r) return std::unexpected(r.error());
    if (revision == 0) revision = int64_field(r->value("header", nlohmann::json::object()), "revision");
    auto kvs = decode_kvs(*r);
    if (!kvs) return std::unexpected(kvs.error());
    for (auto& kv : *kvs) out.push_back(std::move(kv));
    if (!r->value("more", false) || kvs->empty()) return out;
    from = out.back().key + '\0';
  }
}

Result<bool> Gateway::txn(const std::vector<Compare>& compares, const std::vector<Put>& puts) {
  nlohmann::json cs = nlohmann::json::array();
  for (const auto& c : compares) {
    const bool mod = c.target == Compare::Target::kMod;
    cs.push_back({{"key", b64(c.key)},
                  {"target", mod ? "MOD" : "CREATE"},
                  {"result", "EQUAL"},
                  {mod ? "mod_revision" : "create_revision", std::to_string(c.revision)}});
  }
  nlohmann::json ops = nlohmann::json::array();
  for (const auto& p : puts) ops.push_back({{"request_put", {{"key", b64(p.key)}, {"value", b64(p.value)}}}});
  auto r = call("/v3/kv/txn", {{"compare", cs}, {"success", ops}});
  if (!r) return std::unexpected(r.error());
  return r->value("succeeded", false);  // absent, not false, when a compare failed
}

Result<int64_t> Gateway::remove(std::string_view key) {
  auto r = call("/v3/kv/deleterange", {{"key", b64(key)}});
  if (!r) return std::unexpected(r.error());
  return int64_field(*r, "deleted");
}

}  // namespace dexcc::storage::etcd
