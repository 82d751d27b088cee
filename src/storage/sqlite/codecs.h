// Entity <-> row mapping for the sqlite3 backend, one Codec<T> per table.
//
// bind() binds a record's non-key columns in sql::Table order (keys are bound by the caller);
// read() reads a row selected with sql::select_statement: non-key columns, then keys.
#pragma once

#include "storage/entities.h"
#include "storage/error.h"
#include "storage/sql/tables.h"
#include "storage/sqlite/connection.h"

namespace dexcc::storage::sqlite {

template <class T>
struct Codec;

template <>
struct Codec<Client> {
  static const sql::Table& table() { return sql::client_table(); }
  static Result<void> bind(Query& q, const Client& c);
  static Client read(Row& r);
};

template <>
struct Codec<AuthRequest> {
  static const sql::Table& table() { return sql::auth_request_table(); }
  static Result<void> bind(Query& q, const AuthRequest& a);
  static AuthRequest read(Row& r);
};

template <>
struct Codec<AuthCode> {
  static const sql::Table& table() { return sql::auth_code_table(); }
  static Result<void> bind(Query& q, const AuthCode& a);
  static AuthCode read(Row& r);
};

template <>
struct Codec<RefreshToken> {
  static const sql::Table& table() { return sql::refresh_token_table(); }
  static Result<void> bind(Query& q, const RefreshToken& t);
  static RefreshToken read(Row& r);
};

template <>
struct Codec<Password> {
  static const sql::Table& table() { return sql::password_table(); }
  static Result<void> bind(Query& q, const Password& p);
  static Password read(Row& r);
};

template <>
struct Codec<Keys> {
  static const sql::Table& table() { return sql::keys_table(); }
  static Result<void> bind(Query& q, const Keys& k);
  static Keys read(Row& r);
};

template <>
struct Codec<OfflineSessions> {
  static const sql::Table& table() { return sql::offline_session_table(); }
  static Result<void> bind(Query& q, const OfflineSessions& s);
  static OfflineSessions read(Row& r);
};

template <>
struct Codec<Connector> {
  static const sql::Table& table() { return sql::connector_table(); }
  static Result<void> bind(Query& q, const Connector& c);
  static Connector read(Row& r);
};

template <>
struct Codec<DeviceRequest> {
  static const sql::Table& table() { return sql::device_request_table(); }
  static Result<void> bind(Query& q, const DeviceRequest& d);
  static DeviceRequest read(Row& r);
};

template <>
struct Codec<DeviceToken> {
  static const sql::Table& table() { return sql::device_token_table(); }
  static Result<void> bind(Query& q, const DeviceToken& d);
  static DeviceToken read(Row& r);
};

}  // namespace dexcc::storage::sqlite
