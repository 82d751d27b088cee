// GitHub's Link-header pagination as dex follows it (reference §2.2).
#pragma once

#include <string>
#include <string_view>

namespace dexcc::connector::github {

// The URL of the page after `fetched_url`, or empty when there is none: dex stops when the Link
// header has no rel="last", or when the page just fetched is the last one; else it takes rel="next".
std::string next_page(const std::string& fetched_url, std::string_view link_header);

}  // namespace dexcc::connector::github
