// JsonReader: JSON syntax (RFC 8259) read in place, strings unescaped the way Go's decoder does.
#include "base/json_reader.h"

#include <cstdint>

#include "base/text.h"

namespace dexcc::base {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The four hex digits of a \u escape at text[at..at+4), or -1.
int32_t read_hex4(std::string_view text, size_t at) {
  if (at + 4 > text.size()) return -1;
  int32_t v = 0;
  for (size_t i = at; i < at + 4; ++i) {
    int h = hex_digit_value(text[i]);
    if (h < 0) return -1;
    v = v * 16 + h;
  }
  return v;
}

}  // namespace

void JsonReader::skip_space() {
  while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
}

bool JsonReader::fail() {
  failed_ = true;
  return false;
}

JsonReader::Kind JsonReader::peek() {
  if (failed_) return Kind::kInvalid;
  skip_space();
  if (pos_ == text_.size()) return Kind::kEnd;
  char c = text_[pos_];
  switch (c) {
    case '{': return Kind::kObject;
    case '[': return Kind::kArray;
    case '"': return Kind::kString;
    case 't':
    case 'f': return Kind::kBool;
    case 'n': return Kind::kNull;
    default: return c == '-' || is_digit(c) ? Kind::kNumber : Kind::kInvalid;
  }
}

bool JsonReader::null() { return peek() == Kind::kNull && read_literal("null"); }

bool JsonReader::string(std::string& out) {
  if (peek() != Kind::kString) return false;
  out.clear();
  return read_string(&out);
}

bool JsonReader::begin_object() { return enter(Kind::kObject); }

bool JsonReader::begin_array() { return enter(Kind::kArray); }

bool JsonReader::enter(Kind container) {
  if (peek() != container) return false;
  ++pos_;
  ++open_;
  just_opened_ = true;
  return true;
}

// Past a ',' (or right after the opening bracket) returns true; at `close` consumes it, false.
bool JsonReader::next_in_container(char close) {
  if (failed_) return false;
  if (open_ == 0) return fail();  // not inside an object or array
  skip_space();
  if (pos_ == text_.size()) return fail();
  bool first = just_opened_;
  just_opened_ = false;
  if (text_[pos_] == close) {
    ++pos_;
    --open_;
    return false;
  }
  if (first) return true;
  if (text_[pos_] != ',') return fail();
  ++pos_;
  return true;
}

bool JsonReader::member(std::string& key) {
  if (!next_in_container('}')) return false;
  if (!string(key)) return fail();
  skip_space();
  if (pos_ == text_.size() || text_[pos_] != ':') return fail();
  ++pos_;
  return true;
}

bool JsonReader::element() { return next_in_container(']'); }

bool JsonReader::read_literal(std::string_view word) {
  if (text_.substr(pos_, word.size()) != word) return fail();
  pos_ += word.size();
  return true;
}

bool JsonReader::read_number() {
  size_t p = pos_;
  auto digits = [&] {
    size_t start = p;
    while (p < text_.size() && is_digit(text_[p])) ++p;
    return p > start;
  };
  if (p < text_.size() && text_[p] == '-') ++p;
  if (p < text_.size() && text_[p] == '0') {
    ++p;
  } else if (!digits()) {
    return fail();
  }
  if (p < text_.size() && text_[p] == '.') {
    ++p;
    if (!digits()) return fail();
  }
  if (p < text_.size() && (text_[p] == 'e' || text_[p] == 'E')) {
    ++p;
    if (p < text_.size() && (text_[p] == '+' || text_[p] == '-')) ++p;
    if (!digits()) return fail();
  }
  pos_ = p;
  return true;
}

