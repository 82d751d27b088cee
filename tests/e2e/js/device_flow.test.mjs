// Issue 6 by an independent client: openid-client runs the device authorization grant (RFC 8628)
// against dexcc — device code, the user entering the code and logging in through the mock
// connector, polling until the tokens arrive — for a public and a confidential client, with PKCE,
// and the refusals: a code redeemed twice, a code that expired, a wrong PKCE verifier.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

import { browse, pageText } from './lib/browse.mjs';
import { describeDexcc } from './lib/dexcc.mjs';
import { encodeSub, kMockConnector, kMockUser, rejection, staticClient } from './lib/fixtures.mjs';
import { discover } from './lib/oidc.mjs';
import { loadPackages } from './lib/packages.mjs';

const { 'openid-client': client, jose } = await loadPackages('openid-client', 'jose');

const kTimeout = { timeout: 180_000 };
const kSub = encodeSub(kMockUser.userId, kMockUser.connector);
const kDeviceGrant = 'urn:ietf:params:oauth:grant-type:device_code';
const kScope = 'openid email profile groups offline_access';
const kIntervalMs = 5_100;  // dex's polling interval (5 s) and a margin

// A public TV app without redirect URIs (dex allows it the device callback) and a confidential box.
const kTv = { id: 'tv', name: 'The TV', public: true };
const kBox = { id: 'box', secret: 'box-secret-that-must-stay-on-the-device', name: 'The Box', redirect: '/dex/device/callback' };

function config(expiry = undefined) {
  return {
    staticClients: [staticClient(kTv), staticClient(kBox)],
    connectors: [kMockConnector],
    expiry,
  };
}

// The user's side: opens verification_uri_complete, confirms the code, logs in and approves.
async function userApproves(device, { approve = true } = {}) {
  const walk = await browse(device.verification_uri_complete, { connector: 'mock', userCode: device.user_code, approve });
  return { ...walk, text: pageText(walk.html ?? '') };
}

// One raw poll on `route`, as a device that does not use openid-client would send it.
async function rawPoll(dex, deviceCode, route = '/token', extra = {}) {
  const r = await fetch(dex.url(route), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: kDeviceGrant, device_code: deviceCode, ...extra }).toString(),
  });
  return { status: r.status, body: await r.json() };
}

