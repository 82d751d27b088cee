// HTTPS from `web.https` (issue 2) checked by Node's own TLS stack against the real binary: the
// configured certificate is served and verifies, `web.tlsMinVersion` is enforced, and SIGHUP
// reloads the certificate and key as dex does — keeping the previous pair when the new files do
// not load. Certificates are made for each run with the openssl command line tool.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { describeDexcc } from './lib/dexcc.mjs';
import { kMockConnector } from './lib/fixtures.mjs';

const kTimeout = { timeout: 120_000 };
const certDir = mkdtempSync(join(tmpdir(), 'dexcc-tls-'));
after(() => rmSync(certDir, { recursive: true, force: true }));

// A self-signed P-256 certificate for 127.0.0.1 named `cn`: {cert, key} file paths and the PEM.
function makeCert(cn) {
  const cert = join(certDir, `${cn}.crt`);
  const key = join(certDir, `${cn}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-days', '1', '-subj', `/CN=${cn}`, '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert],
  { stdio: 'ignore' });
  return { cert, key, pem: readFileSync(cert) };
}

// One request on a new connection; resolves to {status, body, peer CN, protocol}.
function get(dex, ca, { path = '/.well-known/openid-configuration', ...tls } = {}) {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1', port: dex.httpsPort, path: dex.issuerPath + path, ca, agent: false, timeout: 10_000, ...tls,
    }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({
        status: res.statusCode, body, cn: res.socket.getPeerCertificate().subject?.CN, protocol: res.socket.getProtocol(),
      }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

// Puts `from`'s files where dexcc reads its certificate (rename, as dex's watchers expect).
function install(from, to) {
  writeFileSync(`${to.cert}.new`, readFileSync(from.cert));
  writeFileSync(`${to.key}.new`, readFileSync(from.key));
  renameSync(`${to.cert}.new`, to.cert);
  renameSync(`${to.key}.new`, to.key);
}

async function hangUpAndWaitFor(dex, text) {
  const seen = dex.logText.split(text).length;
  dex.child.kill('SIGHUP');
  for (let i = 0; i < 100; i++) {
    if (dex.logText.split(text).length > seen) return;
    await sleep(50);
  }
  throw new Error(`no "${text}" in the log after SIGHUP`);
}

const first = makeCert('first');
const second = makeCert('second');
const live = { cert: join(certDir, 'live.crt'), key: join(certDir, 'live.key') };
install(first, live);

const config = { staticClients: [], connectors: [kMockConnector] };

describeDexcc('HTTPS', { config, tls: { tlsCert: live.cert, tlsKey: live.key } }, (dex, it) => {
  it('serves discovery over TLS with the configured certificate', kTimeout, async () => {
    const r = await get(dex, first.pem);
    assert.equal(r.status, 200);
    assert.equal(r.cn, 'first');
    assert.equal(JSON.parse(r.body).issuer, dex.issuer);
    assert.equal(r.protocol, 'TLSv1.3');
    await assert.rejects(get(dex, second.pem), /self.signed|unable to verify|certificate/i, 'another CA is refused');
  });

  it('accepts TLS 1.2 by default', kTimeout, async () => {
    const r = await get(dex, first.pem, { maxVersion: 'TLSv1.2' });
    assert.equal(r.protocol, 'TLSv1.2');
  });

  it('reloads the certificate and key on SIGHUP', kTimeout, async () => {
    install(second, live);
    assert.equal((await get(dex, first.pem)).cn, 'first', 'nothing changes before the signal');
    await hangUpAndWaitFor(dex, 'TLS certificate and key reloaded');
    const r = await get(dex, second.pem);
    assert.equal(r.status, 200);
    assert.equal(r.cn, 'second');
  });

  it('keeps the previous certificate when the new files do not load', kTimeout, async () => {
    writeFileSync(live.cert, 'not a certificate\n');
    await hangUpAndWaitFor(dex, 'TLS reload failed');
    const r = await get(dex, second.pem);
    assert.equal(r.status, 200);
    assert.equal(r.cn, 'second');
    install(second, live);  // for the clean stop below
  });
});

describeDexcc('HTTPS with tlsMinVersion 1.3', { config, tls: { tlsCert: first.cert, tlsKey: first.key, tlsMinVersion: '1.3' } }, (dex, it) => {
  it('refuses a TLS 1.2 client and serves a TLS 1.3 one', kTimeout, async () => {
    await assert.rejects(get(dex, first.pem, { maxVersion: 'TLSv1.2' }), /version|alert|handshake|protocol/i);
    assert.equal((await get(dex, first.pem)).protocol, 'TLSv1.3');
  });
});
