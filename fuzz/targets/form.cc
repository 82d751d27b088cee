// Fuzz target: URL query and form parsing, escaping round trips, request-target splitting, CORS.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "http/cors.h"
#include "http/form.h"
#include "http/request.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string in(reinterpret_cast<const char*>(data), size);
  auto parsed = dexcc::http::parse_query(in);
  // Encoding what was parsed and parsing it again must give the same values.
  auto again = dexcc::http::parse_query(parsed.values.encode());
  if (again.error || again.values.encode() != parsed.values.encode()) std::abort();
  for (const auto& [k, vs] : parsed.values.entries()) {
    for (const auto& v : vs) {
      if (dexcc::http::query_unescape(dexcc::http::query_escape(v)) != v) std::abort();
      if (dexcc::http::path_unescape(dexcc::http::path_escape(v)) != v) std::abort();
    }
  }
  dexcc::http::Request req;
  req.method = "POST";
  req.headers.set("Content-Type", "application/x-www-form-urlencoded");
  req.body = in;
  std::string path, query;
  if (dexcc::http::split_target(in, path, query)) req.query = query;
  (void)req.form();
  dexcc::http::Headers h;
  h.set("Origin", in.substr(0, in.size() / 2));
  h.set("Access-Control-Request-Method", "POST");
  h.set("Access-Control-Request-Headers", in.substr(in.size() / 2));
  auto policy = dexcc::http::CorsPolicy::from_config({"https://a", "*"}, {in});
  (void)dexcc::http::decide_cors(policy, "OPTIONS", h);
  (void)dexcc::http::canonical_header_key(in);
  return 0;
}
