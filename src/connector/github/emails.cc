// dex's email choice for GitHub users, preferred domains with '*' labels included.
#include "connector/github/emails.h"

namespace dexcc::connector::github {
namespace {

std::vector<std::string_view> labels(std::string_view domain) {
  std::vector<std::string_view> out;
  for (size_t start = 0;;) {
    size_t dot = domain.find('.', start);
    out.push_back(domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) return out;
    start = dot + 1;
  }
}

}  // namespace

bool is_preferred_email_domain(std::string_view domain, std::string_view preferred) {
  if (domain == preferred) return true;
  auto want = labels(preferred);
  auto have = labels(domain);
  if (want.size() != have.size()) return false;
  for (size_t i = 0; i < want.size(); ++i) {
    if (have[i] != want[i] && want[i] != "*") return false;
  }
  return true;
}

Result<std::string> choose_email(const std::vector<Email>& emails, std::string_view preferred_domain,
                                 bool enterprise) {
  std::string primary;
  std::string preferred;
  for (const Email& e : emails) {
    bool verified = e.verified || enterprise;
    if (verified && e.primary) primary = e.email;
    if (preferred_domain.empty()) continue;
    size_t at = e.email.find('@');
    if (at == std::string::npos) return failed("github: invalid format email address");
    if (verified && preferred.empty() &&
        is_preferred_email_domain(e.email.substr(at + 1), preferred_domain)) {
      preferred = e.email;
    }
  }
  if (!preferred.empty()) return preferred;
  if (!primary.empty()) return primary;
  return failed("github: user has no verified, primary email or preferred-domain email");
}

}  // namespace dexcc::connector::github
