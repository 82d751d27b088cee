// Request helpers: target splitting and Go-compatible form parsing.
#include "http/request.h"

namespace dexcc::http {
namespace {

bool is_urlencoded(std::string_view content_type) {
  // Compare the media type only (parameters such as charset are ignored, as Go does).
  std::string_view media = content_type.substr(0, content_type.find(';'));
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  while (!media.empty() && media.front() == ' ') media.remove_prefix(1);
  return iequals(media, "application/x-www-form-urlencoded");
}

}  // namespace

std::string_view Request::param(std::string_view name) const {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  return {};
}

const Request::Form& Request::form() const {
  if (form_) return *form_;
  Form f;
  // The parameter limit is for the whole request: the query gets what the body left of it.
  size_t body_parameters = 0;
  if ((method == "POST" || method == "PUT" || method == "PATCH") && is_urlencoded(headers.get("Content-Type"))) {
    ParsedQuery body_values = parse_query(body);
    f.post_values = std::move(body_values.values);
    f.error = body_values.error;
    f.too_many_parameters = body_values.too_many_parameters;
    body_parameters = body_values.parameters;
  }
  ParsedQuery query_values = parse_query(query, kMaxParameters - body_parameters);
  if (!f.error) f.error = query_values.error;
  f.too_many_parameters = f.too_many_parameters || query_values.too_many_parameters;
  f.values = f.post_values;
  f.values.append(query_values.values);
  form_ = std::move(f);
  return *form_;
}

void Request::clear() {
  method.clear();
  target.clear();
  path.clear();
  query.clear();
  headers.clear();
  std::string().swap(body);  // a large body is not kept for the connection's next request
  remote_addr.clear();
  request_id.clear();
  tls = false;
  params.clear();
  form_.reset();
}

bool split_target(std::string_view target, std::string& path, std::string& query) {
  if (target.starts_with("http://") || target.starts_with("https://")) {
    size_t scheme_end = target.find("//") + 2;
    size_t slash = target.find_first_of("/?", scheme_end);
    target = slash == std::string_view::npos ? std::string_view("/") : target.substr(slash);
    if (!target.empty() && target[0] == '?') {
      path.assign("/");
      query.assign(target.substr(1));
      return true;
    }
  }
  if (target.empty() || target[0] != '/') return false;
  size_t q = target.find('?');
  // assign(), not a new string: a connection's Request keeps its buffers from one request to the next.
  path.assign(target.substr(0, q));
  if (q == std::string_view::npos) {
    query.clear();
  } else {
    query.assign(target.substr(q + 1));
  }
  return true;
}

}  // namespace dexcc::http
