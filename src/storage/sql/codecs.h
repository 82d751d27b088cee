// Entity <-> row mapping shared by the SQL backends, one Codec<T> per table.
//
// bind() binds a record's non-key columns in Table order (keys are bound by the caller);
// read() reads a row selected with select_statement: non-key columns, then keys.
#pragma once

#include "storage/entities.h"
#include "storage/error.h"
#include "storage/sql/tables.h"
#include "storage/sql/columns.h"

namespace dexcc::storage::sql {

template <class T>
struct Codec;

template <>
struct Codec<Client> {
  static const Table& table() { return client_table(); }
  static Result<void> bind(Params& q, const Client& c);
  static Client read(Columns& r);
};

template <>
struct Codec<AuthRequest> {
  static const Table& table() { return auth_request_table(); }
  static Result<void> bind(Params& q, const AuthRequest& a);
  static AuthRequest read(Columns& r);
};

template <>
struct Codec<AuthCode> {
  static const Table& table() { return auth_code_table(); }
  static Result<void> bind(Params& q, const AuthCode& a);
  static AuthCode read(Columns& r);
};

template <>
struct Codec<RefreshToken> {
  static const Table& table() { return refresh_token_table(); }
  static Result<void> bind(Params& q, const RefreshToken& t);
  static RefreshToken read(Columns& r);
};

template <>
struct Codec<Password> {
  static const Table& table() { return password_table(); }
  static Result<void> bind(Params& q, const Password& p);
  static Password read(Columns& r);
};

template <>
struct Codec<Keys> {
  static const Table& table() { return keys_table(); }
  static Result<void> bind(Params& q, const Keys& k);
  static Keys read(Columns& r);
};

template <>
struct Codec<OfflineSessions> {
  static const Table& table() { return offline_session_table(); }
  static Result<void> bind(Params& q, const OfflineSessions& s);
  static OfflineSessions read(Columns& r);
};

template <>
struct Codec<Connector> {
  static const Table& table() { return connector_table(); }
  static Result<void> bind(Params& q, const Connector& c);
  static Connector read(Columns& r);
};

template <>
struct Codec<DeviceRequest> {
  static const Table& table() { return device_request_table(); }
  static Result<void> bind(Params& q, const DeviceRequest& d);
  static DeviceRequest read(Columns& r);
};

template <>
struct Codec<DeviceToken> {
  static const Table& table() { return device_token_table(); }
  static Result<void> bind(Params& q, const DeviceToken& d);
  static DeviceToken read(Columns& r);
};

}  // namespace dexcc::storage::sql
