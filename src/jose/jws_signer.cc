// Compact JWS signing with a prepared key.
#include "jose/jws_signer.h"

#include "base/base64.h"
#include "base/go_json.h"

namespace dexcc::jose {

Result<JwsSigner> JwsSigner::create(Key private_key, Algorithm alg, std::string kid, std::string_view typ) {
  auto context = detail::DigestContext::create(private_key, alg, detail::DigestContext::Purpose::kSign);
  if (!context) return std::unexpected(context.error());
  // go-jose keeps protected headers in a map, so Go's encoder writes them sorted: alg, kid.
  std::string header = "{\"alg\":";
  base::append_go_json_string(header, algorithm_name(alg));
  if (!kid.empty()) {
    header += ",\"kid\":";
    base::append_go_json_string(header, kid);
  }
  if (!typ.empty()) {
    header += ",\"typ\":";
    base::append_go_json_string(header, typ);
  }
  header += '}';
  std::string prefix = base::base64url_encode(header) + '.';
  return JwsSigner(std::move(private_key), std::move(kid), std::move(prefix), std::move(*context));
}

Result<std::string> JwsSigner::sign(std::string_view payload) const {
  std::string out;
  out.reserve(header_prefix_.size() + (payload.size() + 2) / 3 * 4 + 1 + (key_.signature_size() + 2) / 3 * 4);
  out += header_prefix_;
  out += base::base64url_encode(payload);
  std::string signature;
  if (auto ok = context_.sign(out, signature); !ok) return std::unexpected(ok.error());
  out += '.';
  out += base::base64url_encode(signature);
  return out;
}

}  // namespace dexcc::jose
