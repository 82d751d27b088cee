// Issue 16: the gRPC API's transport options against the real binary: TLS from grpc.tlsCert/tlsKey
// (a client that trusts the CA talks, a plaintext one does not), mutual TLS from grpc.tlsClientCA
// (a client without a certificate, or with one from another CA, is refused), reflection listed
// when on, and dex's start-up errors for bad files. Certificates are made per run with openssl.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { Dexcc, describeDexcc } from './lib/dexcc.mjs';
import { kMockConnector } from './lib/fixtures.mjs';
import { credentials, dexClient, grpc, grpcError } from './lib/grpc.mjs';
import { listServices } from './lib/grpc_reflection.mjs';

const kTimeout = { timeout: 120_000 };
const dir = mkdtempSync(join(tmpdir(), 'dexcc-grpc-tls-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function openssl(...args) {
  execFileSync('openssl', args, { stdio: 'ignore' });
}

// A CA: {cert, key} paths.
function makeCa(name) {
  const ca = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`) };
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1',
    '-subj', `/CN=${name}`, '-keyout', ca.key, '-out', ca.cert);
  return ca;
}

// A leaf certificate signed by `ca`, for 127.0.0.1 (servers) or a client.
function makeLeaf(name, ca, usage) {
  const leaf = { cert: join(dir, `${name}.crt`), key: join(dir, `${name}.key`), ca: ca.cert };
  const csr = join(dir, `${name}.csr`);
  const ext = join(dir, `${name}.ext`);
  writeFileSync(ext, `subjectAltName=IP:127.0.0.1\nextendedKeyUsage=${usage}\n`);
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', `/CN=${name}`, '-keyout', leaf.key, '-out', csr);
  openssl('x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', '1', '-extfile', ext, '-out', leaf.cert);
  return leaf;
}

const serverCa = makeCa('server-ca');
const server = makeLeaf('server', serverCa, 'serverAuth');
const clientCa = makeCa('client-ca');
const client = makeLeaf('client', clientCa, 'clientAuth');
const otherCa = makeCa('other-ca');
const stranger = makeLeaf('stranger', otherCa, 'clientAuth');
const kConfig = { connectors: [kMockConnector] };

// Copies of `server`'s files that a test may replace, and a second server certificate from another CA.
const live = { cert: join(dir, 'live.crt'), key: join(dir, 'live.key') };
copyFileSync(server.cert, live.cert);
copyFileSync(server.key, live.key);
const newCa = makeCa('new-server-ca');
const renewed = makeLeaf('renewed', newCa, 'serverAuth');

// Puts `from`'s certificate and key in place by rename, as cert-manager and dex's watcher expect.
function install(from, to) {
  copyFileSync(from.key, `${to.key}.new`);
  copyFileSync(from.cert, `${to.cert}.new`);
  renameSync(`${to.key}.new`, to.key);
  renameSync(`${to.cert}.new`, to.cert);
}

describeDexcc('gRPC API over TLS', { config: kConfig, grpc: { tlsCert: server.cert, tlsKey: server.key, reflection: true } }, (dex, it) => {
  it('answers a client that trusts the server CA', kTimeout, async () => {
    const api = dexClient(dex.grpcAddress, credentials({ ca: serverCa.cert }));
    assert.equal((await api.GetVersion({})).api, 3);
    api.close();
  });

  it('does not answer a plaintext client', kTimeout, async () => {
    const api = dexClient(dex.grpcAddress, credentials());
    assert.equal((await grpcError(api.GetVersion({}), 'plaintext to TLS')).code, 'UNAVAILABLE');
    api.close();
  });

  it('lists api.Dex and the reflection service through reflection', kTimeout, async () => {
    const services = await listServices(dex.grpcAddress, credentials({ ca: serverCa.cert }));
    assert.ok(services.includes('api.Dex'), services.join(', '));
    assert.ok(services.some((s) => s.startsWith('grpc.reflection.')), services.join(', '));
  });

  it('warns that no client certificates are asked for, and counts no calls', kTimeout, async () => {
    assert.match(dex.logText, /gRPC API runs without client certificates/);
    const text = await (await fetch(`http://127.0.0.1:${dex.telemetryPort}/metrics`)).text();
    assert.doesNotMatch(text, /grpc_server_/);
  });
});

