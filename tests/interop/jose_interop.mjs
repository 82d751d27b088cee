// Interop between dexcc's JOSE layer (through jose_tool) and the npm package `jose`, both ways:
// dexcc signs and jose verifies, jose signs and dexcc verifies, and tampered tokens fail on
// either side. Usage: node jose_interop.mjs <path to jose_tool>. Exits 77 (skip) only when the
// npm packages in tests/js are not installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const jsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'js');
if (!existsSync(join(jsDir, 'node_modules', 'jose'))) {
  console.log(`SKIP: ${jsDir}/node_modules is missing; run scripts/install-deps.sh (npm ci in tests/js)`);
  process.exit(77);
}
const jose = await import(pathToFileURL(createRequire(join(jsDir, 'package.json')).resolve('jose')).href);

const tool = process.argv[2];
if (!tool || !existsSync(tool)) {
  console.error('usage: node jose_interop.mjs <jose_tool>');
  process.exit(2);
}

// Runs a jose_tool subcommand; returns {ok, out, err}.
function dexcc(command, input) {
  const r = spawnSync(tool, [command], { input: JSON.stringify(input), encoding: 'utf8' });
  if (r.error) throw r.error;
  if (r.status !== 0 && r.status !== 1) throw new Error(`jose_tool ${command} exited ${r.status}: ${r.stderr}`);
  return { ok: r.status === 0, out: r.stdout.trim(), err: r.stderr.trim() };
}

let failures = 0;
let count = 0;
async function check(name, fn) {
  count++;
  try {
    await fn();
    console.log(`ok ${count} - ${name}`);
  } catch (e) {
    failures++;
    console.log(`not ok ${count} - ${name}\n  # ${String(e?.stack ?? e).split('\n').join('\n  # ')}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(message);
}
async function rejects(promise, message) {
  try {
    await promise;
  } catch {
    return;
  }
  throw new Error(`expected a rejection: ${message}`);
}

const enc = (s) => Buffer.from(s).toString('base64url');
const dec = (s) => Buffer.from(s, 'base64url').toString();
const relabel = { RS256: 'PS256', RS384: 'RS256', RS512: 'RS256', PS256: 'RS256', ES256: 'ES384', ES384: 'ES256' };
// Token variants that must not verify: another payload under the old signature, a flipped
// signature byte, a relabelled algorithm, alg "none", and a truncated signature.
function tampered(token) {
  const [h, p, s] = token.split('.');
  const sig = Buffer.from(s, 'base64url');
  sig[sig.length >> 1] ^= 0x01;
  const other = JSON.parse(dec(p));
  other.sub = 'mallory';
  const header = JSON.parse(dec(h));
  return {
    'other payload': `${h}.${enc(JSON.stringify(other))}.${s}`,
    'flipped signature bit': `${h}.${p}.${sig.toString('base64url')}`,
    'relabelled alg': `${enc(JSON.stringify({ ...header, alg: relabel[header.alg] }))}.${p}.${s}`,
    'alg none': `${enc(JSON.stringify({ alg: 'none' }))}.${p}.`,
    'truncated signature': `${h}.${p}.${s.slice(0, -4)}`,
  };
}

const now = Math.floor(Date.now() / 1000);
const claims = {
  iss: 'https://dex.example.com/dex',
  sub: 'CgcyMzQyNzQ5EgZnaXRodWI',
  aud: 'example-app',
  exp: now + 3600,
  iat: now,
  nonce: 'n-0S6_WzA2Mj',
  email: 'jane@example.com',
  email_verified: true,
  name: 'Jane Ü',
};

// --- (a) dexcc signs, jose verifies ---------------------------------------------------------
const dexccAlgs = [
  ['RS256', { kty: 'RSA' }],
  ['ES256', { kty: 'EC', crv: 'P-256' }],
  ['RS384', { kty: 'RSA' }],
  ['RS512', { kty: 'RSA' }],
  ['PS256', { kty: 'RSA' }],
  ['ES384', { kty: 'EC', crv: 'P-384' }],
];
for (const [alg, spec] of dexccAlgs) {
  const kid = `dexcc-${alg.toLowerCase()}-0123456789abcdef`;
  const gen = dexcc('generate', { ...spec, kid, alg });
  assert(gen.ok, gen.err);
  const privateJwk = JSON.parse(gen.out);
  const pub = dexcc('public', privateJwk);
  assert(pub.ok, pub.err);
  const publicJwk = JSON.parse(pub.out);
  const payload = JSON.stringify(claims);
  const signed = dexcc('sign', { jwk: privateJwk, alg, kid, payload });
  assert(signed.ok, signed.err);
  const token = signed.out;

  await check(`dexcc ${alg}: public JWK in go-jose's member order`, () => {
    const order = spec.kty === 'RSA' ? ['use', 'kty', 'kid', 'alg', 'n', 'e'] : ['use', 'kty', 'kid', 'crv', 'alg', 'x', 'y'];
    assert(isDeepStrictEqual(Object.keys(publicJwk), order), `members ${Object.keys(publicJwk)}`);
    if (spec.kty === 'RSA') assert(publicJwk.e === 'AQAB', 'e');
  });
  await check(`dexcc ${alg}: jose verifies the JWT and its claims`, async () => {
    const key = await jose.importJWK(publicJwk, alg);
    const { payload: got, protectedHeader } = await jose.jwtVerify(token, key, {
      issuer: claims.iss,
      audience: claims.aud,
      algorithms: [alg],
    });
    assert(isDeepStrictEqual(protectedHeader, { alg, kid }), `header ${JSON.stringify(protectedHeader)}`);
    assert(isDeepStrictEqual(got, claims), 'payload');
    assert(dec(token.split('.')[0]) === JSON.stringify({ alg, kid }), 'header bytes');
  });
  await check(`dexcc ${alg}: jose imports dexcc's private JWK and both verify each other`, async () => {
    const key = await jose.importJWK(privateJwk, alg);
    const jws = await new jose.CompactSign(new TextEncoder().encode('from jose')).setProtectedHeader({ alg }).sign(key);
    const v = dexcc('verify', { jwk: publicJwk, token: jws });
    assert(v.ok, v.err);
    assert(JSON.parse(v.out).payload === 'from jose', 'payload');
  });
  await check(`dexcc ${alg}: same RFC 7638 thumbprint as jose`, async () => {
    const t = dexcc('thumbprint', publicJwk);
    assert(t.ok, t.err);
    assert(t.out === (await jose.calculateJwkThumbprint(publicJwk, 'sha256')), `${t.out}`);
  });
  for (const [what, bad] of Object.entries(tampered(token))) {
    await check(`dexcc ${alg}: jose refuses ${what}`, async () => {
      const key = await jose.importJWK(publicJwk, alg);
      await rejects(jose.compactVerify(bad, key, { algorithms: [alg] }), what);
      await rejects(jose.compactVerify(bad, key), what);
    });
  }
}

