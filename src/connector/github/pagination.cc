// Reading rel="next" and rel="last" out of a Link header with dex's regular expressions.
#include "connector/github/pagination.h"

namespace dexcc::connector::github {
namespace {

// The first "<url>; rel="<rel>"" in `link` (dex's `<([^>]+)>; rel="next"`), or empty.
std::string find_rel(std::string_view link, std::string_view rel) {
  const std::string suffix = ">; rel=\"" + std::string(rel) + "\"";
  for (size_t open = link.find('<'); open != std::string_view::npos; open = link.find('<', open + 1)) {
    size_t close = link.find('>', open + 1);
    if (close == std::string_view::npos) return {};
    if (close > open + 1 && link.substr(close, suffix.size()) == suffix) {
      return std::string(link.substr(open + 1, close - open - 1));
    }
  }
  return {};
}

}  // namespace

std::string next_page(const std::string& fetched_url, std::string_view link_header) {
  std::string last = find_rel(link_header, "last");
  if (last.empty() || last == fetched_url) return {};
  return find_rel(link_header, "next");
}

}  // namespace dexcc::connector::github
