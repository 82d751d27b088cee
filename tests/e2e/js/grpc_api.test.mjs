// Issue 16: every method of dex's gRPC admin API (api.Dex) called by an independent client
// (@grpc/grpc-js + @grpc/proto-loader on api/v2/api.proto) against the real binary over plaintext,
// on memory and SQLite storage: success and error answers as dex v2.45.1 gives them (status
// UNKNOWN with dex's text, or an already_exists / not_found flag), static entries read-only.
import assert from 'node:assert/strict';

import { describeDexcc } from './lib/dexcc.mjs';
import { encodeSub, kAdmin, kMockConnector, kWebClient, staticClient, staticPassword } from './lib/fixtures.mjs';
import { dexClient, grpcError } from './lib/grpc.mjs';

const kTimeout = { timeout: 120_000 };
const kHash10 = kAdmin.hash;  // bcrypt("password"), cost 10
const kHash4 = '$2a$04$' + 'a'.repeat(53);
const kHash17 = '$2a$17$' + 'a'.repeat(53);

const kConfig = {
  staticClients: [staticClient(kWebClient)],
  connectors: [kMockConnector],
  enablePasswordDB: true,
  staticPasswords: [staticPassword(kAdmin)],
};

const unknown = (details) => ({ code: 'UNKNOWN', details });

