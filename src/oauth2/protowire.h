// Internal to oauth2: the protobuf wire format, just enough for dex's all-string internal messages.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"

namespace dexcc::oauth2::protowire {

// Appends `value` as field `number` (wire type 2, length-delimited). Empty values are left out,
// as proto3 leaves out fields holding their default; call in field-number order to get
// proto.Marshal's bytes.
void append_string_field(std::string& out, uint32_t number, std::string_view value);

// Decodes a message whose fields 1..fields.size() are proto3 `string`s into `fields` (fields[0]
// is field 1), as protobuf-go's proto.Unmarshal does:
//   * fields may come in any order and repeat (the last one wins);
//   * unknown fields, and known numbers with another wire type, are skipped, groups included
//     (nested up to protobuf-go's recursion limit);
//   * it fails on a truncated or over-long varint, a length past the end, field number 0 or
//     above 2^29-1, wire types 6 and 7, a stray or mismatched end-group, and a string field
//     that is not valid UTF-8 (proto3 enforces it).
base::Result<void> read_string_fields(std::string_view data, std::span<std::string> fields);

}  // namespace dexcc::oauth2::protowire