describeDexcc('device flow', { config: config() }, (dex, it) => {
  let tv;
  let box;
  let jwks;
  const verify = (token, audience) => jose.jwtVerify(token, jwks, { issuer: dex.issuer, audience, algorithms: ['RS256'] });

  it('advertises the device endpoint and grant in discovery', kTimeout, async () => {
    tv = await discover(client, dex, kTv);
    box = await discover(client, dex, kBox);
    const meta = tv.serverMetadata();
    assert.equal(meta.device_authorization_endpoint, dex.url('/device/code'));
    assert.ok(meta.grant_types_supported.includes(kDeviceGrant));
    jwks = jose.createRemoteJWKSet(new URL(meta.jwks_uri));
  });

  it('gives a public client tokens once the user approves', kTimeout, async () => {
    const device = await client.initiateDeviceAuthorization(tv, { scope: kScope });
    assert.match(device.user_code, /^[B-DF-HJ-NP-TV-Z]{4}-[B-DF-HJ-NP-TV-Z]{4}$/, 'dex user code alphabet');
    assert.equal(device.verification_uri, dex.url('/device'));
    assert.equal(device.verification_uri_complete, `${dex.url('/device')}?user_code=${device.user_code}`);
    assert.equal(device.interval, 5);
    assert.ok(device.expires_in > 0 && device.expires_in <= 300);

    const pending = await rawPoll(dex, device.device_code);
    assert.equal(pending.status, 400);
    assert.equal(pending.body.error, 'authorization_pending');

    const user = await userApproves(device);
    // One connector: dex skips the connector list and goes straight to it.
    assert.deepEqual(user.pages, ['device', 'approval'], user.trail.join(', '));
    assert.equal(user.status, 200);
    assert.match(user.text, /Login Successful for The TV/);

    const tokens = await client.pollDeviceAuthorizationGrant(tv, device);
    assert.ok(tokens.refresh_token, 'offline_access gives a refresh token');
    const claims = (await verify(tokens.id_token, kTv.id)).payload;
    assert.equal(claims.sub, kSub);
    assert.equal(claims.email, kMockUser.email);
    assert.deepEqual(claims.groups, kMockUser.groups);
    assert.equal((await client.fetchUserInfo(tv, tokens.access_token, kSub)).email, kMockUser.email);
    const refreshed = await client.refreshTokenGrant(tv, tokens.refresh_token);
    assert.equal(refreshed.claims().sub, kSub);

    const again = await rawPoll(dex, device.device_code);
    assert.deepEqual([again.status, again.body.error], [400, 'invalid_grant'], 'a finished device code is redeemed once');
  });

  it('gives a confidential client tokens with PKCE; its secret never reaches the browser', kTimeout, async () => {
    const verifier = client.randomPKCECodeVerifier();
    const device = await client.initiateDeviceAuthorization(box, {
      scope: kScope,
      code_challenge: await client.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const user = await userApproves(device);
    assert.match(user.text, /Login Successful for The Box/);
    for (const step of [...user.trail, user.html]) assert.ok(!step.includes(kBox.secret), `secret in ${step.slice(0, 80)}`);

    const wrong = await rawPoll(dex, device.device_code, '/token', { code_verifier: client.randomPKCECodeVerifier() });
    assert.deepEqual([wrong.status, wrong.body.error], [400, 'invalid_grant'], JSON.stringify(wrong.body));

    const tokens = await client.pollDeviceAuthorizationGrant(box, device, { code_verifier: verifier });
    assert.equal((await verify(tokens.id_token, kBox.id)).payload.sub, kSub);
    const active = await client.tokenIntrospection(box, tokens.access_token);
    assert.equal(active.active, true);
    assert.equal(active.client_id, kBox.id);
  });

  it('answers the legacy /device/token route as /token', kTimeout, async () => {
    const device = await client.initiateDeviceAuthorization(tv, { scope: 'openid' });
    const pending = await rawPoll(dex, device.device_code, '/device/token');
    assert.deepEqual([pending.status, pending.body.error], [400, 'authorization_pending']);
    await userApproves(device);
    await sleep(kIntervalMs);  // a poll sooner than the interval is answered slow_down
    const done = await rawPoll(dex, device.device_code, '/device/token');
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal((await verify(done.body.id_token, kTv.id)).payload.sub, kSub);
  });

  it('refuses an unknown device code and a bad user code', kTimeout, async () => {
    const unknown = await rawPoll(dex, 'not-a-device-code');
    assert.equal(unknown.status, 400);
    assert.ok(['invalid_request', 'invalid_grant', 'expired_token'].includes(unknown.body.error), JSON.stringify(unknown.body));
    const walk = await browse(dex.url('/device'), { userCode: 'BCDF-GHJK' });
    assert.equal(walk.status, 400);
    assert.match(pageText(walk.html), /Invalid or Expired User Code/);
  });
});

describeDexcc('device flow with short-lived codes', { config: config({ deviceRequests: '2s' }) }, (dex, it) => {
  it('reports expired_token to a device that polls after expiry', kTimeout, async () => {
    const tv = await discover(client, dex, kTv);
    const device = await client.initiateDeviceAuthorization(tv, { scope: 'openid' });
    assert.equal(device.expires_in, 2);
    // openid-client gives up by itself once expires_in has passed, without asking the server.
    const e = await rejection(client.pollDeviceAuthorizationGrant(tv, device), 'expired device code');
    assert.match(String(e), /timed out/);
    // A device that keeps polling is told the code expired, on both routes.
    for (const route of ['/token', '/device/token']) {
      const late = await rawPoll(dex, device.device_code, route);
      assert.deepEqual([late.status, late.body.error], [400, 'expired_token'], route);
    }
    // And the user can no longer enter the code.
    const walk = await browse(device.verification_uri_complete, { userCode: device.user_code });
    assert.equal(walk.status, 400);
    assert.match(pageText(walk.html), /Invalid or Expired User Code/);
  });
});
