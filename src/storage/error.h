// storage::Error and Result: how every storage operation reports failure, as a value.
#pragma once

#include <any>
#include <expected>
#include <string>
#include <utility>

namespace dexcc::storage {

// What went wrong, for callers that branch on it (the API maps kNotFound/kAlreadyExists to its
// own answers; the token endpoint treats kNotFound as "invalid grant" and everything else as 500).
enum class ErrorKind {
  kNotFound,       // dex storage.ErrNotFound
  kAlreadyExists,  // dex storage.ErrAlreadyExists
  kConflict,       // a concurrent update won the race (backends without retrying CAS, e.g. etcd)
  kReadOnly,       // a static entry from the config file cannot be changed through storage
  kAborted,        // an updater refused the change; `cause` holds the caller's own error
  kOther,          // I/O, a full disk, undecodable data, a closed database, ...
};

struct Error {
  ErrorKind kind = ErrorKind::kOther;
  std::string message;
  // For kAborted: the value an updater aborted with (see abort_with), handed back to the caller of
  // the update untouched, so the caller needs no side channel to learn why its updater stopped.
  std::any cause;

  bool not_found() const { return kind == ErrorKind::kNotFound; }
  bool already_exists() const { return kind == ErrorKind::kAlreadyExists; }
  // The caller's error an updater aborted with, when it is of type E; null otherwise.
  template <class E>
  const E* aborted_with() const {
    return kind == ErrorKind::kAborted ? std::any_cast<E>(&cause) : nullptr;
  }
};

template <class T>
using Result = std::expected<T, Error>;

// The messages are dex's, so logs and API errors read the same.
inline std::unexpected<Error> not_found() {
  return std::unexpected(Error{ErrorKind::kNotFound, "not found"});
}
inline std::unexpected<Error> already_exists() {
  return std::unexpected(Error{ErrorKind::kAlreadyExists, "ID already exists"});
}
inline std::unexpected<Error> fail(ErrorKind kind, std::string message) {
  return std::unexpected(Error{kind, std::move(message)});
}
inline std::unexpected<Error> fail(std::string message) {
  return fail(ErrorKind::kOther, std::move(message));
}
// What an updater returns to stop an update with its caller's own error: nothing is written, and
// the update returns this error, whose aborted_with<E>() gives `cause` back.
template <class E>
std::unexpected<Error> abort_with(E cause) {
  return std::unexpected(
      Error{ErrorKind::kAborted, "update aborted by its updater", std::any(std::move(cause))});
}

}  // namespace dexcc::storage
