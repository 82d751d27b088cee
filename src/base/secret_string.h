// SecretString: a string of key material (a private JWK, a private key's PEM) whose bytes are
// wiped when it is destroyed or overwritten, so a freed key does not linger in the heap where a
// later over-read or a core dump could find it.
#pragma once

#include <string>
#include <string_view>

namespace dexcc::base {

// Overwrites every byte `s` owns (its whole capacity, not just its size) and empties it; the
// compiler may not drop the writes as dead stores.
void wipe(std::string& s) noexcept;

// Wipes every string inside a parsed JSON value (nlohmann::json or ordered_json) holding key
// material, before the value is destroyed. Member names are left as they are.
template <class Json>
void wipe_json(Json& value) noexcept {
  if (value.is_string()) {
    wipe(value.template get_ref<std::string&>());
  } else if (value.is_structured()) {
    for (auto& element : value) wipe_json(element);
  }
}

// Wipes a parsed JSON value (wipe_json) when the scope ends, however it is left.
template <class Json>
class WipeJsonOnExit {
 public:
  explicit WipeJsonOnExit(Json& value) : value_(value) {}
  WipeJsonOnExit(const WipeJsonOnExit&) = delete;
  WipeJsonOnExit& operator=(const WipeJsonOnExit&) = delete;
  ~WipeJsonOnExit() { wipe_json(value_); }

 private:
  Json& value_;
};

class SecretString {
 public:
  SecretString() = default;
  // Implicit, so a std::string field can become a SecretString without touching its readers.
  SecretString(std::string s) : s_(std::move(s)) {}  // NOLINT(google-explicit-constructor)
  SecretString(const char* s) : s_(s) {}              // NOLINT(google-explicit-constructor)
  SecretString(const SecretString&) = default;
  SecretString(SecretString&& other) noexcept : s_(std::move(other.s_)) { wipe(other.s_); }
  SecretString& operator=(const SecretString& other);
  SecretString& operator=(SecretString&& other) noexcept;
  ~SecretString() { wipe(s_); }

  operator const std::string&() const { return s_; }  // NOLINT(google-explicit-constructor)
  operator std::string_view() const { return s_; }     // NOLINT(google-explicit-constructor)
  const std::string& str() const { return s_; }
  bool empty() const { return s_.empty(); }
  size_t size() const { return s_.size(); }

  friend bool operator==(const SecretString& a, const SecretString& b) { return a.s_ == b.s_; }
  friend bool operator==(const SecretString& a, std::string_view b) { return a.s_ == b; }
  friend bool operator==(const SecretString& a, const char* b) { return a.s_ == b; }

 private:
  std::string s_;
};

}  // namespace dexcc::base
