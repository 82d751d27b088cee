// Required-group filtering as dex's connectors share it.
#include "connector/upstream/groups.h"

#include <set>

namespace dexcc::connector::upstream {

std::vector<std::string> filter_groups(const std::vector<std::string>& given,
                                       const std::vector<std::string>& required) {
  std::set<std::string, std::less<>> wanted(required.begin(), required.end());
  std::vector<std::string> out;
  for (const auto& g : given) {
    if (wanted.contains(g)) out.push_back(g);
  }
  return out;
}

}  // namespace dexcc::connector::upstream
