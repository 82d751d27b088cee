// The real database servers scripts/services.sh started for this test run, and fresh databases
// on them. Settings come from the environment, else from DEXCC_SERVICES_DIR/services.env; a test
// whose server is missing skips with the reason these functions give.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dexcc::testing {

// A setting such as DEXCC_PG_PORT, or nullopt.
std::optional<std::string> service_setting(std::string_view name);

struct PostgresServer {
  std::string host, port, socket_dir, data_dir, bin_dir;
};
// The PostgreSQL server, or nullopt with `why` set.
std::optional<PostgresServer> postgres_server(std::string* why);
// Creates an empty database with a new unique name on it (superuser "postgres", trust auth) and
// returns its name; empty with `why` set on failure.
std::string create_postgres_database(const PostgresServer& server, std::string* why);

struct MysqlServer {
  std::string host, port, socket, user, password;
};
std::optional<MysqlServer> mysql_server(std::string* why);
std::string create_mysql_database(const MysqlServer& server, std::string* why);

}  // namespace dexcc::testing