describeDexcc('gRPC API over mutual TLS', { config: kConfig, grpc: { tlsCert: server.cert, tlsKey: server.key, tlsClientCA: clientCa.cert } }, (dex, it) => {
  it('answers a client with a certificate from tlsClientCA', kTimeout, async () => {
    const api = dexClient(dex.grpcAddress, credentials({ ca: serverCa.cert, cert: client.cert, key: client.key }));
    const created = await api.CreateClient({ client: { id: 'mtls', name: 'over mTLS', redirect_uris: ['http://127.0.0.1/cb'] } });
    assert.equal(created.client.id, 'mtls');
    api.close();
  });

  it('refuses a client without a certificate', kTimeout, async () => {
    const api = dexClient(dex.grpcAddress, credentials({ ca: serverCa.cert }));
    assert.equal((await grpcError(api.GetVersion({}), 'no client certificate')).code, 'UNAVAILABLE');
    api.close();
  });

  it('refuses a client whose certificate comes from another CA', kTimeout, async () => {
    const api = dexClient(dex.grpcAddress, credentials({ ca: serverCa.cert, cert: stranger.cert, key: stranger.key }));
    assert.equal((await grpcError(api.GetVersion({}), 'foreign client certificate')).code, 'UNAVAILABLE');
    api.close();
  });

  it('counts calls in the grpc_server_* metrics, as dex does under mutual TLS', kTimeout, async () => {
    const api = dexClient(dex.grpcAddress, credentials({ ca: serverCa.cert, cert: client.cert, key: client.key }));
    await grpcError(api.GetClient({ id: 'nope' }), 'unknown client');
    api.close();
    const text = await (await fetch(`http://127.0.0.1:${dex.telemetryPort}/metrics`)).text();
    const labels = (method) => `grpc_method="${method}",grpc_service="api.Dex",grpc_type="unary"`;
    assert.match(text, new RegExp(`grpc_server_handled_total\\{grpc_code="OK",${labels('CreateClient')}\\} 1\n`));
    assert.match(text, new RegExp(`grpc_server_handled_total\\{grpc_code="Unknown",${labels('GetClient')}\\} 1\n`));
    assert.match(text, new RegExp(`grpc_server_started_total\\{${labels('GetClient')}\\} 1\n`));
    assert.match(text, new RegExp(`grpc_server_msg_sent_total\\{${labels('CreateClient')}\\} 1\n`));
  });

  it('does not list reflection when it is off', kTimeout, async () => {
    const creds = credentials({ ca: serverCa.cert, cert: client.cert, key: client.key });
    await assert.rejects(listServices(dex.grpcAddress, creds), (e) => e.code === grpc.status.UNIMPLEMENTED);
    assert.doesNotMatch(dex.logText, /gRPC API runs without client certificates/);
  });
});

describeDexcc('gRPC API certificate reload', { config: kConfig, grpc: { tlsCert: live.cert, tlsKey: live.key } }, (dex, it) => {
  it('serves a certificate re-created on disk without a restart', kTimeout, async () => {
    const before = dexClient(dex.grpcAddress, credentials({ ca: serverCa.cert }));
    assert.equal((await before.GetVersion({})).api, 3);
    before.close();
    install(renewed, live);
    // gRPC's watcher reads the files every 2 s; allow a loaded machine far longer.
    let answered = false;
    for (let i = 0; i < 60 && !answered; i++) {
      const after = dexClient(dex.grpcAddress, credentials({ ca: newCa.cert }));
      answered = await after.GetVersion({}).then(() => true, () => false);
      after.close();
      if (!answered) await sleep(500);
    }
    assert.ok(answered, 'a client trusting only the new CA is answered');
    const old = dexClient(dex.grpcAddress, credentials({ ca: serverCa.cert }));
    assert.equal((await grpcError(old.GetVersion({}), 'old CA')).code, 'UNAVAILABLE');
    old.close();
  });
});

// Start-up must fail with dex's text and exit 2 before anything listens.
async function startupFailure(grpcOptions) {
  const dex = new Dexcc({ config: kConfig, grpc: grpcOptions });
  try {
    await assert.rejects(dex.start(), /exited during start-up \(code 2/);
    return dex.logText;
  } finally {
    dex.removeDir();
  }
}

describeDexcc('gRPC API start-up errors', { config: kConfig }, (_dex, it) => {
  it('stops on a missing certificate file', kTimeout, async () => {
    const missing = join(dir, 'missing.crt');
    const log = await startupFailure({ tlsCert: missing, tlsKey: server.key });
    assert.match(log, new RegExp(`invalid config: get gRPC TLS: loading TLS keypair: open ${missing}: no such file or directory`));
  });

  it('stops on a key that does not belong to the certificate', kTimeout, async () => {
    const log = await startupFailure({ tlsCert: server.cert, tlsKey: client.key });
    assert.match(log, /invalid config: get gRPC TLS: loading TLS keypair: tls: private key does not match public key/);
  });

  it('stops on a client CA file without a certificate', kTimeout, async () => {
    const junk = join(dir, 'junk.pem');
    writeFileSync(junk, 'not a certificate\n');
    const log = await startupFailure({ tlsCert: server.cert, tlsKey: server.key, tlsClientCA: junk });
    assert.match(log, /invalid config: get gRPC TLS: failed to parse client CA/);
  });

  it('stops on a client CA without a certificate and key (config validation)', kTimeout, async () => {
    const log = await startupFailure({ tlsClientCA: clientCa.cert });
    assert.match(log, /tlsClientCA/);
  });
});
