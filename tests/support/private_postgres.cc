// initdb, pg_ctl start and stop through runuser (the server refuses to run as root).
#include "support/private_postgres.h"

#include <libpq-fe.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/http_client.h"

namespace dexcc::testing {
namespace {

int sh(const std::string& command) {
  return std::system(command.c_str());
}

}  // namespace

std::string PrivatePostgres::bin_dir() {
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
    if (std::filesystem::exists(e.path() / "bin" / "initdb")) found.push_back((e.path() / "bin").string());
  }
  // Version folders are numbers ("15"); the longest, then the greatest, is the newest.
  std::sort(found.begin(), found.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
  });
  return found.empty() ? "" : found.back();
}

PrivatePostgres::PrivatePostgres(std::vector<std::string> settings, std::vector<std::string> hba_lines,
                                 const std::function<void(PrivatePostgres&)>& before_start)
    : bin_(bin_dir()), port_(free_port()), settings_(std::move(settings)) {
  if (bin_.empty()) return;
  std::string d = dir_.path().string();
  if (sh("chmod 755 " + d + " && mkdir -p " + d + "/sock && chown -R postgres:postgres " + d) != 0 ||
      sh("runuser -u postgres -- " + bin_ + "/initdb -D " + d + "/data -U postgres --auth=trust -E UTF8 "
         "--no-locale --no-sync > " + d + "/initdb.log 2>&1") != 0) {
    return;
  }
  if (!hba_lines.empty()) {
    std::ifstream in(d + "/data/pg_hba.conf");
    std::stringstream rest;
    rest << in.rdbuf();
    std::ofstream out(d + "/data/pg_hba.conf", std::ios::trunc);
    for (const auto& line : hba_lines) out << line << "\n";
    out << rest.str();
  }
  if (before_start) before_start(*this);
  ok_ = start();
}

PrivatePostgres::~PrivatePostgres() {
  stop();
}

std::string PrivatePostgres::write_file(const std::string& name, const std::string& text) {
  std::string path = (dir_ / name).string();
  std::ofstream(path) << text;
  const passwd* pg = getpwnam("postgres");
  if (pg != nullptr && ::chown(path.c_str(), pg->pw_uid, pg->pw_gid) != 0) return path;
  ::chmod(path.c_str(), 0600);  // the server refuses a key others can read
  return path;
}

bool PrivatePostgres::exec(const std::string& sql) {
  std::string info = "host=" + (dir_ / "sock").string() + " port=" + std::to_string(port_) + " user=postgres dbname=postgres";
  PGconn* c = PQconnectdb(info.c_str());
  PGresult* r = PQexec(c, sql.c_str());
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  PQclear(r);
  PQfinish(c);
  return ok;
}

bool PrivatePostgres::start() {
  std::string d = dir_.path().string();
  std::string options = "-c listen_addresses=127.0.0.1 -p " + std::to_string(port_) + " -k " + d + "/sock -c fsync=off";
  for (const auto& s : settings_) options += " -c " + s;
  return sh("runuser -u postgres -- " + bin_ + "/pg_ctl -D " + d + "/data -l " + d + "/server.log -w -o \"" + options +
            "\" start > /dev/null") == 0;
}

void PrivatePostgres::stop() {
  if (bin_.empty()) return;
  sh("runuser -u postgres -- " + bin_ + "/pg_ctl -D " + dir_.path().string() + "/data -m fast -w stop > /dev/null 2>&1");
}

std::string PrivatePostgres::log() const {
  std::ifstream in(dir_ / "server.log");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace dexcc::testing
