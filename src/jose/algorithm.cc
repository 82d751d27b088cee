// Names and properties of the JWS algorithms and curves dexcc supports.
#include "jose/algorithm.h"

#include <array>

namespace dexcc::jose {
namespace {

struct AlgorithmInfo {
  Algorithm alg;
  std::string_view name;
  KeyType key_type;
  Curve curve;
  const char* digest;
};

constexpr std::array<AlgorithmInfo, 6> kAlgorithms{{
    {Algorithm::kRS256, "RS256", KeyType::kRsa, Curve::kNone, "SHA256"},
    {Algorithm::kRS384, "RS384", KeyType::kRsa, Curve::kNone, "SHA384"},
    {Algorithm::kRS512, "RS512", KeyType::kRsa, Curve::kNone, "SHA512"},
    {Algorithm::kPS256, "PS256", KeyType::kRsa, Curve::kNone, "SHA256"},
    {Algorithm::kES256, "ES256", KeyType::kEc, Curve::kP256, "SHA256"},
    {Algorithm::kES384, "ES384", KeyType::kEc, Curve::kP384, "SHA384"},
}};

const AlgorithmInfo& info(Algorithm alg) {
  return kAlgorithms[static_cast<size_t>(alg)];
}

}  // namespace

std::string_view algorithm_name(Algorithm alg) {
  return info(alg).name;
}

std::optional<Algorithm> parse_algorithm(std::string_view name) {
  for (const auto& a : kAlgorithms) {
    if (a.name == name) return a.alg;
  }
  return std::nullopt;
}

KeyType algorithm_key_type(Algorithm alg) {
  return info(alg).key_type;
}
Curve algorithm_curve(Algorithm alg) {
  return info(alg).curve;
}
const char* algorithm_digest(Algorithm alg) {
  return info(alg).digest;
}
bool algorithm_is_pss(Algorithm alg) {
  return alg == Algorithm::kPS256;
}

std::string_view curve_name(Curve curve) {
  switch (curve) {
    case Curve::kP256:
      return "P-256";
    case Curve::kP384:
      return "P-384";
    case Curve::kNone:
      break;
  }
  return {};
}

std::optional<Curve> parse_curve(std::string_view name) {
  if (name == "P-256") return Curve::kP256;
  if (name == "P-384") return Curve::kP384;
  return std::nullopt;
}

size_t curve_size(Curve curve) {
  switch (curve) {
    case Curve::kP256:
      return 32;
    case Curve::kP384:
      return 48;
    case Curve::kNone:
      break;
  }
  return 0;
}

}  // namespace dexcc::jose
