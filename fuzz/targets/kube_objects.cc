// Fuzz target: the decoders of dex's Kubernetes objects (what the API server answers is input: dex,
// kubectl or anyone with RBAC rights may have written the object), and that what decodes encodes to
// an object that decodes to the same record.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

#include "storage/kubernetes/codecs.h"

namespace {

namespace k = dexcc::storage::kubernetes;

template <class T>
void round_trip(const nlohmann::json& object) {
  T value;
  if (!k::decode(object, value)) return;
  T again;
  if (!k::decode(nlohmann::json::parse(k::encode(value, "ns").dump()), again) || !(again == value))
    __builtin_trap();
}

template <class T>
void decode_only(const nlohmann::json& object) {
  T value;
  (void)k::decode(object, value);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto object = nlohmann::json::parse(reinterpret_cast<const char*>(data),
                                      reinterpret_cast<const char*>(data) + size, nullptr, false);
  if (object.is_discarded()) return 0;
  round_trip<dexcc::storage::Client>(object);
  round_trip<dexcc::storage::AuthRequest>(object);
  round_trip<dexcc::storage::AuthCode>(object);
  round_trip<dexcc::storage::RefreshToken>(object);
  round_trip<dexcc::storage::OfflineSessions>(object);
  round_trip<dexcc::storage::DeviceToken>(object);
  // Names and emails are case-folded on the way in or out, so these only have to decode safely.
  decode_only<dexcc::storage::Password>(object);
  decode_only<dexcc::storage::Connector>(object);
  decode_only<dexcc::storage::Keys>(object);
  decode_only<dexcc::storage::DeviceRequest>(object);
  return 0;
}
