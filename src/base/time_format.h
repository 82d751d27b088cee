// Timestamp text formats dex writes: RFC 3339 with nanoseconds (JSON) and go-sqlite3's column text.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"

namespace dexcc::base {

// Go time.RFC3339Nano of a UTC time: "2006-01-02T15:04:05.999999999Z" (fraction trimmed).
std::string format_rfc3339_nano(Time t);
// Parses RFC 3339 with optional fraction and a "Z" or "+hh:mm" offset; returns UTC.
std::optional<Time> parse_rfc3339(std::string_view text);

// go-sqlite3's timestamp text: "2006-01-02 15:04:05.999999999+00:00".
std::string format_sqlite_time(Time t);
// Reads every layout go-sqlite3 accepts for timestamp columns (with 'T' or ' ', with or without
// fraction and zone, and date-only), returning UTC.
std::optional<Time> parse_sqlite_time(std::string_view text);

// "0001-01-01T00:00:00Z": Go's zero time.Time, which dex stores for unset times.
Time go_zero_time();

}  // namespace dexcc::base
