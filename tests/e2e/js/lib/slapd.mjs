// A private OpenLDAP slapd for the browser test: own cn=config and one mdb database for
// dc=example,dc=org (plain ldap:// on a free loopback port), seeded with one user in one group.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort } from './dexcc.mjs';

export const kSlapd = '/usr/sbin/slapd';
const kSlapadd = '/usr/sbin/slapadd';

// The directory's one user: uid jane, password "jane-pw", in group "admins".
export const kLdapUser = { uid: 'jane', password: 'jane-pw', id: '1001', name: 'Jane Doe', email: 'janedoe@example.org' };

export function slapdAvailable() {
  return existsSync(kSlapd) && existsSync(kSlapadd);
}

function canConnect(port) {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

export async function startSlapd() {
  const dir = mkdtempSync(join(tmpdir(), 'dexcc-slapd-'));
  const port = await freePort();
  mkdirSync(join(dir, 'slapd.d'));
  mkdirSync(join(dir, 'data'));
  writeFileSync(join(dir, 'config.ldif'), `dn: cn=config
objectClass: olcGlobal
cn: config

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

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcSuffix: dc=example,dc=org
olcRootDN: cn=admin,dc=example,dc=org
olcRootPW: admin
olcDbMaxSize: 33554432
olcDbDirectory: ${join(dir, 'data')}
olcAccess: to attrs=userPassword by self write by anonymous auth by * none
olcAccess: to * by * read
`);
  const u = kLdapUser;
  writeFileSync(join(dir, 'data.ldif'), `dn: dc=example,dc=org
objectClass: dcObject
objectClass: organization
o: Example
dc: example

dn: uid=${u.uid},dc=example,dc=org
objectClass: inetOrgPerson
uid: ${u.uid}
cn: ${u.name}
sn: Doe
employeeNumber: ${u.id}
mail: ${u.email}
userPassword: ${u.password}

dn: cn=admins,dc=example,dc=org
objectClass: groupOfNames
cn: admins
member: uid=${u.uid},dc=example,dc=org
`);
  execFileSync(kSlapadd, ['-n', '0', '-F', join(dir, 'slapd.d'), '-l', join(dir, 'config.ldif')], { stdio: 'pipe' });
  execFileSync(kSlapadd, ['-n', '1', '-F', join(dir, 'slapd.d'), '-l', join(dir, 'data.ldif'), '-q'], { stdio: 'pipe' });
  // -d 0: stay in the foreground, so the child is the server.
  const proc = spawn(kSlapd, ['-d', '0', '-F', join(dir, 'slapd.d'), '-h', `ldap://127.0.0.1:${port}/`], { stdio: 'ignore' });
  for (let i = 0; i < 200 && !(await canConnect(port)); i++) await new Promise((r) => setTimeout(r, 50));
  return {
    host: `127.0.0.1:${port}`,
    async stop() {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await once(proc, 'exit');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
