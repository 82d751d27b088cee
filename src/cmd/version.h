// dexcc's version, set at build time, and the dex release it is compatible with.
#pragma once

#include <string>

namespace dexcc::cmd {

// "v2.45.1-dexcc.0.1.0": the dex release whose behaviour dexcc matches, then dexcc's own version.
std::string full_version();

}  // namespace dexcc::cmd
