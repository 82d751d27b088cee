// Random values as dex makes them (reference dex-server.md §7.3), all from OpenSSL's CSPRNG.
#pragma once

#include <string>

namespace dexcc::base {

// n bytes from the CSPRNG. Aborts the process if the CSPRNG fails: continuing would be unsafe.
std::string random_bytes(size_t n);

// dex NewID(): 25 lowercase characters (a letter, then base32 of 15 random bytes).
std::string new_id();
// dex NewDeviceCode(): 51 characters, same scheme over 32 bytes.
std::string new_device_code();
// dex NewHMACKey(): 51 characters over 32 bytes, used as raw key bytes.
std::string new_hmac_key();
// dex NewUserCode(): "XXXX-XXXX" over BCDFGHJKLMNPQRSTVWXZ (uniform, unlike dex's math/rand).
std::string new_user_code();
// A random RFC 4122 version 4 UUID, lowercase with hyphens (request IDs).
std::string new_uuid();

std::string hex_encode(std::string_view bytes);

// Compares two secrets in time that depends only on their lengths.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace dexcc::base