bool JsonReader::read_string(std::string* out) {
  size_t p = pos_ + 1;  // past the opening quote
  while (true) {
    size_t run = p;
    while (p < text_.size()) {
      auto c = static_cast<uint8_t>(text_[p]);
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
      ++p;
    }
    if (out != nullptr) out->append(text_, run, p - run);
    if (p == text_.size()) return fail();
    auto c = static_cast<uint8_t>(text_[p]);
    if (c == '"') {
      pos_ = p + 1;
      return true;
    }
    if (c < 0x20) return fail();
    if (c >= 0x80) {
      uint32_t rune;
      size_t n = decode_utf8(text_, p, rune);
      if (out != nullptr) out->append(n == 0 ? kReplacement : text_.substr(p, n));
      p += n == 0 ? 1 : n;
      continue;
    }
    // A backslash escape.
    if (p + 1 == text_.size()) return fail();
    char e = text_[p + 1];
    p += 2;
    if (e == 'u') {
      int32_t rune = read_hex4(text_, p);
      if (rune < 0) return fail();
      p += 4;
      if (rune >= 0xD800 && rune <= 0xDFFF) {
        // A pair is a high surrogate and a low one in the next escape; anything else is U+FFFD.
        int32_t low = p + 1 < text_.size() && text_[p] == '\\' && text_[p + 1] == 'u' ? read_hex4(text_, p + 2) : -1;
        if (rune <= 0xDBFF && low >= 0xDC00 && low <= 0xDFFF) {
          rune = 0x10000 + ((rune - 0xD800) << 10) + (low - 0xDC00);
          p += 6;
        } else {
          rune = 0xFFFD;
        }
      }
      if (out != nullptr) append_utf8(*out, static_cast<uint32_t>(rune));
      continue;
    }
    char plain;
    switch (e) {
      case '"': plain = '"'; break;
      case '\\': plain = '\\'; break;
      case '/': plain = '/'; break;
      case 'b': plain = '\b'; break;
      case 'f': plain = '\f'; break;
      case 'n': plain = '\n'; break;
      case 'r': plain = '\r'; break;
      case 't': plain = '\t'; break;
      default: return fail();
    }
    if (out != nullptr) *out += plain;
  }
}

bool JsonReader::skip() {
  // Closing brackets of the containers entered so far; a string, so depth costs heap, not stack.
  std::string open;
  enum class Want { kValue, kValueOrClose, kKeyOrClose, kKey, kAfterValue } want = Want::kValue;
  while (true) {
    if (failed_) return false;
    skip_space();
    if (pos_ == text_.size()) return fail();
    char c = text_[pos_];
    switch (want) {
      case Want::kKeyOrClose:
      case Want::kValueOrClose:
        if (c == open.back()) {
          ++pos_;
          open.pop_back();
          want = Want::kAfterValue;
          break;
        }
        want = want == Want::kKeyOrClose ? Want::kKey : Want::kValue;
        continue;
      case Want::kKey:
        if (c != '"' || !read_string(nullptr)) return fail();
        skip_space();
        if (pos_ == text_.size() || text_[pos_] != ':') return fail();
        ++pos_;
        want = Want::kValue;
        break;
      case Want::kValue:
        switch (peek()) {
          case Kind::kObject:
            ++pos_;
            open += '}';
            want = Want::kKeyOrClose;
            continue;
          case Kind::kArray:
            ++pos_;
            open += ']';
            want = Want::kValueOrClose;
            continue;
          case Kind::kString:
            if (!read_string(nullptr)) return false;
            break;
          case Kind::kNumber:
            if (!read_number()) return false;
            break;
          case Kind::kBool:
            if (!read_literal(c == 't' ? "true" : "false")) return false;
            break;
          case Kind::kNull:
            if (!read_literal("null")) return false;
            break;
          default: return fail();
        }
        want = Want::kAfterValue;
        break;
      case Want::kAfterValue:
        if (c == ',') {
          ++pos_;
          want = open.back() == '}' ? Want::kKey : Want::kValue;
        } else if (c == open.back()) {
          ++pos_;
          open.pop_back();
        } else {
          return fail();
        }
        break;
    }
    if (want == Want::kAfterValue && open.empty()) return true;
  }
}

bool JsonReader::finish() {
  if (failed_ || open_ > 0) return false;
  skip_space();
  return pos_ == text_.size();
}

}  // namespace dexcc::base
