// Issue 16: what the gRPC API changes is live at once in the HTTP flows, with no restart: a client
// created over gRPC logs in (openid-client, code flow) and a deleted one cannot; a password created
// logs in through the local connector; a revoked refresh token fails at /token; a connector created
// over gRPC appears on the login page and logs in, is renamed by an update and gone after delete.
import assert from 'node:assert/strict';

import { browse, connectorLinks } from './lib/browse.mjs';
import { describeDexcc } from './lib/dexcc.mjs';
import { encodeSub, kAdmin, kMockConnector, kMockUser, rejection } from './lib/fixtures.mjs';
import { dexClient } from './lib/grpc.mjs';
import { authorizationRequest, checksFor, discover, login } from './lib/oidc.mjs';
import { loadPackages } from './lib/packages.mjs';

const { 'openid-client': client } = await loadPackages('openid-client');

const kTimeout = { timeout: 180_000 };
const kApp = { id: 'grpc-app', secret: 'grpc-app-secret', redirect: 'http://127.0.0.1:5555/callback' };
const kUser = { email: 'live@example.com', password: 'password', hash: kAdmin.hash, username: 'live', userId: 'live-1' };

// The connector IDs dexcc's login page links to for a fresh authorization request, and its HTML.
async function loginPageConnectors(oidc) {
  const req = await authorizationRequest(client, oidc, { redirect: kApp.redirect });
  const r = await fetch(req.url, { redirect: 'manual', signal: AbortSignal.timeout(30_000) });
  assert.equal(r.status, 200, 'the login page lists the connectors');
  const html = await r.text();
  return { ids: Object.keys(connectorLinks(html)).sort(), html };
}

for (const storage of ['memory', 'sqlite']) {
  const options = { storage, config: { connectors: [kMockConnector], enablePasswordDB: true }, grpc: {}, env: { DEX_API_CONNECTORS_CRUD: 'true' } };
  describeDexcc(`gRPC API changes are live on ${storage} storage`, options, (dex, it) => {
    let api;
    let oidc;
    let tokens;

    it('a client created over gRPC logs in at once', kTimeout, async () => {
      api = dexClient(dex.grpcAddress);
      const created = await api.CreateClient({ client: { id: kApp.id, secret: kApp.secret, name: 'gRPC App', redirect_uris: [kApp.redirect] } });
      assert.equal(created.already_exists, false);
      oidc = await discover(client, dex, kApp);
      const req = await login(client, oidc, { redirect: kApp.redirect });
      tokens = await client.authorizationCodeGrant(oidc, req.callback, checksFor(req));
      assert.equal(tokens.claims().aud, kApp.id);
      assert.equal(tokens.claims().sub, encodeSub(kMockUser.userId, 'mock'));
      assert.ok(tokens.refresh_token);
    });

    it('lists the refresh token, and a revoked one fails at /token', kTimeout, async () => {
      const sub = encodeSub(kMockUser.userId, 'mock');
      const listed = await api.ListRefresh({ user_id: sub });
      assert.equal(listed.refresh_tokens.length, 1);
      const [ref] = listed.refresh_tokens;
      assert.equal(ref.client_id, kApp.id);
      assert.ok(ref.created_at > 1_700_000_000 && ref.last_used >= ref.created_at, JSON.stringify(ref));

      assert.deepEqual(await api.RevokeRefresh({ user_id: sub, client_id: kApp.id }), { not_found: false });
      assert.deepEqual(await api.ListRefresh({ user_id: sub }), { refresh_tokens: [] });
      const e = await rejection(client.refreshTokenGrant(oidc, tokens.refresh_token), 'revoked refresh token');
      assert.ok(e instanceof client.ResponseBodyError, String(e));
      assert.deepEqual({ status: e.status, error: e.error }, { status: 400, error: 'invalid_request' }, 'as dex v2.45.1 answers');
      assert.deepEqual(await api.RevokeRefresh({ user_id: sub, client_id: kApp.id }), { not_found: true });
    });

    it('a password created over gRPC logs in through the local connector', kTimeout, async () => {
      await api.CreatePassword({ password: { email: kUser.email, hash: Buffer.from(kUser.hash), username: kUser.username, user_id: kUser.userId } });
      const req = await login(client, oidc, { redirect: kApp.redirect, connector: 'local', username: kUser.email, password: kUser.password });
      const got = await client.authorizationCodeGrant(oidc, req.callback, checksFor(req));
      assert.equal(got.claims().email, kUser.email);
      assert.equal(got.claims().sub, encodeSub(kUser.userId, 'local'));
      // dex v2.45.1 deadlocks its storage here (the refresh holds the lock while it reads the password).
      const refreshed = await client.refreshTokenGrant(oidc, got.refresh_token);
      assert.equal(refreshed.claims().email, kUser.email);
      assert.equal((await api.VerifyPassword({ email: kUser.email, password: kUser.password })).verified, true);

      await api.DeletePassword({ email: kUser.email });
      const again = await authorizationRequest(client, oidc, { redirect: kApp.redirect });
      const walk = await browse(again.url, { stopAt: kApp.redirect, connector: 'local', username: kUser.email, password: kUser.password });
      assert.equal(walk.redirect, undefined, 'a deleted password no longer logs in');
    });

    it('a connector created over gRPC is on the login page and logs in; updates and deletes are live', kTimeout, async () => {
      await api.CreateConnector({ connector: { id: 'api-mock', type: 'mockCallback', name: 'Made over gRPC', config: Buffer.from('{}') } });
      const page = await loginPageConnectors(oidc);
      assert.deepEqual(page.ids, ['api-mock', 'local', 'mock']);
      assert.match(page.html, /Made over gRPC/);

      const req = await login(client, oidc, { redirect: kApp.redirect, connector: 'api-mock' });
      const got = await client.authorizationCodeGrant(oidc, req.callback, checksFor(req));
      assert.equal(got.claims().sub, encodeSub(kMockUser.userId, 'api-mock'));

      await api.UpdateConnector({ id: 'api-mock', new_name: 'Renamed over gRPC', new_config: Buffer.from('{}') });
      assert.match((await loginPageConnectors(oidc)).html, /Renamed over gRPC/);
      const renamed = await login(client, oidc, { redirect: kApp.redirect, connector: 'api-mock' });
      await client.authorizationCodeGrant(oidc, renamed.callback, checksFor(renamed));

      await api.DeleteConnector({ id: 'api-mock' });
      assert.deepEqual((await loginPageConnectors(oidc)).ids, ['local', 'mock']);
    });

    it('a client deleted over gRPC can no longer log in or refresh', kTimeout, async () => {
      const req = await login(client, oidc, { redirect: kApp.redirect });
      const fresh = await client.authorizationCodeGrant(oidc, req.callback, checksFor(req));
      assert.deepEqual(await api.DeleteClient({ id: kApp.id }), { not_found: false });

      const e = await rejection(client.refreshTokenGrant(oidc, fresh.refresh_token), 'refresh by a deleted client');
      assert.equal(e.status, 401, String(e));
      const again = await authorizationRequest(client, oidc, { redirect: kApp.redirect });
      const walk = await browse(again.url, { stopAt: kApp.redirect, connector: 'mock' });
      assert.equal(walk.redirect, undefined, 'no redirect back to a deleted client');
      assert.equal(walk.status, 404, 'dex answers an unknown client_id with 404');
      api.close();
    });
  });
}
