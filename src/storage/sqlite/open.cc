// Opening an sqlite3 storage: DSN parsing, clear start-up errors about the file and its folder,
// connection setup (WAL, busy timeout, durability), migrations, the read pool.
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "base/json_fields.h"
#include "base/log.h"
#include "storage/sqlite/file_mode.h"
#include "storage/sqlite/migrate.h"
#include "storage/sqlite/sqlite.h"
#include "storage/sqlite/sqlite_storage.h"

namespace dexcc::storage::sqlite {
namespace {

namespace fs = std::filesystem;

struct Dsn {
  std::string open_name;  // what sqlite3_open_v2 gets
  bool uri = false;
  bool memory = false;
  std::string path;  // the file on disk; empty for in-memory databases
};

std::string percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// go-sqlite3's reading of a DSN: "file:" URIs go to SQLite as URIs; on anything else a query
// string holds go-sqlite3's own options and is cut off.
Dsn parse_dsn(const std::string& file) {
  Dsn d;
  if (file.starts_with("file:")) {
    d.uri = true;
    d.open_name = file;
    std::string_view rest = std::string_view(file).substr(5);
    std::string_view query;
    if (auto q = rest.find_first_of("?#"); q != std::string_view::npos) {
      query = rest.substr(q);
      rest = rest.substr(0, q);
    }
    if (rest.starts_with("//")) {  // file://host/path: only an empty host or localhost
      rest.remove_prefix(2);
      rest = rest.substr(std::min(rest.find('/'), rest.size()));
    }
    d.path = percent_decode(rest);
    d.memory = d.path == ":memory:" || d.path.empty() || query.find("mode=memory") != std::string_view::npos;
  } else {
    size_t q = file.find('?');
    d.open_name = q == 0 || q == std::string::npos ? file : file.substr(0, q);
    d.path = d.open_name;
    d.memory = d.path == ":memory:";
  }
  if (d.memory) d.path.clear();
  return d;
}

// The checks whose SQLite errors would be cryptic ("unable to open database file").
Result<void> check_location(const std::string& path) {
  fs::path file(path);
  fs::path dir = file.parent_path();
  if (dir.empty()) dir = ".";
  std::error_code ec;
  bool dir_exists = fs::exists(dir, ec);
  if (ec) {
    return fail(fmt::format("sqlite3: cannot open database \"{}\": cannot access folder \"{}\": {}", path,
                            dir.string(), ec.message()));
  }
  if (!dir_exists) {
    return fail(fmt::format("sqlite3: cannot open database \"{}\": folder \"{}\" does not exist", path,
                            dir.string()));
  }
  if (!fs::is_directory(dir, ec)) {
    return fail(
        fmt::format("sqlite3: cannot open database \"{}\": \"{}\" is not a folder", path, dir.string()));
  }
  bool file_exists = fs::exists(file, ec);
  if (ec) {
    return fail(fmt::format("sqlite3: cannot open database \"{}\": {}", path, ec.message()));
  }
  if (file_exists) {
    if (fs::is_directory(file, ec)) {
      return fail(fmt::format("sqlite3: cannot open database \"{}\": it is a folder", path));
    }
    if (::access(path.c_str(), R_OK) != 0) {
      return fail(fmt::format("sqlite3: cannot read database \"{}\": {}", path, std::strerror(errno)));
    }
    if (::access(path.c_str(), W_OK) != 0) {
      return fail(fmt::format("sqlite3: database \"{}\" is not writable: {}", path, std::strerror(errno)));
    }
  }
  if (::access(dir.c_str(), W_OK) != 0) {
    return fail(fmt::format(
        "sqlite3: folder \"{}\" is not writable ({}): SQLite needs to create \"{}-wal\" and \"{}-shm\" "
        "there for write-ahead logging",
        dir.string(), std::strerror(errno), file.filename().string(), file.filename().string()));
  }
  return {};
}

// Runs a pragma that answers with one value and returns it.
Result<std::string> pragma(Connection& conn, const std::string& sql, std::string_view what) {
  auto q = conn.query(sql, what);
  if (!q) return std::unexpected(q.error());
  auto row = q->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::string();
  Row r = q->row();
  return r.text();
}

Result<std::unique_ptr<Connection>> open_writer(const Options& o, const Dsn& dsn) {
  int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | (dsn.uri ? SQLITE_OPEN_URI : 0);
  auto conn = Connection::open(dsn.open_name, flags, o.busy_timeout);
  if (!conn) return conn;
  // The first statement reads the header: a file that is not a database fails here.
  std::string what = dsn.memory ? "open in-memory database" : fmt::format("open database \"{}\"", dsn.path);
  auto mode = pragma(**conn, "PRAGMA journal_mode=WAL", what);
  if (!mode) return std::unexpected(mode.error());
  if (!dsn.memory && *mode != "wal") {
    return fail(fmt::format("sqlite3: could not switch \"{}\" to WAL journal mode (it stays \"{}\")",
                            dsn.path, *mode));
  }
  std::string sync = o.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL";
  if (auto r = (*conn)->exec(sync, "set synchronous"); !r) return std::unexpected(r.error());
  if (o.max_page_count > 0) {
    auto r = pragma(**conn, fmt::format("PRAGMA max_page_count={}", o.max_page_count), "set max_page_count");
    if (!r) return std::unexpected(r.error());
  }
  auto migrated = migrate(**conn);
  if (!migrated) return std::unexpected(migrated.error());
  if (*migrated > 0) log::info("sqlite3 storage migrated", {{"file", o.file}, {"migrations", *migrated}});
  return conn;
}

}  // namespace

Result<std::unique_ptr<Storage>> open(const Options& options) {
  if (options.file.empty()) return fail("sqlite3: no database file given (storage.config.file)");
  Dsn dsn = parse_dsn(options.file);
  if (!dsn.memory) {
    if (auto r = check_location(dsn.path); !r) return std::unexpected(r.error());
    // Changing an existing file's mode is the operator's decision (a group may share it on
    // purpose); saying so is ours.
    for (const auto& f : files_open_to_others(dsn.path)) {
      log::warn(
          "sqlite3 database file is open to other users, who could read the signing keys and forge tokens",
          {{"file", f.path}, {"mode", fmt::format("{:04o}", f.mode)}, {"fix", "chmod 600 " + f.path}});
    }
    if (auto r = create_owner_only(dsn.path); !r) return std::unexpected(r.error());
  }
  auto writer = open_writer(options, dsn);
  if (!writer) {
    Error e = writer.error();
    if (!dsn.memory && e.message.find(dsn.path) == std::string::npos) {
      e.message = fmt::format("{} (database \"{}\")", e.message, dsn.path);
    }
    return std::unexpected(e);
  }
  std::vector<std::unique_ptr<Connection>> readers;
  // Every connection to ":memory:" is its own database, so in-memory ones use the writer only.
  int n = dsn.memory ? 0 : options.read_connections;
  int flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | (dsn.uri ? SQLITE_OPEN_URI : 0);
  for (int i = 0; i < n; ++i) {
    auto r = Connection::open(dsn.open_name, flags, options.busy_timeout);
    if (!r) return std::unexpected(r.error());
    readers.push_back(std::move(*r));
  }
  return make_storage(std::move(*writer), std::move(readers));
}

Result<std::unique_ptr<Storage>> open_from_config(const nlohmann::json& config) {
  base::JsonFields f(config, "storage.config");
  Options options;
  options.file = f.string("file");
  if (options.file.empty()) f.fail("file", "required: the path of the SQLite database file");
  for (const auto& key : f.unknown_keys()) log::warn("unknown config field ignored", {{"field", key}});
  return open(options);
}

}  // namespace dexcc::storage::sqlite
