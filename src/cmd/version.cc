// Version strings from the build (DEXCC_VERSION, DEXCC_DEX_VERSION compile definitions).
#include "cmd/version.h"

namespace dexcc::cmd {

std::string full_version() { return std::string(DEXCC_DEX_VERSION) + "-dexcc." + DEXCC_VERSION; }

}  // namespace dexcc::cmd
