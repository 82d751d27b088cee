// libmariadb calls behind Connection and its statements, and the mapping of error numbers.
#include "storage/mysql/connection.h"

#include <errmsg.h>
#include <fmt/format.h>
#include <mysqld_error.h>

#include "base/time_format.h"

namespace dexcc::storage::mysql {
namespace {

// datetime(3) text as the Go driver writes it for dex: UTC, milliseconds.
std::string format_datetime(Time t) {
  std::string s = base::format_sqlite_time(t);  // "2006-01-02 15:04:05.999999999+00:00"
  s.resize(s.size() - 6);
  auto dot = s.find('.');
  if (dot == std::string::npos) return s;
  return s.substr(0, std::min(s.size(), dot + 4));
}

class MyColumns final : public sql::Columns {
 public:
  void at(MYSQL_ROW row, unsigned long* lengths) {
    row_ = row;
    lengths_ = lengths;
    col_ = 0;
  }
  std::string text() override {
    unsigned c = col_++;
    if (row_[c] == nullptr) return std::string();
    return std::string(row_[c], lengths_[c]);
  }
  int64_t integer() override {
    std::string v = text();
    return v.empty() ? 0 : std::stoll(v);
  }
  bool boolean() override { return integer() != 0; }
  std::optional<bool> optional_boolean() override {
    if (row_[col_] == nullptr) {
      ++col_;
      return std::nullopt;
    }
    return boolean();
  }
  Time time() override {
    auto t = base::parse_sqlite_time(text());  // zone-less text reads as UTC
    if (!t) return kZeroTime;
    // The migration default for Go's zero time is MySQL's smallest datetime: read it back as zero.
    if (*t <= Time(std::chrono::sys_days{std::chrono::year{1000} / 1 / 1})) return kZeroTime;
    return *t;
  }

 private:
  MYSQL_ROW row_ = nullptr;
  unsigned long* lengths_ = nullptr;
  unsigned col_ = 0;
};

class MyStatement final : public sql::Statement, public sql::Params {
 public:
  MyStatement(Connection& conn, const std::string& sql, std::string_view what) : conn_(conn), sql_(sql), what_(what) {}
  ~MyStatement() override {
    if (res_ != nullptr) mysql_free_result(res_);
  }

  sql::Params& params() override { return *this; }
  sql::Columns& columns() override { return columns_; }

