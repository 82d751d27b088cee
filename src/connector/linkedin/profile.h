// LinkedIn's v2 profile answers as dex reads them: GET /v2/me (id, localizedFirstName,
// localizedLastName) and GET /v2/emailAddress?q=members&projection=(elements*(handle~)). Pure.
#pragma once

#include <string>

#include "connector/connector.h"

namespace dexcc::connector::linkedin {

struct Profile {
  std::string id, first_name, last_name, email;

  // "First Last" trimmed, or the email when that is blank.
  std::string full_name() const;
};

// The /me body; "JSON decode: ..." when it is not the expected object.
Result<Profile> parse_me(const std::string& body);
// The last elements[].handle~.emailAddress of the email body; "email is not set" when none.
Result<std::string> parse_email(const std::string& body);

}  // namespace dexcc::connector::linkedin
