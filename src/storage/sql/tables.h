// The columns dexcc reads and writes in each of dex's tables, and the CRUD statements over them.
//
// Column sets are exactly those dex v2.45.1 writes; columns newer dex versions add all have
// defaults, so rows written here stay valid in a database a newer dex migrated. Statements are
// generated in Postgres syntax ($N placeholders) with non-key columns first and key columns last,
// so one binding order serves insert, update and the select that reads a row back.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dexcc::storage::sql {

struct Table {
  std::string_view name;
  std::vector<std::string_view> values;  // non-key columns, in binding/reading order
  std::vector<std::string_view> keys;    // primary key columns
};

const Table& client_table();
const Table& auth_request_table();
const Table& auth_code_table();
const Table& refresh_token_table();
const Table& password_table();
const Table& keys_table();
const Table& offline_session_table();
const Table& connector_table();
const Table& device_request_table();
const Table& device_token_table();

// The one row id of the keys table.
inline constexpr std::string_view kKeysRowId = "keys";

// insert into t (values..., keys...) values ($1, ...);
std::string insert_statement(const Table& t);
// select values..., keys... from t where key1 = $1 and ...;   (by_key = false: no where clause)
std::string select_statement(const Table& t, bool by_key);
// update t set v1 = $1, ... where key1 = $n and ...;
std::string update_statement(const Table& t);
// delete from t where key1 = $1 and ...;
std::string delete_statement(const Table& t);
// delete from t where expiry < $1;
std::string delete_expired_statement(std::string_view table);

}  // namespace dexcc::storage::sql
