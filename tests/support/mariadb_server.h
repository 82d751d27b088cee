// MariadbServer: a private MariaDB (Debian's mariadbd) in a temp folder on a free loopback port,
// for tests that must stop and restart it (the shared one from scripts/services.sh stays untouched).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "support/process.h"
#include "support/temp_dir.h"

namespace dexcc::testing {

class MariadbServer {
 public:
  static constexpr const char* kUser = "dex";
  static constexpr const char* kPassword = "dexpw";
  static constexpr const char* kDatabase = "dex";

  // Creates the data folder (mariadb-install-db), starts the server and adds user dex/dexpw with
  // database dex; ok() says whether all of it worked. `extra_args` go to every start of mariadbd
  // (e.g. --ssl-cert=...): files they name can be made with write_file() first, through the
  // constructor taking a function that returns them.
  MariadbServer();
  explicit MariadbServer(const std::function<std::vector<std::string>(MariadbServer&)>& extra_args);
  ~MariadbServer();

  // Whether the MariaDB server binaries exist here (tests skip otherwise).
  static bool available();

  bool ok() const { return ok_; }
  // A file in the server's folder, readable by the server.
  std::string write_file(const std::string& name, const std::string& text);
  // Runs SQL as root over the Unix socket; false on failure.
  bool run_sql(const std::string& sql);
  // Kills every client connection of `user` (KILL CONNECTION); how many it killed.
  int kill_connections(const std::string& user);
  // Starts (or restarts, on the same data and port) and waits until it answers; false on timeout.
  bool start();
  // SIGTERM (a clean shutdown) and wait for the exit.
  void stop();
  uint16_t port() const { return port_; }
  // The server's error log (all runs).
  std::string log() const;

 private:
  bool answers();

  TempDir dir_;
  uint16_t port_ = 0;
  std::unique_ptr<Process> process_;
  std::vector<std::string> extra_args_;
  int runs_ = 0;
  bool ok_ = false;
};

}  // namespace dexcc::testing
