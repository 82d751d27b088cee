// Starts and stops a private slapd as a child of the test, configured through slapadd.
#include "support/slapd_server.h"

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "support/http_client.h"

namespace dexcc::testing {

namespace {

constexpr char kSlapd[] = "/usr/sbin/slapd";
constexpr char kSlapadd[] = "/usr/sbin/slapadd";
constexpr char kLdapmodify[] = "/usr/bin/ldapmodify";

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Runs a tool to completion; its output is appended to `log`.
bool run(std::vector<std::string> argv, const std::filesystem::path& log, std::string* output = nullptr) {
  Process p(std::move(argv), log);
  auto code = p.wait(std::chrono::seconds(60));
  if (output) *output = p.output();
  return code && *code == 0;
}

}  // namespace

const char* const SlapdServer::kDirectoryLdif = R"(dn: dc=example,dc=org
objectClass: dcObject
objectClass: organization
o: Example
dc: example

dn: ou=People,dc=example,dc=org
objectClass: organizationalUnit
ou: People

dn: ou=Staff,dc=example,dc=org
objectClass: organizationalUnit
ou: Staff

dn: ou=Groups,dc=example,dc=org
objectClass: organizationalUnit
ou: Groups

dn: uid=jane,ou=People,dc=example,dc=org
objectClass: inetOrgPerson
uid: jane
cn: Jane Doe
sn: Doe
displayName: jdoe
employeeNumber: 1001
mail: janedoe@example.org
userPassword: jane-pw

dn: uid=john,ou=People,dc=example,dc=org
objectClass: inetOrgPerson
uid: john
cn: John Smith
sn: Smith
displayName: jsmith
employeeNumber: 1002
mail: john@example.org
mail: john.smith@example.org
userPassword: john-pw

dn: uid=nomail,ou=People,dc=example,dc=org
objectClass: inetOrgPerson
uid: nomail
cn: No Mail
sn: Mail
employeeNumber: 1003
userPassword: nomail-pw

dn: uid=o(brien,ou=People,dc=example,dc=org
objectClass: inetOrgPerson
uid: o(brien
cn: Pat O'Brien
sn: O'Brien
employeeNumber: 1004
mail: obrien@example.org
userPassword: o(brien-pw

dn: uid=dup,ou=People,dc=example,dc=org
objectClass: inetOrgPerson
uid: dup
cn: Dup People
sn: Dup
employeeNumber: 1005
mail: dup1@example.org
userPassword: dup-pw

dn: uid=disabled,ou=People,dc=example,dc=org
objectClass: inetOrgPerson
uid: disabled
cn: Dis Abled
sn: Abled
employeeNumber: 1006
mail: disabled@example.org
description: disabled
userPassword: disabled-pw

dn: uid=alice,ou=Staff,dc=example,dc=org
objectClass: inetOrgPerson
uid: alice
cn: Alice Staff
sn: Staff
employeeNumber: 2001
mail: alice@example.org
userPassword: alice-pw

dn: uid=dup,ou=Staff,dc=example,dc=org
objectClass: inetOrgPerson
uid: dup
cn: Dup Staff
sn: Dup
employeeNumber: 2002
mail: dup2@example.org
userPassword: dup-pw

dn: cn=admins,ou=Groups,dc=example,dc=org
objectClass: groupOfNames
cn: admins
description: Administrators
member: uid=jane,ou=People,dc=example,dc=org
member: uid=alice,ou=Staff,dc=example,dc=org

dn: cn=developers,ou=Groups,dc=example,dc=org
objectClass: groupOfNames
cn: developers
member: uid=jane,ou=People,dc=example,dc=org
member: uid=john,ou=People,dc=example,dc=org

dn: cn=ops,ou=Groups,dc=example,dc=org
objectClass: posixGroup
cn: ops
gidNumber: 5000
memberUid: jane
memberUid: nomail

dn: cn=staff,ou=Groups,dc=example,dc=org
objectClass: groupOfNames
cn: staff
member: cn=admins,ou=Groups,dc=example,dc=org
)";

SlapdServer::SlapdServer(std::string data_ldif, bool require_client_certificate)
    : ca_("dexcc slapd test CA"),
      data_ldif_(std::move(data_ldif)),
      require_client_certificate_(require_client_certificate),
      ldap_port_(free_port()),
      ldaps_port_(free_port()) {}

SlapdServer::~SlapdServer() {
  resume();
  stop();
}

bool SlapdServer::available() {
  return std::filesystem::exists(kSlapd) && std::filesystem::exists(kSlapadd) &&
         std::filesystem::exists(kLdapmodify) && std::filesystem::exists("/etc/ldap/schema/nis.ldif");
}

bool SlapdServer::initialise() {
  const auto d = dir_.path();
  std::filesystem::create_directories(d / "slapd.d");
  std::filesystem::create_directories(d / "data");
  CertificateAndKey server = ca_.issue_server({"127.0.0.1", "localhost"});
  CertificateAndKey client = ca_.issue_client("dexcc ldap client");
  write_file(d / "ca.pem", ca_.cert_pem());
  write_file(d / "server.pem", server.cert_pem);
  write_file(d / "server.key", server.key_pem);
  write_file(d / "client.pem", client.cert_pem);
  write_file(d / "client.key", client.key_pem);
  std::string config =
      "dn: cn=config\nobjectClass: olcGlobal\ncn: config\nolcPidFile: " + (d / "slapd.pid").string() +
      "\nolcTLSCACertificateFile: " + (d / "ca.pem").string() +
      "\nolcTLSCertificateFile: " + (d / "server.pem").string() +
      "\nolcTLSCertificateKeyFile: " + (d / "server.key").string() + "\n";
  if (require_client_certificate_) config += "olcTLSVerifyClient: demand\n";
  config += R"(
dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: /usr/lib/ldap
olcModuleLoad: back_mdb

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file:///etc/ldap/schema/core.ldif
include: file:///etc/ldap/schema/cosine.ldif
include: file:///etc/ldap/schema/inetorgperson.ldif
include: file:///etc/ldap/schema/nis.ldif

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config
olcAccess: to * by * none

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: dc=example,dc=org
olcRootDN: cn=admin,dc=example,dc=org
olcRootPW: admin
olcDbMaxSize: 33554432
olcDbDirectory: )" +
            (d / "data").string() +
            R"(
olcDbIndex: objectClass eq
olcDbIndex: uid,mail,member,memberUid eq
olcAccess: to attrs=userPassword by self write by anonymous auth by * none
olcAccess: to * by * read
)";
  write_file(d / "config.ldif", config);
  write_file(d / "data.ldif", data_ldif_);
  if (!run({kSlapadd, "-n", "0", "-F", (d / "slapd.d").string(), "-l", (d / "config.ldif").string()},
           d / "slapadd-config.log")) {
    return false;
  }
  return run({kSlapadd, "-n", "1", "-F", (d / "slapd.d").string(), "-l", (d / "data.ldif").string(), "-q"},
             d / "slapadd-data.log");
}

bool SlapdServer::start() {
  if (!initialised_) {
    if (!initialise()) return false;
    initialised_ = true;
  }
  ++runs_;
  // -d 0 keeps slapd in the foreground (no daemon to chase by pid file) and logs nothing extra.
  process_ = std::make_unique<Process>(
      std::vector<std::string>{kSlapd, "-d", "0", "-F", (dir_ / "slapd.d").string(), "-h",
                               "ldap://127.0.0.1:" + std::to_string(ldap_port_) +
                                   "/ ldaps://127.0.0.1:" + std::to_string(ldaps_port_) + "/"},
      dir_ / ("slapd-" + std::to_string(runs_) + ".log"));
  for (int i = 0; i < 300; ++i) {
    if (!process_->running()) return false;
    if (wait_for_port(ldap_port_, std::chrono::milliseconds(50)) &&
        wait_for_port(ldaps_port_, std::chrono::milliseconds(50))) {
      return true;
    }
  }
  return false;
}

void SlapdServer::stop() {
  if (!process_) return;
  process_->signal(SIGTERM);
  process_->wait(std::chrono::seconds(30));
  process_.reset();
}

void SlapdServer::pause() {
  if (process_) process_->signal(SIGSTOP);
}

void SlapdServer::resume() {
  if (process_) process_->signal(SIGCONT);
}

bool SlapdServer::modify(const std::string& ldif, std::string* output) const {
  static int changes = 0;
  auto file = dir_ / ("change-" + std::to_string(++changes) + ".ldif");
  write_file(file, ldif);
  return run({kLdapmodify, "-x", "-H", "ldap://" + ldap_host(), "-D", kAdminDn, "-w", kAdminPassword, "-f",
              file.string()},
             dir_ / ("ldapmodify-" + std::to_string(changes) + ".log"), output);
}

std::string SlapdServer::output() const {
  return process_ ? process_->output() : "";
}

}  // namespace dexcc::testing
