// Starts and stops a private mariadbd the way scripts/services.sh does, as a child of the test.
#include "support/mariadb_server.h"

#include <mysql.h>
#include <pwd.h>
#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support/http_client.h"

namespace dexcc::testing {
namespace {

constexpr char kServer[] = "/usr/sbin/mariadbd";
constexpr char kInstall[] = "/usr/bin/mariadb-install-db";

}  // namespace

MariadbServer::MariadbServer() : MariadbServer([](MariadbServer&) { return std::vector<std::string>{}; }) {}

MariadbServer::MariadbServer(const std::function<std::vector<std::string>(MariadbServer&)>& extra_args)
    : port_(free_port()) {
  namespace fs = std::filesystem;
  // mariadbd drops to the mysql user, which writes its socket, pid file and log in the folder.
  fs::permissions(dir_.path(), fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                   fs::perms::others_read | fs::perms::others_exec);
  std::string d = dir_.path().string();
  const passwd* mysql = getpwnam("mysql");
  if (mysql == nullptr || ::chown(d.c_str(), mysql->pw_uid, mysql->pw_gid) != 0) return;
  std::string install = std::string(kInstall) + " --no-defaults --user=mysql --datadir=" + d +
                        "/data --skip-test-db > " + d + "/install.log 2>&1";
  if (std::system(install.c_str()) != 0) return;
  extra_args_ = extra_args(*this);
  ok_ = start() && run_sql(std::string("create database ") + kDatabase) &&
        run_sql(std::string("create user '") + kUser + "'@'127.0.0.1' identified by '" + kPassword + "'") &&
        run_sql(std::string("grant all on *.* to '") + kUser + "'@'127.0.0.1'");
}

MariadbServer::~MariadbServer() {
  stop();
}

bool MariadbServer::available() {
  return std::filesystem::exists(kServer) && std::filesystem::exists(kInstall);
}

bool MariadbServer::start() {
  const std::string d = dir_.path().string();
  ++runs_;
  std::vector<std::string> argv{kServer,
                                "--no-defaults",
                                "--user=mysql",
                                "--datadir=" + d + "/data",
                                "--socket=" + d + "/mysqld.sock",
                                "--port=" + std::to_string(port_),
                                "--bind-address=127.0.0.1",
                                "--pid-file=" + d + "/mysqld.pid",
                                "--log-error=" + d + "/error.log",
                                "--skip-log-bin"};
  argv.insert(argv.end(), extra_args_.begin(), extra_args_.end());
  process_ = std::make_unique<Process>(argv, dir_ / ("mariadbd-" + std::to_string(runs_) + ".log"));
  // Generous: a loaded 2-core machine may take seconds for InnoDB recovery.
  for (int i = 0; i < 600; ++i) {
    if (answers()) return true;
    if (!process_->running()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

void MariadbServer::stop() {
  if (!process_) return;
  process_->signal(SIGTERM);
  process_->wait(std::chrono::seconds(60));
}

std::string MariadbServer::log() const {
  std::ifstream in(dir_ / "error.log");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string MariadbServer::write_file(const std::string& name, const std::string& text) {
  std::string path = (dir_ / name).string();
  std::ofstream(path) << text;
  return path;
}

// root over the Unix socket (unix_socket authentication: the test runs as OS root).
bool MariadbServer::answers() {
  return run_sql("select 1");
}

bool MariadbServer::run_sql(const std::string& sql) {
  MYSQL* m = mysql_init(nullptr);
  std::string socket = (dir_ / "mysqld.sock").string();
  bool ok = mysql_real_connect(m, nullptr, "root", nullptr, nullptr, 0, socket.c_str(), 0) != nullptr &&
            mysql_query(m, sql.c_str()) == 0;
  if (ok) {
    if (MYSQL_RES* r = mysql_store_result(m)) mysql_free_result(r);
  }
  mysql_close(m);
  return ok;
}

}  // namespace dexcc::testing

namespace dexcc::testing {

int MariadbServer::kill_connections(const std::string& user) {
  MYSQL* m = mysql_init(nullptr);
  std::string socket = (dir_ / "mysqld.sock").string();
  int killed = 0;
  if (mysql_real_connect(m, nullptr, "root", nullptr, nullptr, 0, socket.c_str(), 0) != nullptr &&
      mysql_query(m, ("select id from information_schema.processlist where user = '" + user + "'").c_str()) == 0) {
    std::vector<std::string> ids;
    MYSQL_RES* r = mysql_store_result(m);
    while (MYSQL_ROW row = mysql_fetch_row(r)) ids.emplace_back(row[0]);
    mysql_free_result(r);
    for (const auto& id : ids) killed += mysql_query(m, ("kill connection " + id).c_str()) == 0 ? 1 : 0;
  }
  mysql_close(m);
  return killed;
}

}  // namespace dexcc::testing
