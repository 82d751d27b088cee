// bcrypt password hashes through libxcrypt, with Go's bcrypt.Cost parsing rules for validation.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dexcc::base {

// The cost of a bcrypt hash ("$2a$10$..."), or nullopt when the text is not a well-formed bcrypt
// hash by golang.org/x/crypto/bcrypt's rules (length >= 59, "$2" prefix, minor version, cost 4..31).
std::optional<int> bcrypt_cost(std::string_view hash);

// True when `password` matches `hash`. Runs in time independent of where the hashes differ.
bool bcrypt_verify(std::string_view password, std::string_view hash);

// A new "$2a$<cost>$..." hash of `password` (tests and tooling; dex never hashes on the server).
std::string bcrypt_hash(std::string_view password, int cost);

}  // namespace dexcc::base