  void text(std::string_view v) override { values_.push_back(conn_.quote(v)); }
  void bytes(std::string_view v) override {
    if (v.empty()) {
      values_.push_back("NULL");
    } else {
      blob(v);
    }
  }
  void blob(std::string_view v) override {
    if (v.empty()) {
      values_.push_back("''");
      return;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "X'";
    for (unsigned char c : v) {
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
    values_.push_back(out + "'");
  }
  void integer(int64_t v) override { values_.push_back(std::to_string(v)); }
  void boolean(bool v) override { values_.push_back(v ? "1" : "0"); }
  void optional_boolean(std::optional<bool> v) override {
    if (v) {
      boolean(*v);
    } else {
      values_.push_back("NULL");
    }
  }
  void time(Time t) override { values_.push_back("'" + format_datetime(t) + "'"); }

  Result<void> execute() override {
    std::string sql;
    size_t next = 0;
    char quote = 0;
    for (char c : sql_) {
      if (quote != 0) {
        if (c == quote) quote = 0;
        sql += c;
      } else if (c == '\'' || c == '"' || c == '`') {
        quote = c;
        sql += c;
      } else if (c == '?' && next < values_.size()) {
        sql += values_[next++];
      } else {
        sql += c;
      }
    }
    auto res = conn_.query(sql, what_);
    if (!res) return std::unexpected(res.error());
    res_ = *res;
    affected_ = conn_.affected();
    return {};
  }
  Result<bool> next() override {
    if (res_ == nullptr) return false;
    MYSQL_ROW row = mysql_fetch_row(res_);
    if (row == nullptr) return false;
    columns_.at(row, mysql_fetch_lengths(res_));
    return true;
  }
  int64_t affected() const override { return affected_; }

 private:
  Connection& conn_;
  std::string sql_;
  std::string_view what_;
  std::vector<std::string> values_;
  MYSQL_RES* res_ = nullptr;
  int64_t affected_ = 0;
  MyColumns columns_;
};

}  // namespace

Result<std::unique_ptr<Connection>> Connection::dial(const Endpoint& e) {
  MYSQL* m = mysql_init(nullptr);
  if (m == nullptr) return fail(fmt::format("mysql: cannot connect to {}: out of memory", e.where));
  if (e.connect_timeout_seconds > 0) mysql_optionsv(m, MYSQL_OPT_CONNECT_TIMEOUT, &e.connect_timeout_seconds);
  // UPDATE's affected rows count matched rows, as the Go driver asks (clientFoundRows is off there,
  // but dex never reads update counts; deletes are what count, and those are exact either way).
  my_bool off = 0, on = 1;
  if (e.ssl_mode == "false") {
    mysql_optionsv(m, MYSQL_OPT_SSL_ENFORCE, &off);
  } else {
    mysql_optionsv(m, MYSQL_OPT_SSL_ENFORCE, &on);
    my_bool verify = e.ssl_mode == "skip-verify" ? 0 : 1;
    mysql_optionsv(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &verify);
    mysql_ssl_set(m, e.ssl_key_file.empty() ? nullptr : e.ssl_key_file.c_str(),
                  e.ssl_cert_file.empty() ? nullptr : e.ssl_cert_file.c_str(),
                  e.ssl_ca_file.empty() ? nullptr : e.ssl_ca_file.c_str(), nullptr, nullptr);
  }
  mysql_optionsv(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  bool socket = e.host.starts_with("/");
  if (mysql_real_connect(m, socket ? nullptr : e.host.c_str(), e.user.c_str(), e.password.c_str(),
                         e.database.empty() ? nullptr : e.database.c_str(), socket ? 0 : e.port,
                         socket ? e.host.c_str() : nullptr, CLIENT_FOUND_ROWS) == nullptr) {
    std::string reason = mysql_error(m);
    mysql_close(m);
    return fail(fmt::format("mysql: cannot connect to {}: {}", e.where, reason));
  }
  std::unique_ptr<Connection> conn(new Connection(m));
  // UTC times as dex's driver writes them, and READ COMMITTED under the row locks (see
  // sql/server_storage.h); then the operator's own session variables (`params`), which win.
  std::string session = "set time_zone = '+00:00'";
  for (const auto& [k, v] : e.params) session += fmt::format(", {} = {}", k, v);
  for (const std::string& s : {std::string("set session transaction isolation level read committed"), session}) {
    if (auto r = conn->exec(s, "set session variables"); !r) {
      return fail(fmt::format("{} (on {})", r.error().message, e.where));
    }
  }
  return conn;
}

Connection::~Connection() {
  mysql_close(m_);
}

std::string Connection::quote(std::string_view v) {
  std::string out(v.size() * 2 + 3, '\0');
  out[0] = '\'';
  unsigned long n = mysql_real_escape_string(m_, out.data() + 1, v.data(), v.size());
  out.resize(n + 1);
  return out + "'";
}

Error Connection::failed(std::string_view what) {
  unsigned code = mysql_errno(m_);
  switch (code) {
    case CR_SERVER_GONE_ERROR:
    case CR_SERVER_LOST:
    case CR_CONNECTION_ERROR:
    case CR_CONN_HOST_ERROR:
    case ER_SERVER_SHUTDOWN:
    case ER_CONNECTION_KILLED:
      failure_ = sql::Failure::kBroken;
      break;
    case ER_LOCK_DEADLOCK:
    case ER_LOCK_WAIT_TIMEOUT:
      failure_ = sql::Failure::kRetry;
      break;
    default:
      failure_ = sql::Failure::kNone;
  }
  if (code == ER_DUP_ENTRY) return Error{ErrorKind::kAlreadyExists, "ID already exists"};
  return Error{ErrorKind::kOther, fmt::format("mysql: {}: {} ({})", what, mysql_error(m_), code)};
}

Result<MYSQL_RES*> Connection::query(const std::string& sql, std::string_view what) {
  if (mysql_real_query(m_, sql.data(), sql.size()) != 0) return std::unexpected(failed(what));
  MYSQL_RES* res = mysql_store_result(m_);
  if (res == nullptr && mysql_field_count(m_) != 0) return std::unexpected(failed(what));
  failure_ = sql::Failure::kNone;
  return res;
}

Result<void> Connection::exec(const std::string& sql, std::string_view what) {
  auto res = query(sql, what);
  if (!res) return std::unexpected(res.error());
  if (*res != nullptr) mysql_free_result(*res);
  return {};
}

Result<std::unique_ptr<sql::Statement>> Connection::prepare(const std::string& sql, std::string_view what) {
  return std::unique_ptr<sql::Statement>(new MyStatement(*this, sql, what));
}

}  // namespace dexcc::storage::mysql
