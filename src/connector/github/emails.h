// Which of a GitHub user's emails dex takes (reference §2.2, "Email choice"). Pure.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "connector/connector.h"
#include "connector/github/api.h"

namespace dexcc::connector::github {

// `domain` equals `preferred`, or has as many labels and each matches, '*' matching any label.
bool is_preferred_email_domain(std::string_view domain, std::string_view preferred);

// The first verified email in `preferred_domain` (when set), else the verified primary one (the
// last such, as dex keeps overwriting), else dex's error. On GitHub Enterprise (`enterprise`) every
// email counts as verified.
Result<std::string> choose_email(const std::vector<Email>& emails, std::string_view preferred_domain,
                                 bool enterprise);

}  // namespace dexcc::connector::github
