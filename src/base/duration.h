// Go-syntax durations ("300ms", "1.5h", "2h45m"), parsed and printed as Go's time package does.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace dexcc::base {

// time.ParseDuration: units ns, us, µs, μs, ms, s, m, h; a sign; "0" alone; no "d".
std::optional<std::chrono::nanoseconds> parse_go_duration(std::string_view text);

// time.Duration.String(): "24h0m0s", "1.5s", "300ms", "0s".
std::string format_go_duration(std::chrono::nanoseconds d);

}  // namespace dexcc::base
