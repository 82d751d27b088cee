// Go's url.QueryEscape, shared by the inbound forms (http/) and the outbound client (http_client/).
#pragma once

#include <string>
#include <string_view>

namespace dexcc::base {

// Letters, digits and "-_.~" stay, a space becomes '+', every other byte %XX (upper-case hex).
std::string query_escape(std::string_view text);

}  // namespace dexcc::base
