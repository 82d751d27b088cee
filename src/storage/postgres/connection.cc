// libpq calls behind Connection and its statements, and the mapping of SQLSTATEs to errors.
#include "storage/postgres/connection.h"

#include <fmt/format.h>

#include <cstring>

#include "base/text.h"
#include "base/time_format.h"

namespace dexcc::storage::postgres {
namespace {

constexpr Oid kByteaOid = 17;

// libpq messages span lines ("connection to server ... failed: ...\n\tIs the server running...");
// start-up errors and logs want one.
std::string one_line(const char* message) {
  std::string out;
  for (const char* p = message; p != nullptr && *p != '\0'; ++p) {
    if (*p == '\n' || *p == '\r' || *p == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += *p;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// "\x6869" -> "hi": bytea's hex output form (the default since PostgreSQL 9.0).
std::string decode_bytea(const char* text, int length) {
  std::string_view s(text, static_cast<size_t>(length));
  if (!s.starts_with("\\x")) return std::string(s);  // escape form, only with bytea_output=escape
  std::string out;
  out.reserve((s.size() - 2) / 2);
  for (size_t i = 2; i + 1 < s.size(); i += 2) {
    out += static_cast<char>(base::hex_digit_value(s[i]) * 16 + base::hex_digit_value(s[i + 1]));
  }
  return out;
}

class PgColumns final : public sql::Columns {
 public:
  void at(PGresult* res, int row) {
    res_ = res;
    row_ = row;
    col_ = 0;
  }
  std::string text() override {
    int c = col_++;
    if (PQgetisnull(res_, row_, c)) return std::string();
    const char* v = PQgetvalue(res_, row_, c);
    int n = PQgetlength(res_, row_, c);
    if (PQftype(res_, c) == kByteaOid) return decode_bytea(v, n);
    return std::string(v, static_cast<size_t>(n));
  }
  int64_t integer() override {
    std::string v = text();
    return v.empty() ? 0 : std::stoll(v);
  }
  bool boolean() override { return text() == "t"; }
  std::optional<bool> optional_boolean() override {
    if (PQgetisnull(res_, row_, col_)) {
      ++col_;
      return std::nullopt;
    }
    return boolean();
  }
  // Sessions run with TimeZone=UTC, so timestamptz reads "2006-01-02 15:04:05.999999+00".
  Time time() override {
    std::string v = text();
    if (v.ends_with("+00")) v += ":00";
    auto t = base::parse_sqlite_time(v);
    return t ? *t : kZeroTime;
  }

 private:
  PGresult* res_ = nullptr;
  int row_ = 0;
  int col_ = 0;
};

class PgStatement final : public sql::Statement, public sql::Params {
 public:
  PgStatement(Connection& conn, const std::string& name, std::string_view what)
      : conn_(conn), name_(name), what_(what) {}

  sql::Params& params() override { return *this; }
  sql::Columns& columns() override { return columns_; }

  void text(std::string_view v) override { add(std::string(v), 0); }
  void bytes(std::string_view v) override {
    if (v.empty()) {
      null();
    } else {
      add(std::string(v), 1);
    }
  }
  void blob(std::string_view v) override { add(std::string(v), 1); }
  void integer(int64_t v) override { add(std::to_string(v), 0); }
  void boolean(bool v) override { add(v ? "true" : "false", 0); }
  void optional_boolean(std::optional<bool> v) override {
    if (v) {
      boolean(*v);
    } else {
      null();
    }
  }
  void time(Time t) override { add(base::format_sqlite_time(t), 0); }

  Result<void> execute() override {
    std::vector<const char*> values(values_.size());
    std::vector<int> lengths(values_.size());
    for (size_t i = 0; i < values_.size(); ++i) {
      values[i] = nulls_[i] ? nullptr : values_[i].data();
      lengths[i] = static_cast<int>(values_[i].size());
    }
    res_.reset(PQexecPrepared(conn_.handle(), name_.c_str(), static_cast<int>(values.size()), values.data(),
                              lengths.data(), formats_.data(), 0));
    auto status = res_ ? PQresultStatus(res_.get()) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return std::unexpected(conn_.failed(res_.get(), what_));
    }
    conn_.succeeded();
    row_ = -1;
    return {};
  }
  Result<bool> next() override {
    if (!res_ || ++row_ >= PQntuples(res_.get())) return false;
    columns_.at(res_.get(), row_);
    return true;
  }
  int64_t affected() const override {
    const char* n = res_ ? PQcmdTuples(res_.get()) : "";
    return *n == '\0' ? 0 : std::stoll(n);
  }

 private:
  void add(std::string v, int format) {
    values_.push_back(std::move(v));
    formats_.push_back(format);
    nulls_.push_back(false);
  }
  void null() {
    add("", 0);
    nulls_.back() = true;
  }

  Connection& conn_;
  const std::string& name_;
  std::string_view what_;
  std::vector<std::string> values_;
  std::vector<int> formats_;
  std::vector<bool> nulls_;
  ResultPtr res_;
  int row_ = -1;
  PgColumns columns_;
};

}  // namespace

Result<std::unique_ptr<Connection>> Connection::dial(const std::vector<std::string>& keywords,
                                                     const std::vector<std::string>& values,
                                                     const std::string& where) {
  std::vector<const char*> k, v;
  for (size_t i = 0; i < keywords.size(); ++i) {
    k.push_back(keywords[i].c_str());
    v.push_back(values[i].c_str());
  }
  k.push_back(nullptr);
  v.push_back(nullptr);
  PGconn* conn = PQconnectdbParams(k.data(), v.data(), 0);
  if (conn == nullptr) return fail(fmt::format("postgres: cannot connect to {}: out of memory", where));
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string reason = one_line(PQerrorMessage(conn));
    PQfinish(conn);
    return fail(fmt::format("postgres: cannot connect to {}: {}", where, reason));
  }
  // Notices ("relation migrations already exists, skipping") are not problems; libpq would print
  // them to stderr, outside the structured log.
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  return std::unique_ptr<Connection>(new Connection(conn));
}

Connection::~Connection() {
  PQfinish(conn_);
}

Error Connection::failed(PGresult* res, std::string_view what) {
  const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string code = state != nullptr ? state : "";
  if (PQstatus(conn_) == CONNECTION_BAD || code.starts_with("08") || code == "57P01" || code == "57P02" ||
      code == "57P03") {
    failure_ = sql::Failure::kBroken;  // connection exception or the server shutting down
  } else if (code == "40001" || code == "40P01") {
    failure_ = sql::Failure::kRetry;  // serialization_failure, deadlock_detected
  } else {
    failure_ = sql::Failure::kNone;
  }
  if (code == "23505") return Error{ErrorKind::kAlreadyExists, "ID already exists"};
  const char* message = res != nullptr ? PQresultErrorMessage(res) : "";
  if (message == nullptr || *message == '\0') message = PQerrorMessage(conn_);
  return Error{ErrorKind::kOther, fmt::format("postgres: {}: {}", what, one_line(message))};
}

Result<void> Connection::exec(const std::string& sql, std::string_view what) {
  ResultPtr res(PQexec(conn_, sql.c_str()));
  auto status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return std::unexpected(failed(res.get(), what));
  succeeded();
  return {};
}

Result<std::unique_ptr<sql::Statement>> Connection::prepare(const std::string& sql, std::string_view what) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = fmt::format("s{}", prepared_.size());
    ResultPtr res(PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr));
    if (!res || PQresultStatus(res.get()) != PGRES_COMMAND_OK) return std::unexpected(failed(res.get(), what));
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  return std::unique_ptr<sql::Statement>(new PgStatement(*this, it->second, what));
}

}  // namespace dexcc::storage::postgres
