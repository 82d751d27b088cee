// The OpenShift User object (user.openshift.io/v1) as dex maps it to an identity. Pure: no I/O.
#pragma once

#include <string>
#include <vector>

#include "connector/connector.h"

namespace dexcc::connector::openshift {

// UserID = metadata.uid; Username, PreferredUsername and Email = metadata.name; EmailVerified
// false; Groups = groups. With `required` groups, none of them among the user's fails:
// `openshift: user "<name>" is not in any of the required groups`.
Result<Identity> identity_from_user(const std::string& body, const std::vector<std::string>& required);

}  // namespace dexcc::connector::openshift
