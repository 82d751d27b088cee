// Issue 16: bad input to the gRPC API gets a gRPC error and never stops the server: oversized
// messages (4 MiB receive limit), invalid UTF-8 in string fields, malformed protobuf, unknown
// methods, malformed hashes and empty IDs; unknown fields are ignored as dex (Go protobuf) ignores
// them. Raw frames are sent with grpc-js's generic client, bypassing the .proto's encoder.
import assert from 'node:assert/strict';

import { describeDexcc } from './lib/dexcc.mjs';
import { kMockConnector } from './lib/fixtures.mjs';
import { credentials, dexClient, grpc, grpcError } from './lib/grpc.mjs';

const kTimeout = { timeout: 120_000 };
const identity = (b) => b;

// One call of `method` with `bytes` as the request message; resolves to the raw answer or rejects.
function rawCall(address, method, bytes) {
  const client = new grpc.Client(address, credentials());
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(`/api.Dex/${method}`, identity, identity, bytes, { deadline: Date.now() + 30_000 }, (err, resp) => {
      client.close();
      if (err) reject(err);
      else resolve(resp);
    });
  });
}

const kConfig = { connectors: [kMockConnector], enablePasswordDB: true };

describeDexcc('gRPC API bad input', { config: kConfig, grpc: {}, env: { DEX_API_CONNECTORS_CRUD: 'true' } }, (dex, it) => {
  let api;

  it('refuses a request over 4 MiB with RESOURCE_EXHAUSTED', kTimeout, async () => {
    api = dexClient(dex.grpcAddress);
    const e = await grpcError(api.CreateClient({ client: { id: 'big', name: 'x'.repeat(5 * 1024 * 1024) } }), 'oversized');
    assert.equal(e.code, 'RESOURCE_EXHAUSTED');
    assert.deepEqual(await grpcError(api.GetClient({ id: 'big' }), 'not created'), { code: 'UNKNOWN', details: 'not found' });
    const fits = await api.CreateClient({ client: { id: 'large', name: 'x'.repeat(1024 * 1024) } });
    assert.equal(fits.client.name.length, 1024 * 1024, 'a 1 MiB name is below the limit');
  });

  it('refuses invalid UTF-8 in a string field and malformed protobuf with INTERNAL', kTimeout, async () => {
    // GetClientReq{id = "\xff\xfe"}: field 1, length-delimited, two bytes that are not UTF-8.
    const utf8 = await grpcError(rawCall(dex.grpcAddress, 'GetClient', Buffer.from([0x0a, 0x02, 0xff, 0xfe])), 'invalid UTF-8');
    assert.equal(utf8.code, 'INTERNAL');
    // CreateClientReq{client} whose length runs past the end of the message.
    const truncated = await grpcError(rawCall(dex.grpcAddress, 'CreateClient', Buffer.from([0x0a, 0x05, 0x0a])), 'truncated');
    assert.equal(truncated.code, 'INTERNAL');
    // A field tag of 0 is never valid protobuf.
    const zeroTag = await grpcError(rawCall(dex.grpcAddress, 'GetVersion', Buffer.from([0x00, 0x01])), 'tag 0');
    assert.equal(zeroTag.code, 'INTERNAL');
  });

  it('ignores unknown fields, as dex does', kTimeout, async () => {
    // VersionReq with field 99 (varint 1) and field 100 (bytes "x"), neither in the .proto.
    const answer = await rawCall(dex.grpcAddress, 'GetVersion', Buffer.from([0x98, 0x06, 0x01, 0xa2, 0x06, 0x01, 0x78]));
    assert.ok(answer.length > 0, 'a VersionResp came back');
    assert.match(answer.toString('latin1'), /v2\.45\.1/);
  });

  it('answers an unknown method with UNIMPLEMENTED', kTimeout, async () => {
    const e = await grpcError(rawCall(dex.grpcAddress, 'GetPrivilegeToken', Buffer.alloc(0)), 'unknown method');
    assert.equal(e.code, 'UNIMPLEMENTED');
  });

  it('answers malformed hashes with dex texts', kTimeout, async () => {
    const create = (hash) => api.CreatePassword({ password: { email: 'h@example.com', user_id: 'h', hash: Buffer.from(hash, 'latin1') } });
    assert.deepEqual(await grpcError(create('\xff'.repeat(60)), 'not bcrypt'),
      { code: 'UNKNOWN', details: "parsing bcrypt hash: crypto/bcrypt: bcrypt hashes must start with '$', but hashedSecret started with 'ÿ'" });
    assert.deepEqual(await grpcError(create('$9a$10$' + 'a'.repeat(53)), 'version'),
      { code: 'UNKNOWN', details: "parsing bcrypt hash: crypto/bcrypt: bcrypt algorithm version '9' requested is newer than current version '2'" });
    assert.deepEqual(await grpcError(create('$2a$1x$' + 'a'.repeat(53)), 'cost digits'),
      { code: 'UNKNOWN', details: 'parsing bcrypt hash: strconv.Atoi: parsing "1x": invalid syntax' });
    assert.deepEqual(await grpcError(create('$2a$99$' + 'a'.repeat(53)), 'cost range'),
      { code: 'UNKNOWN', details: 'parsing bcrypt hash: crypto/bcrypt: cost 99 is outside allowed range (4,31)' });
    // A well-formed cost with a salt and hash that are no bcrypt: stored as dex stores it, and it verifies nothing.
    assert.deepEqual(await create('$2a$10$' + '!'.repeat(53)), { already_exists: false });
    assert.deepEqual(await api.VerifyPassword({ email: 'h@example.com', password: 'x' }), { verified: false, not_found: false });
  });

  it('answers empty IDs with dex errors or flags', kTimeout, async () => {
    const unknown = (details) => ({ code: 'UNKNOWN', details });
    assert.deepEqual(await grpcError(api.GetClient({ id: '' }), 'get'), unknown('not found'));
    assert.deepEqual(await grpcError(api.UpdateClient({ id: '' }), 'update'), unknown('update client: no client ID supplied'));
    assert.deepEqual(await api.DeleteClient({ id: '' }), { not_found: true });
    assert.deepEqual(await grpcError(api.UpdatePassword({ email: '' }), 'update'), unknown('no email supplied'));
    assert.deepEqual(await grpcError(api.DeletePassword({ email: '' }), 'delete'), unknown('no email supplied'));
    assert.deepEqual(await grpcError(api.UpdateConnector({ id: '' }), 'update'), unknown('no email supplied'));
    assert.deepEqual(await grpcError(api.DeleteConnector({ id: '' }), 'delete'), unknown('no id supplied'));
    assert.deepEqual(await api.ListRefresh({ user_id: '' }), { refresh_tokens: [] });
    assert.deepEqual(await api.RevokeRefresh({ user_id: '', client_id: '' }), { not_found: true });
  });

  it('answers 200 calls at once and is still up', kTimeout, async () => {
    const calls = Array.from({ length: 200 }, (_, i) => api.CreateClient({ client: { id: `many-${i}`, public: true } }));
    const answers = await Promise.all(calls);
    assert.ok(answers.every((a) => a.already_exists === false));
    assert.equal((await api.ListClients({})).clients.filter((c) => c.id.startsWith('many-')).length, 200);
    assert.equal((await api.GetVersion({})).api, 3);
    api.close();
  });
});
