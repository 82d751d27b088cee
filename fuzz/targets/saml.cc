// Fuzz target: SAML Responses through the parser, the signature checks and the validator. The first
// byte picks signature checking on or off (off reaches the field checks behind the signature); the
// seeds were signed at kSeedTime by the key of kCert, so mutations near valid documents are tried.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "connector/saml/response.h"

using namespace dexcc::connector::saml;

namespace {

constexpr long long kSeedTime = 1796279158;
constexpr char kCert[] = R"(-----BEGIN CERTIFICATE-----
MIICojCCAYqgAwIBAgIEaxELdjANBgkqhkiG9w0BAQsFADATMREwDwYDVQQDDAhm
dXp6LWlkcDAeFw0yNjEyMDMwNTI1NThaFw00NjExMjgwNjI1NThaMBMxETAPBgNV
BAMMCGZ1enotaWRwMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqUFj
Js94JcMs3T6b5xbS5Kdhlnj3ZkxPjpq9YvQCuOjJjr7xSMO9kOSvPnmPed4FbliA
2mvHu4yCkjyvWoJqoueSYB0gV/aXVeR8KSaTmSHAAQYPecMjrmS7iZt2hAQSk6jL
T1W/bTIw8IFRkqXpZPRaisJHV2Ry7xEA+4aZz+cxP5MBdVpev5yIhQWF6+gM8cZa
CSXxQsNk8xpoc5ZLvpKJWyLMsqrEpaFmD4aPX8NdQ2HXbpmVQAm+4rZpUgObqcSj
YN5+stc6Pm3nCT8L1rVV7ny+Fzp9vRKQXo/PsMLqxxHAom6Hkc3Q5+JOslEEzhwc
eEssM2lPDKJFEx9IPQIDAQABMA0GCSqGSIb3DQEBCwUAA4IBAQALJcwnKug+ojM5
YuGmeHau/vXZUfUquYesvIf6QHz+SLEM7eyxC03Tt0b6YAAHgrQWGc4Dl6us/w4y
I2R9ynvp/ik98d9v4bF80L9QwrDZ/ayr/LjE0ehh4dDobShNe10AMJ85/64KDsMP
O2kDv1ERtrCjjvmFK3k4JcDMnWz/aDa58SIJgn/25Ik4NsV6K0unFc6rjvTJVulP
fHd7QmZ9kafH5lBWnz6mAf0T/x5EFY4JeMAiIMKl1wcVNcmFsfw5cx5zq2Nd8cp3
3GteQ7PxX7q79h9PfOkQeKSdSgWeKlF/3PyNhj63WSbncVgNqerXcvhkbC/Inn4T
Pukpgw3a
-----END CERTIFICATE-----
)";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view xml(reinterpret_cast<const char*>(data) + 1, size - 1);
  Expectations want{.request_id = "areq1",
                    .redirect_uri = "https://dex.example/callback",
                    .entity_issuer = "https://dex.example/saml",
                    .sso_issuer = "https://idp.example",
                    .cert_pems = {kCert},
                    .skip_signature = (data[0] & 1) != 0,
                    .now = dexcc::base::from_unix_seconds(kSeedTime)};
  auto r = validate_response(xml, want);
  // Whatever was accepted satisfies the rules the validator promises.
  if (r && (r->name_id.empty() || r->assertion_id.empty())) std::abort();
  return 0;
}
