// Go-compatible form and Basic-auth encodings.
#include "http_client/form.h"

#include <algorithm>

#include "base/base64.h"
#include "base/query_escape.h"

namespace dexcc::http_client {

std::string form_encode(const FormValues& values) {
  std::vector<const FormValues::value_type*> sorted;
  sorted.reserve(values.size());
  for (const auto& pair : values) sorted.push_back(&pair);
  std::ranges::stable_sort(sorted, [](const auto* a, const auto* b) { return a->first < b->first; });
  std::string out;
  for (const auto* pair : sorted) {
    if (!out.empty()) out += '&';
    out += base::query_escape(pair->first);
    out += '=';
    out += base::query_escape(pair->second);
  }
  return out;
}

std::string basic_auth(std::string_view client_id, std::string_view client_secret) {
  return "Basic " +
         base::base64_encode(base::query_escape(client_id) + ":" + base::query_escape(client_secret));
}

}  // namespace dexcc::http_client
