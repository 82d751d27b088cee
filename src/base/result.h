// Result<T>: the error-as-value type used on every request path (std::expected with a plain message).
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace dexcc::base {

// A failure that carries only a human-readable message. Modules with richer error needs
// (storage::Error, oauth2::Error) define their own error types and use std::expected directly.
struct Error {
  std::string message;
};

template <class T>
using Result = std::expected<T, Error>;

// fail("...") reads better than std::unexpected(Error{"..."}) at call sites.
inline std::unexpected<Error> fail(std::string message) { return std::unexpected(Error{std::move(message)}); }

}  // namespace dexcc::base
