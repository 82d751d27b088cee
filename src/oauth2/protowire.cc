// Protobuf varints, tags and string fields with protobuf-go's decoding rules.
#include "oauth2/protowire.h"

#include <vector>

#include "base/text.h"

namespace dexcc::oauth2::protowire {
namespace {

enum WireType : uint32_t {
  kVarint = 0,
  kFixed64 = 1,
  kBytes = 2,
  kStartGroup = 3,
  kEndGroup = 4,
  kFixed32 = 5,
};

constexpr uint64_t kMaxFieldNumber = (uint64_t{1} << 29) - 1;  // protowire.MaxValidNumber
constexpr uint64_t kMaxGroupFieldNumber = 0x7fffffff;          // DecodeTag's bound inside groups
constexpr size_t kMaxGroupDepth = 10001;                       // DefaultRecursionLimit (10000) + 1

void append_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out += static_cast<char>((v & 0x7f) | 0x80);
    v >>= 7;
  }
  out += static_cast<char>(v);
}

// protowire.ConsumeVarint: at most 10 bytes, the tenth at most 1; non-minimal forms are fine.
bool consume_varint(std::string_view& in, uint64_t& v) {
  v = 0;
  for (size_t i = 0; i < 10; ++i) {
    if (i >= in.size()) return false;
    auto b = static_cast<uint8_t>(in[i]);
    if (i == 9 && b > 1) return false;
    v |= uint64_t{b & 0x7fu} << (7 * i);
    if (b < 0x80) {
      in.remove_prefix(i + 1);
      return true;
    }
  }
  return false;
}

bool consume_bytes(std::string_view& in, std::string_view& value) {
  uint64_t len = 0;
  if (!consume_varint(in, len) || len > in.size()) return false;
  value = in.substr(0, len);
  in.remove_prefix(len);
  return true;
}

bool consume_fixed(std::string_view& in, size_t size) {
  if (in.size() < size) return false;
  in.remove_prefix(size);
  return true;
}

// Skips the value of an unknown field (protowire.ConsumeFieldValue). Groups are walked with an
// explicit stack, so hostile nesting cannot exhaust the thread's stack.
bool skip_field_value(std::string_view& in, uint64_t number, uint32_t type) {
  std::vector<uint64_t> open_groups;
  for (;;) {
    std::string_view ignored;
    switch (type) {
      case kVarint: {
        uint64_t v = 0;
        if (!consume_varint(in, v)) return false;
        break;
      }
      case kFixed64:
        if (!consume_fixed(in, 8)) return false;
        break;
      case kFixed32:
        if (!consume_fixed(in, 4)) return false;
        break;
      case kBytes:
        if (!consume_bytes(in, ignored)) return false;
        break;
      case kStartGroup:
        if (open_groups.size() >= kMaxGroupDepth) return false;
        open_groups.push_back(number);
        break;
      default:  // a stray end-group, or the reserved types 6 and 7
        return false;
    }
    // Inside a group: read the next tag; an end-group of the innermost group closes it.
    for (;;) {
      if (open_groups.empty()) return true;
      uint64_t tag = 0;
      if (!consume_varint(in, tag)) return false;
      number = tag >> 3;
      type = static_cast<uint32_t>(tag & 7);
      if (number < 1 || number > kMaxGroupFieldNumber) return false;
      if (type != kEndGroup) break;
      if (number != open_groups.back()) return false;
      open_groups.pop_back();
    }
  }
}

bool valid_utf8(std::string_view s) {
  uint32_t code_point = 0;
  for (size_t i = 0; i < s.size();) {
    size_t n = base::decode_utf8(s, i, code_point);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

}  // namespace

void append_string_field(std::string& out, uint32_t number, std::string_view value) {
  if (value.empty()) return;
  append_varint(out, (uint64_t{number} << 3) | kBytes);
  append_varint(out, value.size());
  out.append(value);
}

base::Result<void> read_string_fields(std::string_view data, std::span<std::string> fields) {
  while (!data.empty()) {
    uint64_t tag = 0;
    if (!consume_varint(data, tag)) return base::fail("protobuf: bad tag varint");
    uint64_t number = tag >> 3;
    auto type = static_cast<uint32_t>(tag & 7);
    if (number < 1 || number > kMaxFieldNumber) return base::fail("protobuf: invalid field number");
    if (type == kEndGroup) return base::fail("protobuf: unexpected end group");
    if (type == kBytes && number <= fields.size()) {
      std::string_view value;
      if (!consume_bytes(data, value)) return base::fail("protobuf: truncated string field");
      if (!valid_utf8(value)) return base::fail("protobuf: string field contains invalid UTF-8");
      fields[number - 1].assign(value);
      continue;
    }
    if (!skip_field_value(data, number, type)) return base::fail("protobuf: malformed field");
  }
  return {};
}

}  // namespace dexcc::oauth2::protowire
