// The error dex's REST-style connectors (openshift, linkedin) make of a refused API call: Go's
// resp.Status ("401 Unauthorized") and the body.
#pragma once

#include <string>
#include <string_view>

namespace dexcc::connector::upstream {

// "<code> <reason>" as Go's http.Response.Status reads for the common codes ("418" alone for
// others), then ": " and the body, cut at 512 bytes so a log line stays readable.
std::string status_error(int status, std::string_view body);

}  // namespace dexcc::connector::upstream
