// The error dex's REST-style connectors (openshift, linkedin) make of a refused API call: Go's
// resp.Status ("401 Unauthorized") and the body.
#pragma once

#include <string>
#include <string_view>

namespace dexcc::connector::upstream {

// Go's http.Response.Status: "<code> <reason>" with http.StatusText's reason ("401 Unauthorized"),
// "<code> status code <code>" for a code Go has no text for.
std::string go_status(int status);

// go_status, then ": " and the body, cut at 512 bytes so a log line stays readable.
std::string status_error(int status, std::string_view body);

}  // namespace dexcc::connector::upstream
