// JsonReader: a pull parser for decoders that know the shape they read (hot storage columns), with
// Go encoding/json's reading rules and no document tree.
//
// Strict about syntax (what Go rejects is an error) and lenient where Go is: invalid UTF-8 and
// unpaired UTF-16 surrogate escapes in strings read as U+FFFD. Values it is not asked for are
// skipped without recursion, so nesting depth costs no stack.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dexcc::base {

class JsonReader {
 public:
  enum class Kind { kObject, kArray, kString, kNumber, kBool, kNull, kEnd, kInvalid };

  explicit JsonReader(std::string_view text) : text_(text) {}

  // What the next value is, without consuming it (kEnd: nothing but whitespace is left).
  Kind peek();

  // Each of these consumes the value and returns true only when the next value is of its kind
  // and well formed; otherwise it consumes nothing (a malformed value also sets failed()).
  bool null();
  bool string(std::string& out);
  bool begin_object();
  bool begin_array();

  // Inside an object: reads the next member's key and its ':' into `key`, or the closing '}' and
  // returns false. The caller then reads or skips the member's value.
  bool member(std::string& key);
  // Inside an array: moves to the next element, or reads the closing ']' and returns false.
  bool element();

  // Consumes one value of any kind, nested ones included.
  bool skip();

  // True when the whole text was one well-formed value: nothing failed, every object and array
  // begun was closed, and only whitespace is left.
  bool finish();
  bool failed() const { return failed_; }

 private:
  void skip_space();
  bool fail();
  bool read_string(std::string* out);  // null out: validate and skip
  bool read_number();
  bool read_literal(std::string_view word);
  bool enter(Kind container);
  bool next_in_container(char close);

  std::string_view text_;
  size_t pos_ = 0;
  bool failed_ = false;
  bool just_opened_ = false;  // right after '{' or '[': no comma may come first
  size_t open_ = 0;           // objects and arrays begun and not yet closed
};

}  // namespace dexcc::base
