// Encoding and decoding the oidc connector's ConnectorData with Go encoding/json's rules.
#include "connector/oidc/connector_data.h"

#include <nlohmann/json.hpp>

#include "base/base64.h"
#include "base/go_json.h"

namespace dexcc::connector::oidc {

std::string encode_login_data(const LoginData& data) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  if (!data.code_verifier.empty()) {
    j["codeChallenge"] = data.code_verifier;
    j["codeChallengeMethod"] = data.code_challenge_method;
  }
  if (!data.nonce.empty()) j["nonce"] = data.nonce;
  return j.dump();
}

std::optional<LoginData> decode_login_data(std::string_view text) {
  LoginData data;
  if (text.empty()) return data;
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  if (!base::go_json_read_string(j, "codeChallenge", data.code_verifier) ||
      !base::go_json_read_string(j, "codeChallengeMethod", data.code_challenge_method) ||
      !base::go_json_read_string(j, "nonce", data.nonce)) {
    return std::nullopt;
  }
  return data;
}

std::string encode_refresh_data(std::string_view refresh_token) {
  return R"({"RefreshToken":")" + base::base64_encode(refresh_token) + R"("})";
}

std::optional<std::string> decode_refresh_data(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  std::string encoded;
  if (!base::go_json_read_string(j, "RefreshToken", encoded)) return std::nullopt;
  auto token = base::base64_decode(encoded);
  if (!token) return std::nullopt;
  return *token;
}

}  // namespace dexcc::connector::oidc
