// Issues 5 and 6 by an independent relying party: openid-client runs the authorization code flow
// with PKCE S256 against dexcc (mock connector and approval page walked without a browser), then
// userinfo, refresh with rotation and introspection; on memory and on SQLite storage.
import assert from 'node:assert/strict';

import { describeDexcc } from './lib/dexcc.mjs';
import { encodeSub, kAdmin, kMockConnector, kMockUser, kWebClient, rejection, staticClient, staticPassword } from './lib/fixtures.mjs';
import { checksFor, discover, login } from './lib/oidc.mjs';
import { loadPackages } from './lib/packages.mjs';

const { 'openid-client': client, jose } = await loadPackages('openid-client', 'jose');

const kTimeout = { timeout: 180_000 };
const kSub = encodeSub(kMockUser.userId, kMockUser.connector);

function config(oauth2 = undefined) {
  return {
    staticClients: [staticClient(kWebClient)],
    connectors: [kMockConnector],
    enablePasswordDB: true,
    staticPasswords: [staticPassword(kAdmin)],
    oauth2,
  };
}

// The error openid-client reports for an OAuth error answer: {status, error}.
async function oauthError(promise, what) {
  const e = await rejection(promise, what);
  assert.ok(e instanceof client.ResponseBodyError, `${what}: ${e}`);
  return { status: e.status, error: e.error };
}

