// Reading services.env and making scratch databases with the servers' own client libraries.
#include "support/services.h"

#include <libpq-fe.h>
#include <mysql.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <unistd.h>

namespace dexcc::testing {
namespace {

std::string unique_name() {
  static std::atomic<int> n{0};
  return "t" + std::to_string(::getpid()) + "_" + std::to_string(n++) + "_" + std::to_string(std::rand() % 100000);
}

}  // namespace

std::optional<std::string> service_setting(std::string_view name) {
  std::string key(name);
  if (const char* v = std::getenv(key.c_str()); v != nullptr && *v != '\0') return std::string(v);
  const char* dir = std::getenv("DEXCC_SERVICES_DIR");
  if (dir == nullptr || *dir == '\0') return std::nullopt;
  std::ifstream in(std::string(dir) + "/services.env");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(key + "=")) return line.substr(key.size() + 1);
  }
  return std::nullopt;
}

std::optional<PostgresServer> postgres_server(std::string* why) {
  auto host = service_setting("DEXCC_PG_HOST");
  auto port = service_setting("DEXCC_PG_PORT");
  if (!host || !port) {
    *why = "no PostgreSQL server: run the tests through scripts/run-tests.sh (DEXCC_SERVICES_DIR)";
    return std::nullopt;
  }
  return PostgresServer{*host, *port, service_setting("DEXCC_PG_SOCKET_DIR").value_or(""),
                        service_setting("DEXCC_PG_DATA").value_or(""), service_setting("DEXCC_PG_BIN").value_or("")};
}

std::string create_postgres_database(const PostgresServer& server, std::string* why) {
  std::string conninfo = "host=" + server.host + " port=" + server.port + " user=postgres dbname=postgres";
  PGconn* c = PQconnectdb(conninfo.c_str());
  std::string name;
  if (PQstatus(c) != CONNECTION_OK) {
    *why = std::string("cannot reach PostgreSQL: ") + PQerrorMessage(c);
  } else {
    std::string candidate = unique_name();
    PGresult* r = PQexec(c, ("create database " + candidate).c_str());
    if (PQresultStatus(r) == PGRES_COMMAND_OK) {
      name = candidate;
    } else {
      *why = std::string("create database: ") + PQresultErrorMessage(r);
    }
    PQclear(r);
  }
  PQfinish(c);
  return name;
}

std::optional<MysqlServer> mysql_server(std::string* why) {
  auto host = service_setting("DEXCC_MYSQL_HOST");
  auto port = service_setting("DEXCC_MYSQL_PORT");
  if (!host || !port) {
    *why = "no MariaDB server: run the tests through scripts/run-tests.sh (DEXCC_SERVICES_DIR)";
    return std::nullopt;
  }
  return MysqlServer{*host, *port, service_setting("DEXCC_MYSQL_SOCKET").value_or(""),
                     service_setting("DEXCC_MYSQL_USER").value_or("dex"),
                     service_setting("DEXCC_MYSQL_PASSWORD").value_or("")};
}

std::string create_mysql_database(const MysqlServer& server, std::string* why) {
  MYSQL* m = mysql_init(nullptr);
  std::string name;
  if (mysql_real_connect(m, server.host.c_str(), server.user.c_str(), server.password.c_str(), nullptr,
                         static_cast<unsigned>(std::stoi(server.port)), nullptr, 0) == nullptr) {
    *why = std::string("cannot reach MariaDB: ") + mysql_error(m);
  } else {
    std::string candidate = unique_name();
    if (mysql_query(m, ("create database " + candidate).c_str()) == 0) {
      name = candidate;
    } else {
      *why = std::string("create database: ") + mysql_error(m);
    }
  }
  mysql_close(m);
  return name;
}

}  // namespace dexcc::testing