for (const storage of ['memory', 'sqlite']) {
  describeDexcc(`gRPC API on ${storage} storage`, { storage, config: kConfig, grpc: { reflection: false }, env: { DEX_API_CONNECTORS_CRUD: 'true' } }, (dex, it) => {
    let api;

    it('answers GetVersion and GetDiscovery', kTimeout, async () => {
      api = dexClient(dex.grpcAddress);
      const version = await api.GetVersion({});
      assert.equal(version.api, 3);
      assert.match(version.server, /^v2\.45\.1/);
      const discovery = await api.GetDiscovery({});
      const wellKnown = await (await fetch(dex.url('/.well-known/openid-configuration'))).json();
      for (const key of ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri', 'userinfo_endpoint',
        'device_authorization_endpoint', 'introspection_endpoint']) {
        assert.equal(discovery[key], wellKnown[key], key);
      }
      for (const key of ['grant_types_supported', 'response_types_supported', 'subject_types_supported',
        'id_token_signing_alg_values_supported', 'code_challenge_methods_supported', 'scopes_supported',
        'token_endpoint_auth_methods_supported', 'claims_supported']) {
        assert.deepEqual(discovery[key], wellKnown[key] ?? [], key);
      }
    });

    it('creates clients with generated IDs and secrets, flags duplicates, gets and lists them', kTimeout, async () => {
      const created = await api.CreateClient({ client: { redirect_uris: ['http://127.0.0.1:9/cb'], name: 'Generated' } });
      assert.equal(created.already_exists, false);
      assert.match(created.client.id, /^[a-z][a-z2-7]{24}$/);
      assert.match(created.client.secret, /^[a-z][a-z2-7]{24}[a-z][a-z2-7]{24}$/);
      const got = await api.GetClient({ id: created.client.id });
      assert.equal(got.client.secret, created.client.secret, 'GetClient includes the secret');
      assert.deepEqual(got.client.redirect_uris, ['http://127.0.0.1:9/cb']);

      const pub = await api.CreateClient({ client: { id: 'cli', public: true, name: 'CLI' } });
      assert.equal(pub.client.secret, '', 'a public client gets no secret');
      const dup = await api.CreateClient({ client: { id: 'cli', public: true } });
      assert.equal(dup.already_exists, true);
      assert.equal(dup.client, null);
      assert.deepEqual(await grpcError(api.CreateClient({}), 'no client'), unknown('no client supplied'));
      assert.deepEqual(await grpcError(api.GetClient({ id: 'nope' }), 'unknown client'), unknown('not found'));
      assert.deepEqual(await grpcError(api.GetClient({}), 'empty id'), unknown('not found'));

      const listed = await api.ListClients({});
      const ids = listed.clients.map((c) => c.id).sort();
      assert.deepEqual(ids, [created.client.id, 'cli', kWebClient.id].sort());
      assert.ok(listed.clients.every((c) => !('secret' in c)), 'ClientInfo has no secret');
      const stat = await api.GetClient({ id: kWebClient.id });
      assert.equal(stat.client.secret, kWebClient.secret, 'static clients are served too');
    });

    it('updates and deletes clients with not_found flags; static clients are read-only', kTimeout, async () => {
      assert.deepEqual(await api.UpdateClient({ id: 'cli', name: 'CLI 2', redirect_uris: ['http://localhost/a'] }), { not_found: false });
      const after = (await api.GetClient({ id: 'cli' })).client;
      assert.equal(after.name, 'CLI 2');
      assert.deepEqual(after.redirect_uris, ['http://localhost/a']);
      await api.UpdateClient({ id: 'cli', logo_url: 'http://logo' });
      const kept = (await api.GetClient({ id: 'cli' })).client;
      assert.equal(kept.name, 'CLI 2', 'empty fields keep their values');
      assert.deepEqual(kept.redirect_uris, ['http://localhost/a']);
      assert.equal(kept.logo_url, 'http://logo');
      assert.deepEqual(await api.UpdateClient({ id: 'nope', name: 'x' }), { not_found: true });
      assert.deepEqual(await grpcError(api.UpdateClient({ name: 'x' }), 'no id'), unknown('update client: no client ID supplied'));
      assert.deepEqual(await grpcError(api.UpdateClient({ id: kWebClient.id, name: 'x' }), 'static'),
        unknown('update client: static clients: read-only cannot update client'));
      assert.deepEqual(await grpcError(api.DeleteClient({ id: kWebClient.id }), 'static'),
        unknown('delete client: static clients: read-only cannot delete client'));
      assert.deepEqual(await api.DeleteClient({ id: 'cli' }), { not_found: false });
      assert.deepEqual(await api.DeleteClient({ id: 'cli' }), { not_found: true });
      assert.deepEqual(await api.DeleteClient({}), { not_found: true });
    });

    it('creates, updates, verifies, lists and deletes passwords with dex checks', kTimeout, async () => {
      const password = { email: 'Jane@Example.com', hash: Buffer.from(kHash10), username: 'jane', user_id: 'jane-1' };
      assert.deepEqual(await grpcError(api.CreatePassword({}), 'none'), unknown('no password supplied'));
      assert.deepEqual(await grpcError(api.CreatePassword({ password: { ...password, user_id: '' } }), 'no user'), unknown('no user ID supplied'));
      assert.deepEqual(await grpcError(api.CreatePassword({ password: { ...password, hash: Buffer.alloc(0) } }), 'no hash'),
        unknown('no hash of password supplied'));
      assert.deepEqual(await grpcError(api.CreatePassword({ password: { ...password, hash: Buffer.from(kHash4) } }), 'cost 4'),
        unknown('given hash cost = 4 does not meet minimum cost requirement = 10'));
      assert.deepEqual(await grpcError(api.CreatePassword({ password: { ...password, hash: Buffer.from(kHash17) } }), 'cost 17'),
        unknown('given hash cost = 17 is above upper bound cost = 16, recommended cost = 12'));
      assert.deepEqual(await grpcError(api.CreatePassword({ password: { ...password, hash: Buffer.from('password') } }), 'plain'),
        unknown('parsing bcrypt hash: crypto/bcrypt: hashedSecret too short to be a bcrypted password'));
      assert.deepEqual(await api.CreatePassword({ password }), { already_exists: false });
      assert.deepEqual(await api.CreatePassword({ password }), { already_exists: true });

      assert.deepEqual(await api.VerifyPassword({ email: 'jane@example.com', password: 'password' }), { verified: true, not_found: false });
      assert.deepEqual(await api.VerifyPassword({ email: 'jane@example.com', password: 'wrong' }), { verified: false, not_found: false });
      assert.deepEqual(await api.VerifyPassword({ email: 'nobody@example.com', password: 'x' }), { verified: false, not_found: true });
      assert.deepEqual(await api.VerifyPassword({ email: kAdmin.email, password: kAdmin.password }), { verified: true, not_found: false });
      assert.deepEqual(await grpcError(api.VerifyPassword({ password: 'x' }), 'no email'), unknown('no email supplied'));
      assert.deepEqual(await grpcError(api.VerifyPassword({ email: 'a@b' }), 'no password'), unknown('no password to verify supplied'));

      assert.deepEqual(await grpcError(api.UpdatePassword({ new_username: 'x' }), 'no email'), unknown('no email supplied'));
      assert.deepEqual(await grpcError(api.UpdatePassword({ email: 'jane@example.com' }), 'nothing'), unknown('nothing to update'));
      assert.deepEqual(await grpcError(api.UpdatePassword({ email: 'jane@example.com', new_hash: Buffer.from(kHash4) }), 'cost'),
        unknown('given hash cost = 4 does not meet minimum cost requirement = 10'));
      assert.deepEqual(await api.UpdatePassword({ email: 'jane@example.com', new_username: 'janed' }), { not_found: false });
      assert.deepEqual(await api.UpdatePassword({ email: 'nobody@example.com', new_username: 'x' }), { not_found: true });
      assert.deepEqual(await grpcError(api.UpdatePassword({ email: kAdmin.email, new_username: 'x' }), 'static'),
        unknown('update password: static passwords: read-only cannot update password'));

      const listed = (await api.ListPasswords({})).passwords;
      const jane = listed.find((p) => p.email === 'jane@example.com');
      assert.deepEqual({ ...jane, hash: jane.hash.length }, { email: 'jane@example.com', hash: 0, username: 'janed', user_id: 'jane-1' });
      assert.ok(listed.some((p) => p.email === kAdmin.email), 'static passwords are listed');
      assert.ok(listed.every((p) => p.hash.length === 0), 'no hash is listed');

      assert.deepEqual(await grpcError(api.DeletePassword({}), 'no email'), unknown('no email supplied'));
      assert.deepEqual(await grpcError(api.DeletePassword({ email: kAdmin.email }), 'static'),
        unknown('delete password: static passwords: read-only cannot delete password'));
      assert.deepEqual(await api.DeletePassword({ email: 'JANE@example.com' }), { not_found: false });
      assert.deepEqual(await api.DeletePassword({ email: 'jane@example.com' }), { not_found: true });
    });

    it('manages connectors when DEX_API_CONNECTORS_CRUD=true; static ones are read-only', kTimeout, async () => {
      const connector = { id: 'api-mock', type: 'mockCallback', name: 'API Mock', config: Buffer.from('{}') };
      assert.deepEqual(await grpcError(api.CreateConnector({}), 'none'), unknown('no connector supplied'));
      assert.deepEqual(await grpcError(api.CreateConnector({ connector: { ...connector, id: '' } }), 'id'), unknown('no id supplied'));
      assert.deepEqual(await grpcError(api.CreateConnector({ connector: { ...connector, type: '' } }), 'type'), unknown('no type supplied'));
      assert.deepEqual(await grpcError(api.CreateConnector({ connector: { ...connector, name: '' } }), 'name'), unknown('no name supplied'));
      assert.deepEqual(await grpcError(api.CreateConnector({ connector: { ...connector, config: Buffer.alloc(0) } }), 'config'),
        unknown('no config supplied'));
      assert.deepEqual(await grpcError(api.CreateConnector({ connector: { ...connector, config: Buffer.from('{x') } }), 'json'),
        unknown('invalid config supplied'));
      assert.deepEqual(await api.CreateConnector({ connector }), { already_exists: false });
      assert.deepEqual(await api.CreateConnector({ connector }), { already_exists: true });
      assert.deepEqual(await grpcError(api.CreateConnector({ connector: { ...connector, id: 'mock' } }), 'static'),
        unknown('create connector: static connectors: read-only cannot create connector'));

      assert.deepEqual(await grpcError(api.UpdateConnector({ new_name: 'x' }), 'no id'), unknown('no email supplied'));
      assert.deepEqual(await grpcError(api.UpdateConnector({ id: 'api-mock' }), 'nothing'), unknown('nothing to update'));
      assert.deepEqual(await grpcError(api.UpdateConnector({ id: 'api-mock', new_name: 'x' }), 'no config'),
        unknown('invalid config supplied'));
      assert.deepEqual(await api.UpdateConnector({ id: 'api-mock', new_name: 'API Mock 2', new_config: Buffer.from('{}') }), { not_found: false });
      assert.deepEqual(await api.UpdateConnector({ id: 'nope', new_name: 'x', new_config: Buffer.from('{}') }), { not_found: true });
      assert.deepEqual(await grpcError(api.UpdateConnector({ id: 'mock', new_name: 'x', new_config: Buffer.from('{}') }), 'static'),
        unknown('update connector: static connectors: read-only cannot update connector'));

      const listed = (await api.ListConnectors({})).connectors;
      const mine = listed.find((c) => c.id === 'api-mock');
      assert.equal(mine.name, 'API Mock 2');
      assert.equal(mine.type, 'mockCallback');
      assert.equal(mine.config.toString(), '{}');
      assert.ok(listed.some((c) => c.id === 'mock'), 'static connectors are listed');
      assert.ok(listed.some((c) => c.id === 'local'), 'the password DB connector is listed');

      assert.deepEqual(await grpcError(api.DeleteConnector({}), 'no id'), unknown('no id supplied'));
      assert.deepEqual(await grpcError(api.DeleteConnector({ id: 'mock' }), 'static'),
        unknown('delete connector: static connectors: read-only cannot delete connector'));
      assert.deepEqual(await api.DeleteConnector({ id: 'api-mock' }), { not_found: false });
      assert.deepEqual(await api.DeleteConnector({ id: 'api-mock' }), { not_found: true });
    });

    it('lists and revokes refresh tokens by the sub claim', kTimeout, async () => {
      const sub = encodeSub('nobody', 'mock');
      assert.deepEqual(await api.ListRefresh({ user_id: sub }), { refresh_tokens: [] });
      assert.deepEqual(await api.RevokeRefresh({ user_id: sub, client_id: kWebClient.id }), { not_found: true });
      const bad = await grpcError(api.ListRefresh({ user_id: '!!' }), 'not base64url');
      assert.equal(bad.code, 'UNKNOWN');
      assert.match(bad.details, /illegal base64 data/);
      assert.equal((await grpcError(api.RevokeRefresh({ user_id: '!!', client_id: 'x' }), 'not base64url')).code, 'UNKNOWN');
      api.close();
    });
  });
}

// The address comes from --grpc-addr here (the config has no grpc.addr).
describeDexcc('gRPC API without DEX_API_CONNECTORS_CRUD', { config: kConfig, grpc: {}, grpcFlag: true, env: { DEX_API_CONNECTORS_CRUD: 'false' } }, (dex, it) => {
  it('refuses every connector method as dex does', kTimeout, async () => {
    const api = dexClient(dex.grpcAddress);
    const refused = unknown('api_connectors_crud feature flag is not enabled');
    assert.deepEqual(await grpcError(api.ListConnectors({}), 'list'), refused);
    assert.deepEqual(await grpcError(api.CreateConnector({}), 'create'), refused);
    assert.deepEqual(await grpcError(api.UpdateConnector({ id: 'mock' }), 'update'), refused);
    assert.deepEqual(await grpcError(api.DeleteConnector({ id: 'mock' }), 'delete'), refused);
    assert.equal((await api.GetVersion({})).api, 3, 'the other methods still answer');
    api.close();
  });

  it('warns that the API runs without client certificates', kTimeout, async () => {
    assert.match(dex.logText, /gRPC API runs without client certificates/);
  });
});
