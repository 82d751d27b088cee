// JSON rendering of OAuth2 errors.
#include "oauth2/error.h"

#include "base/go_json.h"

namespace dexcc::oauth2 {

std::string Error::to_json() const {
  std::string out = "{\"error\":" + base::go_json_string(code);
  if (!description.empty()) out += ",\"error_description\":" + base::go_json_string(description);
  out += "}";
  return out;
}

}  // namespace dexcc::oauth2