// --- (b) jose signs, dexcc verifies ---------------------------------------------------------
const joseAlgs = ['RS256', 'ES256', 'RS384', 'RS512', 'ES384', 'PS256'];
const tokens = {};
const publicJwks = {};
for (const alg of joseAlgs) {
  const { publicKey, privateKey } = await jose.generateKeyPair(alg, { extractable: true });
  const kid = `jose-${alg}`;
  const publicJwk = { ...(await jose.exportJWK(publicKey)), kid, alg, use: 'sig' };
  const privateJwk = { ...(await jose.exportJWK(privateKey)), kid, alg };
  publicJwks[alg] = publicJwk;
  const token = await new jose.SignJWT(claims).setProtectedHeader({ alg, kid, typ: 'JWT' }).sign(privateKey);
  tokens[alg] = token;

  await check(`jose ${alg}: dexcc verifies`, () => {
    const v = dexcc('verify', { jwk: publicJwk, token });
    assert(v.ok, v.err);
    const out = JSON.parse(v.out);
    assert(out.alg === alg && out.kid === kid, JSON.stringify(out));
    assert(isDeepStrictEqual(JSON.parse(out.payload), claims), 'payload');
  });
  await check(`jose ${alg}: dexcc imports jose's private JWK, signs, and jose verifies`, async () => {
    const s = dexcc('sign', { jwk: privateJwk, alg, kid, payload: JSON.stringify(claims) });
    assert(s.ok, s.err);
    const { payload } = await jose.jwtVerify(s.out, publicKey, { algorithms: [alg] });
    assert(isDeepStrictEqual(payload, claims), 'payload');
    // And dexcc's export of jose's key is the same key.
    const pub = dexcc('public', privateJwk);
    assert(pub.ok, pub.err);
    const exported = JSON.parse(pub.out);
    for (const m of ['kty', 'crv', 'x', 'y', 'n', 'e']) assert(exported[m] === publicJwk[m], m);
  });
  for (const [what, bad] of Object.entries(tampered(token))) {
    await check(`jose ${alg}: dexcc refuses ${what}`, () => {
      const v = dexcc('verify', { jwk: publicJwk, token: bad });
      assert(!v.ok, `accepted: ${v.out}`);
    });
  }
}

await check('jose: an unsecured JWT (alg none) is refused by dexcc', () => {
  const token = new jose.UnsecuredJWT(claims).encode();
  const v = dexcc('verify', { jwk: publicJwks.RS256, token });
  assert(!v.ok && v.err.startsWith('malformed'), v.err);
});
await check('jose: tokens checked with the wrong key type or curve are refused', () => {
  for (const [alg, keyAlg] of [['RS256', 'ES256'], ['ES256', 'RS256'], ['ES384', 'ES256'], ['ES256', 'ES384']]) {
    const v = dexcc('verify', { jwk: publicJwks[keyAlg], token: tokens[alg] });
    assert(!v.ok && v.err.startsWith('key-mismatch'), `${alg} with ${keyAlg}: ${v.err}`);
  }
  const v = dexcc('verify', { jwk: publicJwks.PS256, token: tokens.RS256 });
  assert(!v.ok && v.err.startsWith('bad-signature'), v.err);
});
await check('jose: an HS256 token is refused by dexcc', async () => {
  const secret = new TextEncoder().encode('x'.repeat(32));
  const token = await new jose.SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(secret);
  const v = dexcc('verify', { jwk: publicJwks.RS256, token });
  assert(!v.ok && v.err.startsWith('unsupported'), v.err);
});

console.log(`1..${count}`);
if (failures) {
  console.log(`# ${failures} of ${count} checks failed`);
  process.exit(1);
}
console.log(`# all ${count} checks passed`);
