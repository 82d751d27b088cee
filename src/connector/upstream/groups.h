// dex's pkg/groups.Filter: a user's groups narrowed to the ones a connector config requires.
#pragma once

#include <string>
#include <vector>

namespace dexcc::connector::upstream {

// The members of `given` that `required` names, in `given`'s order.
std::vector<std::string> filter_groups(const std::vector<std::string>& given,
                                       const std::vector<std::string>& required);

}  // namespace dexcc::connector::upstream
