// The migration list (dex v2.45.1) and the Postgres-to-flavour statement rewriting.
#include "storage/sql/migrations.h"

#include <optional>
#include <regex>

namespace dexcc::storage::sql {
namespace {

struct Step {
  std::vector<std::string_view> statements;
  std::optional<Flavor> only;  // unset: every flavour
};

// In dex's order. Entries tagged with a flavour exist only there, which is why numbering differs.
const std::vector<Step>& steps() {
  static const std::vector<Step> kSteps = {
      {{
          "create table client (id text not null primary key, secret text not null, redirect_uris bytea not "
          "null, "
          "trusted_peers bytea not null, public boolean not null, name text not null, logo_url text not "
          "null);",
          "create table auth_request (id text not null primary key, client_id text not null, "
          "response_types bytea not null, scopes bytea not null, redirect_uri text not null, nonce text not "
          "null, "
          "state text not null, force_approval_prompt boolean not null, logged_in boolean not null, "
          "claims_user_id text not null, claims_username text not null, claims_email text not null, "
          "claims_email_verified boolean not null, claims_groups bytea not null, connector_id text not null, "
          "connector_data bytea, expiry timestamptz not null);",
          "create table auth_code (id text not null primary key, client_id text not null, scopes bytea not "
          "null, "
          "nonce text not null, redirect_uri text not null, claims_user_id text not null, "
          "claims_username text not null, claims_email text not null, claims_email_verified boolean not "
          "null, "
          "claims_groups bytea not null, connector_id text not null, connector_data bytea, "
          "expiry timestamptz not null);",
          "create table refresh_token (id text not null primary key, client_id text not null, "
          "scopes bytea not null, nonce text not null, claims_user_id text not null, "
          "claims_username text not null, claims_email text not null, claims_email_verified boolean not "
          "null, "
          "claims_groups bytea not null, connector_id text not null, connector_data bytea);",
          "create table password (email text not null primary key, hash bytea not null, username text not "
          "null, "
          "user_id text not null);",
          // A single row with id 'keys'.
          "create table keys (id text not null primary key, verification_keys bytea not null, "
          "signing_key bytea not null, signing_key_pub bytea not null, next_rotation timestamptz not null);",
      }},
      {{
          "alter table refresh_token add column token text not null default '';",
          "alter table refresh_token add column created_at timestamptz not null default '0001-01-01 00:00:00 "
          "UTC';",
          "alter table refresh_token add column last_used timestamptz not null default '0001-01-01 00:00:00 "
          "UTC';",
      }},
      {{
          "create table offline_session (user_id text not null, conn_id text not null, refresh bytea not "
          "null, "
          "PRIMARY KEY (user_id, conn_id));",
      }},
      {{
          "create table connector (id text not null primary key, type text not null, name text not null, "
          "resource_version text not null, config bytea);",
      }},
      {{
          "alter table auth_code add column claims_preferred_username text not null default '';",
          "alter table auth_request add column claims_preferred_username text not null default '';",
          "alter table refresh_token add column claims_preferred_username text not null default '';",
      }},
      {{
          "alter table offline_session add column connector_data bytea;",
      }},
      {{"alter table auth_request modify column state varchar(4096);"}, Flavor::kMysql},
      {{
          "create table device_request (user_code text not null primary key, device_code text not null, "
          "client_id text not null, client_secret text, scopes bytea not null, expiry timestamptz not null);",
          "create table device_token (device_code text not null primary key, status text not null, token "
          "bytea, "
          "expiry timestamptz not null, last_request timestamptz not null, poll_interval integer not null);",
      }},
      {{
          "alter table auth_request add column code_challenge text not null default '';",
          "alter table auth_request add column code_challenge_method text not null default '';",
          "alter table auth_code add column code_challenge text not null default '';",
          "alter table auth_code add column code_challenge_method text not null default '';",
      }},
      {{
          "alter table refresh_token add column obsolete_token text default '';",
      }},
      {{
          "alter table device_token add column code_challenge text not null default '';",
          "alter table device_token add column code_challenge_method text not null default '';",
      }},
      {{
          "alter table auth_request add column hmac_key bytea;",
      }},
      // Local password profile fields, written per flavour by dex: MySQL cannot give a blob a
      // default, so it adds the column nullable, back-fills it and then makes it NOT NULL.
      {{
           "alter table password add column preferred_username text not null default '';",
           "alter table password add column groups bytea not null default '[]';",
       },
       Flavor::kSqlite3},
      {{
           "alter table password add column preferred_username text not null default '';",
           "alter table password add column groups bytea not null default convert_to('[]', 'UTF8');",
       },
       Flavor::kPostgres},
      {{
           "alter table password add column preferred_username text not null default '';",
           "alter table password add column groups bytea;",
           "update password set groups = '[]' where groups is null;",
           "alter table password modify column groups bytea not null;",
       },
       Flavor::kMysql},
      {{
           "alter table password add column name text not null default '';",
           "alter table password add column email_verified boolean;",
       },
       Flavor::kSqlite3},
      {{
           "alter table password add column name text not null default '';",
           "alter table password add column email_verified boolean;",
       },
       Flavor::kPostgres},
      {{
           "alter table password add column name text not null default '';",
           "alter table password add column email_verified boolean;",
       },
       Flavor::kMysql},
  };
  return kSteps;
}

struct Replacer {
  std::regex pattern;
  const char* with;
};

const std::vector<Replacer>& sqlite_replacers() {
  static const std::vector<Replacer> kReplacers = {
      {std::regex(R"(\$\d+)"), "?"},
      {std::regex(R"(\btrue\b)"), "1"},
      {std::regex(R"(\bfalse\b)"), "0"},
      {std::regex(R"(\bboolean\b)"), "integer"},
      {std::regex(R"(\bbytea\b)"), "blob"},
      {std::regex(R"(\btimestamptz\b)"), "timestamp"},
      {std::regex(R"(\bnow\(\))"), "date('now')"},
  };
  return kReplacers;
}

// dex's MySQL replacers: text columns become varchar(384) (an indexable length), Go's zero time
// default becomes MySQL's smallest datetime, and the reserved words keys and groups are quoted.
const std::vector<Replacer>& mysql_replacers() {
  static const std::vector<Replacer> kReplacers = {
      {std::regex(R"(\$\d+)"), "?"},
      {std::regex(R"(\bbytea\b)"), "blob"},
      {std::regex(R"(\btimestamptz\b)"), "datetime(3)"},
      {std::regex(R"(\btext\b)"), "varchar(384)"},
      {std::regex(R"(\bkeys\b)"), "`keys`"},
      {std::regex(R"(\bgroups\b)"), "`groups`"},
      {std::regex(R"('0001-01-01 00:00:00 UTC')"), "'1000-01-01 00:00:00'"},
  };
  return kReplacers;
}

}  // namespace

std::string translate(Flavor flavor, std::string_view statement) {
  std::string out(statement);
  if (flavor == Flavor::kPostgres) return out;
  for (const auto& r : flavor == Flavor::kSqlite3 ? sqlite_replacers() : mysql_replacers()) {
    out = std::regex_replace(out, r.pattern, r.with);
  }
  return out;
}

std::vector<Migration> migrations_for(Flavor flavor) {
  std::vector<Migration> out;
  for (const auto& step : steps()) {
    if (step.only && *step.only != flavor) continue;
    Migration m;
    for (auto s : step.statements) m.push_back(translate(flavor, s));
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace dexcc::storage::sql
