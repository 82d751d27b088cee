// sub claim encoding and decoding through the internal codec.
#include "oauth2/subject.h"

#include <array>

#include "oauth2/codec.h"

namespace dexcc::oauth2 {

std::string encode_subject(std::string_view user_id, std::string_view conn_id) {
  return marshal_string_fields({user_id, conn_id});
}

base::Result<IdTokenSubject> decode_subject(std::string_view sub) {
  std::array<std::string, 2> fields;
  if (auto ok = unmarshal_string_fields(sub, fields); !ok) return std::unexpected(ok.error());
  return IdTokenSubject{std::move(fields[0]), std::move(fields[1])};
}

}  // namespace dexcc::oauth2
