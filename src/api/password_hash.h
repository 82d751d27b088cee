// dex's cost check of bcrypt hashes given to CreatePassword and UpdatePassword, with the error texts
// of Go's bcrypt.Cost and of dex's checkCost.
#pragma once

#include <string_view>

#include "base/result.h"

namespace dexcc::api {

// The cost of `hash` as Go's bcrypt.Cost reads it, or its error text ("crypto/bcrypt: ...").
base::Result<int> go_bcrypt_cost(std::string_view hash);

// dex's checkCost: the hash must parse and its cost must be 10..16.
base::Result<void> check_hash_cost(std::string_view hash);

}  // namespace dexcc::api
