// Issue 4 by independent clients: openid-client discovers dexcc and npm jose verifies its ID and
// access tokens against the published JWKS (issuer and audience checked), for RS256 and ES256 keys.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { withDexcc } from './lib/dexcc.mjs';
import { encodeSub, kMockConnector, kMockUser, kWebClient, rejection, staticClient } from './lib/fixtures.mjs';
import { checksFor, discover, login } from './lib/oidc.mjs';
import { loadPackages } from './lib/packages.mjs';

const { 'openid-client': client, jose } = await loadPackages('openid-client', 'jose');

// dex v2.45.1's discovery fields, in its order (reference dex-server.md §1.6).
const kDiscoveryFields = [
  'issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri', 'userinfo_endpoint',
  'device_authorization_endpoint', 'introspection_endpoint', 'grant_types_supported',
  'response_types_supported', 'subject_types_supported', 'id_token_signing_alg_values_supported',
  'code_challenge_methods_supported', 'scopes_supported', 'token_endpoint_auth_methods_supported',
  'claims_supported',
];
const kPrivateMembers = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

function config(alg) {
  return {
    staticClients: [staticClient(kWebClient)],
    connectors: [kMockConnector],
    ...(alg === 'ES256' ? { signer: { type: 'local', config: { keysRotationPeriod: '6h', algorithm: 'ES256' } } } : {}),
  };
}

for (const alg of ['RS256', 'ES256']) {
  test(`discovery, JWKS and token signatures with ${alg} keys`, () => withDexcc({ config: config(alg) }, async (dex) => {
    const oidc = await discover(client, dex, { ...kWebClient, id_token_signed_response_alg: alg });
    const m = oidc.serverMetadata();
    assert.equal(m.issuer, dex.issuer);
    for (const [field, route] of [['authorization_endpoint', '/auth'], ['token_endpoint', '/token'], ['jwks_uri', '/keys'],
      ['userinfo_endpoint', '/userinfo'], ['device_authorization_endpoint', '/device/code'], ['introspection_endpoint', '/token/introspect']]) {
      assert.equal(m[field], dex.url(route), field);
    }
    assert.deepEqual(m.grant_types_supported, ['authorization_code', 'refresh_token',
      'urn:ietf:params:oauth:grant-type:device_code', 'urn:ietf:params:oauth:grant-type:token-exchange']);
    assert.deepEqual(m.response_types_supported, ['code']);
    assert.deepEqual(m.subject_types_supported, ['public']);
    assert.deepEqual(m.id_token_signing_alg_values_supported, [alg]);
    assert.deepEqual(m.code_challenge_methods_supported, ['S256', 'plain']);
    assert.deepEqual(m.scopes_supported, ['openid', 'email', 'groups', 'profile', 'offline_access']);
    assert.deepEqual(m.token_endpoint_auth_methods_supported, ['client_secret_basic', 'client_secret_post']);
    assert.deepEqual(m.claims_supported, ['iss', 'sub', 'aud', 'iat', 'exp', 'email', 'email_verified', 'locale', 'name', 'preferred_username', 'at_hash']);

    const raw = await fetch(dex.url('/.well-known/openid-configuration'));
    assert.equal(raw.headers.get('content-type'), 'application/json');
    assert.deepEqual(Object.keys(await raw.json()), kDiscoveryFields);

    const keysResponse = await fetch(m.jwks_uri);
    assert.equal(keysResponse.status, 200);
    assert.equal(keysResponse.headers.get('content-type'), 'application/json');
    assert.equal(keysResponse.headers.get('cache-control'), 'max-age=600, must-revalidate');
    const { keys } = await keysResponse.json();
    assert.ok(keys.length >= 1, 'at least one key');
    assert.equal(new Set(keys.map((k) => k.kid)).size, keys.length, 'kids are unique');
    for (const k of keys) {
      assert.equal(k.use, 'sig');
      assert.equal(k.alg, alg);
      if (alg === 'RS256') assert.equal(k.kty, 'RSA');
      else assert.deepEqual([k.kty, k.crv], ['EC', 'P-256']);
      for (const p of kPrivateMembers) assert.ok(!(p in k), `public key carries private member ${p}`);
      await jose.importJWK(k, alg);  // every published key is a usable key for its alg
    }

    // An ID token from the code flow verifies with jose against the remote JWKS.
    const req = await login(client, oidc, { redirect: kWebClient.redirect, scope: 'openid email profile groups' });
    const tokens = await client.authorizationCodeGrant(oidc, req.callback, checksFor(req));
    const jwks = jose.createRemoteJWKSet(new URL(m.jwks_uri));
    const verified = await jose.jwtVerify(tokens.id_token, jwks, { issuer: dex.issuer, audience: kWebClient.id, algorithms: [alg] });
    assert.equal(verified.protectedHeader.alg, alg);
    assert.ok(keys.some((k) => k.kid === verified.protectedHeader.kid), 'the signing kid is published');
    const claims = verified.payload;
    assert.equal(claims.sub, encodeSub(kMockUser.userId, kMockUser.connector));
    assert.equal(claims.nonce, req.nonce);
    assert.equal(claims.email, kMockUser.email);
    assert.equal(claims.email_verified, true);
    assert.equal(claims.name, kMockUser.username);
    assert.deepEqual(claims.groups, kMockUser.groups);
    assert.ok(claims.exp > claims.iat, 'exp after iat');
    assert.ok(typeof claims.at_hash === 'string' && claims.at_hash.length > 0, 'at_hash present');
    // at_hash: left half of the SHA-256 of the access token (OIDC Core 3.1.3.6; both algs use SHA-256).
    const digest = Buffer.from(await crypto.subtle.digest('SHA-256', Buffer.from(tokens.access_token)));
    assert.equal(claims.at_hash, digest.subarray(0, 16).toString('base64url'));

    // dex's access tokens are JWTs signed by the same keys.
    await jose.jwtVerify(tokens.access_token, jwks, { issuer: dex.issuer, audience: kWebClient.id, algorithms: [alg] });

    // The verifier really checks: wrong audience, wrong issuer, other algorithm, altered payload.
    const claimError = (e) => e.code === 'ERR_JWT_CLAIM_VALIDATION_FAILED';
    assert.ok(claimError(await rejection(jose.jwtVerify(tokens.id_token, jwks, { issuer: dex.issuer, audience: 'another-app' }), 'audience')));
    assert.ok(claimError(await rejection(jose.jwtVerify(tokens.id_token, jwks, { issuer: `${dex.issuer}/x`, audience: kWebClient.id }), 'issuer')));
    await rejection(jose.jwtVerify(tokens.id_token, jwks, { algorithms: [alg === 'RS256' ? 'ES256' : 'RS256'] }), 'algorithm');
    const [h, , s] = tokens.id_token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, email: 'mallory@example.com' })).toString('base64url');
    const tampered = await rejection(jose.jwtVerify(`${h}.${forged}.${s}`, jwks), 'tampered payload');
    assert.equal(tampered.code, 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');

    // /userinfo takes the access token whatever the key type (dex v2.45.1 only accepted RS256 there).
    const info = await client.fetchUserInfo(oidc, tokens.access_token, claims.sub);
    assert.equal(info.email, kMockUser.email);
  }));
}