for (const storage of ['memory', 'sqlite']) {
  describeDexcc(`code flow on ${storage} storage`, { storage, config: config() }, (dex, it) => {
    let oidc;
    let jwks;
    const verify = (token) => jose.jwtVerify(token, jwks, { issuer: dex.issuer, audience: kWebClient.id, algorithms: ['RS256'] });

    it('discovers dexcc', kTimeout, async () => {
      oidc = await discover(client, dex, kWebClient);
      jwks = jose.createRemoteJWKSet(new URL(oidc.serverMetadata().jwks_uri));
    });

    let tokens;
    it('redeems a code with PKCE S256; the ID token carries the nonce and the mock user', kTimeout, async () => {
      const req = await login(client, oidc, { redirect: kWebClient.redirect });
      assert.deepEqual(req.pages, ['login', 'approval'], 'connector list, then approval');
      assert.equal(req.callback.searchParams.get('state'), req.state);
      tokens = await client.authorizationCodeGrant(oidc, req.callback, checksFor(req));
      assert.equal(tokens.token_type, 'bearer');
      assert.ok(tokens.expires_in > 0);
      assert.ok(tokens.refresh_token, 'offline_access gives a refresh token');
      const claims = tokens.claims();
      assert.equal(claims.iss, dex.issuer);
      assert.equal(claims.sub, kSub);
      assert.equal(claims.aud, kWebClient.id);
      assert.equal(claims.nonce, req.nonce);
      assert.equal(claims.email, kMockUser.email);
      assert.deepEqual(claims.groups, kMockUser.groups);
      assert.equal((await verify(tokens.id_token)).payload.sub, kSub);

      const replay = await oauthError(client.authorizationCodeGrant(oidc, req.callback, checksFor(req)), 'replayed code');
      assert.deepEqual(replay, { status: 400, error: 'invalid_grant' });
    });

    it('serves userinfo for the access token', kTimeout, async () => {
      const info = await client.fetchUserInfo(oidc, tokens.access_token, kSub);
      assert.equal(info.sub, kSub);
      assert.equal(info.email, kMockUser.email);
      assert.equal(info.email_verified, true);
      assert.equal(info.name, kMockUser.username);
      assert.deepEqual(info.groups, kMockUser.groups);
    });

    it('introspects the access and refresh tokens', kTimeout, async () => {
      const access = await client.tokenIntrospection(oidc, tokens.access_token);
      assert.equal(access.active, true);
      assert.equal(access.client_id, kWebClient.id);
      assert.equal(access.sub, kSub);
      assert.equal(access.iss, dex.issuer);
      assert.equal(access.aud, kWebClient.id);
      assert.equal(access.token_use, 'access_token');
      assert.equal(access.exp, tokens.claims().exp);
      const refresh = await client.tokenIntrospection(oidc, tokens.refresh_token);
      assert.equal(refresh.active, true);
      assert.equal(refresh.client_id, kWebClient.id);
      assert.equal(refresh.sub, kSub);
      assert.equal(refresh.token_use, 'refresh_token');
      for (const bogus of ['not-a-token', `${tokens.access_token.slice(0, -4)}AAAA`]) {
        assert.deepEqual(await client.tokenIntrospection(oidc, bogus), { active: false }, bogus);
      }
    });

    it('rotates the refresh token; the old one is refused and inactive', kTimeout, async () => {
      const old = tokens.refresh_token;
      const next = await client.refreshTokenGrant(oidc, old);
      assert.ok(next.refresh_token && next.refresh_token !== old, 'a new refresh token');
      assert.equal(next.claims().sub, kSub);
      assert.notEqual(next.access_token, tokens.access_token);
      assert.equal((await verify(next.id_token)).payload.nonce, tokens.claims().nonce, 'the refreshed ID token keeps the nonce');
      assert.deepEqual(await oauthError(client.refreshTokenGrant(oidc, old), 'rotated-out refresh token'), { status: 400, error: 'invalid_request' });
      assert.deepEqual(await client.tokenIntrospection(oidc, old), { active: false });
      assert.equal((await client.tokenIntrospection(oidc, next.refresh_token)).active, true);
      tokens = next;
    });

    it('narrows scopes on refresh and refuses new ones', kTimeout, async () => {
      const narrowed = await client.refreshTokenGrant(oidc, tokens.refresh_token, { scope: 'openid email' });
      const claims = narrowed.claims();
      assert.equal(claims.email, kMockUser.email);
      assert.equal(claims.groups, undefined, 'no groups without the groups scope');
      assert.equal(claims.name, undefined, 'no name without the profile scope');
      const wider = await oauthError(client.refreshTokenGrant(oidc, narrowed.refresh_token, { scope: 'openid email federated:id' }), 'a scope not granted');
      assert.deepEqual(wider, { status: 400, error: 'invalid_request' });
      tokens = narrowed;
    });

    it('refuses a code with the wrong PKCE verifier', kTimeout, async () => {
      const req = await login(client, oidc, { redirect: kWebClient.redirect });
      const wrong = { ...checksFor(req), pkceCodeVerifier: client.randomPKCECodeVerifier() };
      assert.deepEqual(await oauthError(client.authorizationCodeGrant(oidc, req.callback, wrong), 'wrong verifier'), { status: 400, error: 'invalid_grant' });
    });

    it('completes a PKCE flow without state, as openid-client recommends', kTimeout, async () => {
      const req = await login(client, oidc, { redirect: kWebClient.redirect, withState: false });
      assert.equal(req.callback.searchParams.has('state'), false, `no state in ${req.callback.search}`);
      const t = await client.authorizationCodeGrant(oidc, req.callback, checksFor(req));
      assert.equal(t.claims().sub, kSub);
    });

    it('logs in through the local password DB', kTimeout, async () => {
      const req = await login(client, oidc, { redirect: kWebClient.redirect, connector: 'local', username: kAdmin.email, password: kAdmin.password });
      assert.deepEqual(req.pages, ['login', 'password', 'approval']);
      const t = await client.authorizationCodeGrant(oidc, req.callback, checksFor(req));
      const claims = t.claims();
      assert.equal(claims.sub, encodeSub(kAdmin.userId, 'local'));
      assert.equal(claims.email, kAdmin.email);
      assert.equal(claims.name, kAdmin.name);
      assert.equal(claims.preferred_username, kAdmin.username);
      assert.deepEqual(claims.groups, kAdmin.groups);
      const info = await client.fetchUserInfo(oidc, t.access_token, claims.sub);
      assert.equal(info.email, kAdmin.email);
    });

    if (storage === 'sqlite') {
      it('keeps keys and refresh tokens across a restart', kTimeout, async () => {
        // A fresh login: the later logins above replaced the first refresh token, since dex keeps one
        // live refresh token per user, connector and client.
        const req = await login(client, oidc, { redirect: kWebClient.redirect });
        const before = await client.authorizationCodeGrant(oidc, req.callback, checksFor(req));
        await dex.restart();
        const fresh = jose.createRemoteJWKSet(new URL(oidc.serverMetadata().jwks_uri));
        await jose.jwtVerify(before.id_token, fresh, { issuer: dex.issuer, audience: kWebClient.id });
        assert.equal((await client.fetchUserInfo(oidc, before.access_token, kSub)).sub, kSub);
        const next = await client.refreshTokenGrant(oidc, before.refresh_token);
        assert.equal(next.claims().sub, kSub);
      });
    }
  });
}

describeDexcc('code flow with skipApprovalScreen', { config: config({ skipApprovalScreen: true }) }, (dex, it) => {
  it('goes from the connector straight to the client', kTimeout, async () => {
    const oidc = await discover(client, dex, kWebClient);
    const req = await login(client, oidc, { redirect: kWebClient.redirect });
    assert.deepEqual(req.pages, ['login'], 'no approval page');
    const t = await client.authorizationCodeGrant(oidc, req.callback, checksFor(req));
    assert.equal(t.claims().sub, kSub);
    assert.equal(t.claims().nonce, req.nonce);
  });
});
