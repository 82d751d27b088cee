// The two faces a SQL driver shows the shared row codecs: parameters to bind, columns to read.
//
// Each backend (sqlite3, postgres, mysql) implements them over its client library, so the
// entity <-> row mapping (codecs.h) is written once for every flavour.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/entities.h"
#include "storage/error.h"

namespace dexcc::storage::sql {

// Binds statement parameters in order ($1, $2, ...).
class Params {
 public:
  virtual ~Params() = default;
  virtual void text(std::string_view v) = 0;
  // A nullable bytes column: NULL when empty, as Go stores a nil []byte.
  virtual void bytes(std::string_view v) = 0;
  // Always bytes, even empty: JSON columns (dex binds []byte) and NOT NULL bytes.
  virtual void blob(std::string_view v) = 0;
  virtual void integer(int64_t v) = 0;
  virtual void boolean(bool v) = 0;
  virtual void optional_boolean(std::optional<bool> v) = 0;
  virtual void time(Time t) = 0;
};

// Reads one result row column by column in order. Decoding problems are kept as the first error,
// so a row is read straight through and checked once.
class Columns {
 public:
  virtual ~Columns() = default;
  virtual std::string text() = 0;  // text or bytes; NULL gives ""
  virtual int64_t integer() = 0;   // NULL gives 0
  virtual bool boolean() = 0;
  virtual std::optional<bool> optional_boolean() = 0;  // NULL gives nullopt
  virtual Time time() = 0;

  // A JSON string list; NULL, empty or `null` give {}.
  std::vector<std::string> string_list(std::string_view column);

  // Records a decoding failure from a richer decoder.
  template <class T>
  T take(Result<T> r) {
    if (r) return std::move(*r);
    if (!error_) error_ = r.error();
    return T{};
  }
  const std::optional<Error>& error() const { return error_; }

 private:
  std::optional<Error> error_;
};

}  // namespace dexcc::storage::sql
