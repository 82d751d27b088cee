// Fuzz target: the JSON pull reader and the SQL column decoders built on it (text read from a
// database file is input too: another process, or a restored backup, may have written it).
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

#include "base/json_reader.h"
#include "storage/sql/encoding.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  dexcc::base::JsonReader reader(in);
  bool ours = reader.skip() && reader.finish();
  // nlohmann is stricter (it refuses broken UTF-8, which Go reads as U+FFFD), never more lenient,
  // except that it takes a NUL byte for the end of the text.
  if (in.find('\0') == std::string_view::npos && nlohmann::json::accept(in) && !ours) __builtin_trap();

  namespace sql = dexcc::storage::sql;
  if (auto refs = sql::decode_refresh_refs(in)) {
    auto again = sql::decode_refresh_refs(sql::encode_refresh_refs(*refs));
    if (!again || *again != *refs) __builtin_trap();
  }
  if (auto list = sql::decode_string_list(in, "fuzz")) {
    auto again = sql::decode_string_list(sql::encode_string_list(*list), "fuzz");
    if (!again || *again != *list) __builtin_trap();
  }
  return 0;
}
