// Setting `state` in a callback URL's query.
#include "connector/state_url.h"

#include "http/form.h"

namespace dexcc::connector {

std::string url_with_state(std::string_view url, std::string_view state) {
  size_t q = url.find('?');
  http::Values values = http::parse_query(q == std::string_view::npos ? "" : url.substr(q + 1)).values;
  values.set("state", state);
  return std::string(url.substr(0, q)) + "?" + values.encode();
}

}  // namespace dexcc::connector
