// Compact JWS parsing and verification.
#include "jose/jws.h"

#include <fmt/format.h>

#include "base/base64.h"

namespace dexcc::jose {
namespace {

std::unexpected<Error> malformed(std::string message) {
  return fail(ErrorKind::kMalformed, std::move(message));
}

// JWS uses base64url without padding (RFC 7515 §2); base::base64url_decode would accept '='.
std::optional<std::string> decode_segment(std::string_view segment) {
  if (segment.find('=') != std::string_view::npos) return std::nullopt;
  return base::base64url_decode(segment);
}

}  // namespace

Result<Jws> parse_compact(std::string_view token) {
  if (token.size() > kMaxCompactSize) return malformed("token too large");
  size_t first = token.find('.');
  if (first == std::string_view::npos) return malformed("token is not a compact JWS: no '.'");
  size_t second = token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return malformed("compact JWS must have three segments");
  }
  std::string_view header_b64 = token.substr(0, first);
  std::string_view payload_b64 = token.substr(first + 1, second - first - 1);
  std::string_view signature_b64 = token.substr(second + 1);
  if (header_b64.empty() || signature_b64.empty())
    return malformed("compact JWS has an empty header or signature");

  auto header_text = decode_segment(header_b64);
  if (!header_text) return malformed("JWS header is not base64url");
  auto payload = decode_segment(payload_b64);
  if (!payload) return malformed("JWS payload is not base64url");
  auto signature = decode_segment(signature_b64);
  if (!signature) return malformed("JWS signature is not base64url");

  nlohmann::json header = nlohmann::json::parse(*header_text, nullptr, false);
  if (header.is_discarded() || !header.is_object()) return malformed("JWS header is not a JSON object");
  auto alg_it = header.find("alg");
  if (alg_it == header.end() || !alg_it->is_string()) return malformed("JWS header lacks a string \"alg\"");
  const auto& alg_name = alg_it->get_ref<const std::string&>();
  auto alg = parse_algorithm(alg_name);
  if (!alg)
    return fail(ErrorKind::kUnsupported, fmt::format("JWS algorithm \"{}\" is not accepted", alg_name));
  std::string kid;
  if (auto kid_it = header.find("kid"); kid_it != header.end()) {
    if (!kid_it->is_string()) return malformed("JWS header \"kid\" is not a string");
    kid = kid_it->get<std::string>();
  }
  if (header.contains("crit")) return fail(ErrorKind::kUnsupported, "JWS header has \"crit\" extensions");

  return Jws{*alg,
             std::move(kid),
             std::move(header),
             std::move(*payload),
             std::move(*signature),
             std::string(token.substr(0, second))};
}

Result<void> verify_signature(const Jws& jws, const Key& key) {
  auto context = detail::DigestContext::create(key, jws.alg, detail::DigestContext::Purpose::kVerify);
  if (!context) return std::unexpected(context.error());
  return context->verify(jws.signing_input, jws.signature);
}

Result<JwsVerifier> JwsVerifier::create(Key key, Algorithm alg) {
  auto context = detail::DigestContext::create(key, alg, detail::DigestContext::Purpose::kVerify);
  if (!context) return std::unexpected(context.error());
  return JwsVerifier(std::move(key), std::move(*context));
}

Result<void> JwsVerifier::verify(const Jws& jws) const {
  if (jws.alg != context_.algorithm()) {
    return fail(ErrorKind::kKeyMismatch,
                fmt::format("token is signed with {}, expected {}", algorithm_name(jws.alg),
                            algorithm_name(context_.algorithm())));
  }
  return context_.verify(jws.signing_input, jws.signature);
}

}  // namespace dexcc::jose
