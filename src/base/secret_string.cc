// Wiping secret bytes with explicit_bzero, which the optimiser must not remove.
#include "base/secret_string.h"

#include <string.h>

namespace dexcc::base {

void wipe(std::string& s) noexcept {
  explicit_bzero(s.data(), s.capacity());
  s.clear();
}

SecretString& SecretString::operator=(const SecretString& other) {
  if (this != &other) {
    wipe(s_);
    s_ = other.s_;
  }
  return *this;
}

SecretString& SecretString::operator=(SecretString&& other) noexcept {
  if (this != &other) {
    wipe(s_);
    s_ = std::move(other.s_);
    wipe(other.s_);
  }
  return *this;
}

}  // namespace dexcc::base
